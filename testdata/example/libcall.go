package example

import (
	"strconv"
	"strings"
)

// fieldLengths splits each line into a slice and formats each length into
// a new string: libcall reports both (and fixes them).
func fieldLengths(lines []string, buf []byte) []byte {
	for _, line := range lines {
		for _, f := range strings.Split(line, ",") {
			buf = append(buf, strconv.Itoa(len(f))...)
		}
	}
	return buf
}

// fieldLengthsSeq ranges over the parts and appends the digits.
func fieldLengthsSeq(lines []string, buf []byte) []byte {
	for _, line := range lines {
		for f := range strings.SplitSeq(line, ",") {
			buf = strconv.AppendInt(buf, int64(len(f)), 10)
		}
	}
	return buf
}
