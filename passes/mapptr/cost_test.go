package mapptr_test

import (
	"runtime"
	"testing"
)

// Values of 16, 32, 64 (the default max-size) and 128 bytes (the largest a
// map stores inline).
type (
	v16  struct{ a [2]int64 }
	v32  struct{ a [4]int64 }
	v64  struct{ a [8]int64 }
	v128 struct{ a [16]int64 }
)

const entries = 100_000

var sink any

// The pattern mapptr reports: a new value per entry behind a pointer.
func ptr16(n int) any {
	m := make(map[int]*v16)
	for i := range n {
		m[i] = &v16{a: [2]int64{int64(i)}}
	}
	return m
}

func ptr32(n int) any {
	m := make(map[int]*v32)
	for i := range n {
		m[i] = &v32{a: [4]int64{int64(i)}}
	}
	return m
}

func ptr64(n int) any {
	m := make(map[int]*v64)
	for i := range n {
		m[i] = &v64{a: [8]int64{int64(i)}}
	}
	return m
}

func ptr128(n int) any {
	m := make(map[int]*v128)
	for i := range n {
		m[i] = &v128{a: [16]int64{int64(i)}}
	}
	return m
}

// What it suggests: the values in the map's own slots.
func val16(n int) any {
	m := make(map[int]v16)
	for i := range n {
		m[i] = v16{a: [2]int64{int64(i)}}
	}
	return m
}

func val32(n int) any {
	m := make(map[int]v32)
	for i := range n {
		m[i] = v32{a: [4]int64{int64(i)}}
	}
	return m
}

func val64(n int) any {
	m := make(map[int]v64)
	for i := range n {
		m[i] = v64{a: [8]int64{int64(i)}}
	}
	return m
}

func val128(n int) any {
	m := make(map[int]v128)
	for i := range n {
		m[i] = v128{a: [16]int64{int64(i)}}
	}
	return m
}

var (
	bad = []struct {
		name  string
		build func(int) any
	}{{"size=16", ptr16}, {"size=32", ptr32}, {"size=64", ptr64}, {"size=128", ptr128}}
	good = []struct {
		name  string
		build func(int) any
	}{{"size=16", val16}, {"size=32", val32}, {"size=64", val64}, {"size=128", val128}}
)

// liveB returns the heap bytes per entry still in use for the result of
// build(n).
func liveB(build func(int) any, n int) float64 {
	var before, after runtime.MemStats
	sink = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	sink = build(n)
	runtime.GC()
	runtime.ReadMemStats(&after)
	sink = nil
	return (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / float64(n)
}

func BenchmarkBad(b *testing.B) {
	for _, c := range bad {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = c.build(entries)
			}
			b.ReportMetric(liveB(c.build, entries), "live-B/entry")
		})
	}
}

func BenchmarkGood(b *testing.B) {
	for _, c := range good {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = c.build(entries)
			}
			b.ReportMetric(liveB(c.build, entries), "live-B/entry")
		})
	}
}

func TestCost(t *testing.T) {
	for i := range bad {
		p := testing.AllocsPerRun(5, func() { sink = bad[i].build(1000) })
		v := testing.AllocsPerRun(5, func() { sink = good[i].build(1000) })
		if p <= v {
			t.Errorf("%s: map of pointers %v allocs/op, map of values %v; want more for the pointers", bad[i].name, p, v)
		}
		t.Logf("%s, 1000 entries: pointers %v allocs/op, values %v allocs/op", bad[i].name, p, v)
	}
}
