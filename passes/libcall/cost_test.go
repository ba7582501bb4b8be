package libcall_test

import (
	"strconv"
	"strings"
	"testing"
)

var lines = []string{"1,22,333,4444", "55555,6,77,888", "9999,10101,11,12", "131313,14,1515,161616"}

// perLine is the pattern libcall reports: a slice of parts per line and a
// string per number.
func perLine(buf []byte) []byte {
	for _, line := range lines {
		for _, f := range strings.Split(line, ",") {
			buf = append(buf, strconv.Itoa(len(f)*1000)...)
		}
	}
	return buf
}

// seq is what it advises: the Seq form and the Append form.
func seq(buf []byte) []byte {
	for _, line := range lines {
		for f := range strings.SplitSeq(line, ",") {
			buf = strconv.AppendInt(buf, int64(len(f)*1000), 10)
		}
	}
	return buf
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 1024)
	for b.Loop() {
		buf = perLine(buf[:0])
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 1024)
	for b.Loop() {
		buf = seq(buf[:0])
	}
}

func TestCost(t *testing.T) {
	buf := make([]byte, 0, 1024)
	bad := testing.AllocsPerRun(100, func() { buf = perLine(buf[:0]) })
	good := testing.AllocsPerRun(100, func() { buf = seq(buf[:0]) })
	if bad <= good {
		t.Errorf("Split and Itoa: %v allocs/op, SplitSeq and AppendInt: %v; want more", bad, good)
	}
	t.Logf("Split and Itoa: %v allocs/op, SplitSeq and AppendInt: %v allocs/op", bad, good)
}
