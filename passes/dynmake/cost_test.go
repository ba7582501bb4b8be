package dynmake_test

import (
	"io"
	"testing"
)

var sizes = []int{512, 1024, 2048, 4096, 700, 3000, 100, 4000}

// perIteration is the pattern dynmake reports: a buffer per iteration,
// escaping into an io.Writer.
func perIteration(w io.Writer) {
	for _, n := range sizes {
		buf := make([]byte, n)
		buf[0] = byte(n)
		w.Write(buf)
	}
}

// hoisted is what it suggests: one buffer, resized.
func hoisted(w io.Writer) {
	var buf []byte
	for _, n := range sizes {
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		buf[0] = byte(n)
		w.Write(buf)
	}
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		perIteration(io.Discard)
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		hoisted(io.Discard)
	}
}

func TestCost(t *testing.T) {
	bad := testing.AllocsPerRun(100, func() { perIteration(io.Discard) })
	good := testing.AllocsPerRun(100, func() { hoisted(io.Discard) })
	if bad <= good {
		t.Errorf("a buffer per iteration: %v allocs/op, hoisted: %v; want more per iteration", bad, good)
	}
	t.Logf("per iteration: %v allocs/op, hoisted: %v allocs/op", bad, good)
}
