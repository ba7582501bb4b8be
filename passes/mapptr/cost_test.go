package mapptr_test

import (
	_ "embed"
	"runtime"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/passes/mapptr"
)

//go:embed doc.go
var doc string

// The doc's Bad and Good forms (TestDocForms holds them to doc.go).

type point struct{ x, y float64 }

type rec struct {
	id   int
	x, y float64
}

var (
	ps      = make([]rec, 1000)
	sinkPtr map[int]*point
	sinkVal map[int]point
)

func docBad() {
	byID := make(map[int]*point, len(ps))
	for _, p := range ps {
		byID[p.id] = &point{x: p.x, y: p.y}
	}
	sinkPtr = byID
}

func docGood() {
	byID := make(map[int]point, len(ps))
	for _, p := range ps {
		byID[p.id] = point{x: p.x, y: p.y}
	}
	sinkVal = byID
}

func init() {
	for i := range ps {
		ps[i].id = i
	}
}

// The other allocations it reports: new(V), and a local moved to the heap
// by taking its address; the remedy is the same map of values.
func newPtr(n int) any {
	m := make(map[int]*v16, n)
	for i := range n {
		v := new(v16)
		v.a[0] = int64(i)
		m[i] = v
	}
	return m
}

func localPtr(n int) any {
	m := make(map[int]*v16, n)
	for i := range n {
		v := v16{a: [2]int64{int64(i)}}
		m[i] = &v
	}
	return m
}

func valuesSized(n int) any {
	m := make(map[int]v16, n)
	for i := range n {
		m[i] = v16{a: [2]int64{int64(i)}}
	}
	return m
}

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

func TestDocForms(t *testing.T) {
	doccost.Forms(t, doc, "mapptr", "cost_test.go", []string{"docBad"}, []string{"docGood"})
}

// TestCost measures the doc's forms, each allocation the check reports
// against the map of values it advises, at every value size, and holds the
// doc's figures (100,000 entries of 64 bytes, grown from empty) to them.
func TestCost(t *testing.T) {
	doccost.Less(t, "doc: &point{} per entry / map of values", docBad, docGood)
	doccost.Less(t, "new(V) per entry / map of values", func() { sink = newPtr(1000) }, func() { sink = valuesSized(1000) })
	doccost.Less(t, "&local per entry / map of values", func() { sink = localPtr(1000) }, func() { sink = valuesSized(1000) })
	for i := range bad {
		doccost.Less(t, bad[i].name+", 1000 entries", func() { sink = bad[i].build(1000) }, func() { sink = good[i].build(1000) })
	}
	if testing.Short() {
		return
	}
	ptr := doccost.Measure(3, func() { sink = ptr64(entries) })
	val := doccost.Measure(3, func() { sink = val64(entries) })
	doccost.Quoted(t, doc, "mapptr", 0.05, ptr, val)
}

func TestExample(t *testing.T) {
	doccost.Example(t, mapptr.Analyzer, "../../testdata/example", "mapptr.go")
}
