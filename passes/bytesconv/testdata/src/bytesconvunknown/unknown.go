package bytesconvunknown

import (
	"strconv"
	"strings"
)

func sum(fields [][]byte) int {
	n := 0
	for _, f := range fields {
		v, _ := strconv.Atoi(string(f)) // want `converting f to string may allocate on each iteration: it does not escape, but a result longer than 32 bytes does not fit the stack buffer`
		n += v
	}
	return n
}

func firstRunes(lines []string) int {
	n := 0
	for _, l := range lines {
		r := []rune(l) // want `converting l to \[\]rune may allocate on each iteration: it does not escape, but a result longer than 32 runes`
		n += int(r[0])
	}
	return n
}

// copyFree forms stay silent.
func copyFree(m map[string]int, keys [][]byte) int {
	n := 0
	for _, k := range keys {
		n += m[string(k)]
		if string(k) == "x" {
			n++
		}
		n += len([]rune(string(k))) // want `converting k to string may allocate`
		n += strings.Count(string([]byte("abc")), "a")
	}
	return n
}

// bytes conversions that do not escape may share the string's bytes
// (Go 1.22+): not reported.
func bytesLocal(lines []string) int {
	n := 0
	for _, l := range lines {
		b := []byte(l)
		n += len(b)
	}
	return n
}
