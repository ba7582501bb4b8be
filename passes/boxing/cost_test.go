package boxing_test

import (
	"fmt"
	"io"
	"strconv"
	"testing"
)

type point struct{ X, Y, Z float64 }

var points = []point{{1, 2, 3}, {4.5, 5.5, 6.5}, {7, 8, 9}, {10, 11, 12}}

// boxed is the pattern boxing reports: each point is copied into a new
// heap object to become fmt's ...any argument.
func boxed(w io.Writer) {
	for _, p := range points {
		fmt.Fprintln(w, p)
	}
}

// formatted is what it suggests: append-style formatting into one buffer.
func formatted(w io.Writer, buf []byte) []byte {
	for _, p := range points {
		buf = append(buf[:0], '{')
		buf = strconv.AppendFloat(buf, p.X, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, p.Y, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, p.Z, 'g', -1, 64)
		buf = append(buf, '}', '\n')
		w.Write(buf)
	}
	return buf
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		boxed(io.Discard)
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 64)
	for b.Loop() {
		buf = formatted(io.Discard, buf)
	}
}

func TestCost(t *testing.T) {
	buf := make([]byte, 0, 64)
	bad := testing.AllocsPerRun(100, func() { boxed(io.Discard) })
	good := testing.AllocsPerRun(100, func() { buf = formatted(io.Discard, buf) })
	if bad <= good {
		t.Errorf("boxed: %v allocs/op, formatted: %v; want more when boxed", bad, good)
	}
	t.Logf("boxed: %v allocs/op, formatted: %v allocs/op", bad, good)
}
