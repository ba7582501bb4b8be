package strconcat_test

import (
	"fmt"
	"strings"
	"testing"
)

var parts = func() []string {
	ps := make([]string, 100)
	for i := range ps {
		ps[i] = fmt.Sprintf("part%04d", i) // 8 bytes
	}
	return ps
}()

// concat is the pattern strconcat reports.
func concat() string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}

// builder is its fix.
func builder() string {
	var s strings.Builder
	for _, p := range parts {
		s.WriteString(p)
	}
	return s.String()
}

// sprintfAccum rebuilds the string with fmt.Sprintf.
func sprintfAccum() string {
	s := ""
	for i := range parts {
		s = fmt.Sprintf("%s%d,", s, i)
	}
	return s
}

// fprintf is its fix.
func fprintf() string {
	var s strings.Builder
	for i := range parts {
		fmt.Fprintf(&s, "%d,", i)
	}
	return s.String()
}

var sink string

var cases = []struct {
	name      string
	bad, good func() string
}{
	{"concat", concat, builder},
	{"sprintf", sprintfAccum, fprintf},
}

func BenchmarkBad(b *testing.B) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = c.bad()
			}
		})
	}
}

func BenchmarkGood(b *testing.B) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = c.good()
			}
		})
	}
}

// TestGoodAllocatesLess holds the advice to its promise.
func TestGoodAllocatesLess(t *testing.T) {
	for _, c := range cases {
		if c.bad() != c.good() {
			t.Errorf("%s: the good form builds a different string", c.name)
		}
		bad := testing.AllocsPerRun(20, func() { sink = c.bad() })
		good := testing.AllocsPerRun(20, func() { sink = c.good() })
		if bad <= good {
			t.Errorf("%s: bad %v allocs/op, good %v; want more for bad", c.name, bad, good)
		}
		t.Logf("%s: bad %v allocs/op, good %v allocs/op", c.name, bad, good)
	}
}
