package addrescape_test

import "testing"

type item struct {
	id    int
	name  string
	score float64
}

var items = func() []item {
	xs := make([]item, 100)
	for i := range xs {
		xs[i] = item{id: i, name: "item", score: float64(i)}
	}
	return xs
}()

// copies is the pattern addrescape reports: the address of the
// per-iteration loop variable, so each element is copied to the heap.
func copies() []*item {
	ptrs := make([]*item, 0, len(items))
	for _, it := range items {
		ptrs = append(ptrs, &it)
	}
	return ptrs
}

// pointers is what it suggests: point into the slice.
func pointers() []*item {
	ptrs := make([]*item, 0, len(items))
	for i := range items {
		ptrs = append(ptrs, &items[i])
	}
	return ptrs
}

// literals allocates one &item{...} per element.
func literals() []*item {
	out := make([]*item, 0, len(items))
	for _, it := range items {
		out = append(out, &item{id: it.id * 2, name: it.name})
	}
	return out
}

// batch allocates the items together and points into them.
func batch() []*item {
	buf := make([]item, len(items))
	out := make([]*item, 0, len(items))
	for i, it := range items {
		buf[i] = item{id: it.id * 2, name: it.name}
		out = append(out, &buf[i])
	}
	return out
}

var sink []*item

// visitor is an interface the compiler cannot see through.
type visitor interface{ visit(*item) }

type counter struct{ n int }

func (c *counter) visit(it *item) { c.n += it.id }

var v visitor = &counter{}

// perIteration hands a fresh &item{...} to an interface method on each
// iteration: the compiler must assume the method keeps it.
func perIteration() []*item {
	for _, it := range items {
		v.visit(&item{id: it.id * 2, name: it.name})
	}
	return nil
}

// reused resets one item, allocated once, on each iteration: right when
// the method does not keep the pointer.
func reused() []*item {
	p := new(item)
	for _, it := range items {
		*p = item{id: it.id * 2, name: it.name}
		v.visit(p)
	}
	return nil
}

func BenchmarkBad(b *testing.B) {
	b.Run("loopvar", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = copies()
		}
	})
	b.Run("literal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = literals()
		}
	})
	b.Run("handed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = perIteration()
		}
	})
}

func BenchmarkGood(b *testing.B) {
	b.Run("loopvar", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = pointers()
		}
	})
	b.Run("literal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = batch()
		}
	})
	b.Run("handed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink = reused()
		}
	})
}

func TestCost(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bad, good func() []*item
	}{
		{"loopvar", copies, pointers},
		{"literal", literals, batch},
		{"handed", perIteration, reused},
	} {
		bad := testing.AllocsPerRun(50, func() { sink = tc.bad() })
		good := testing.AllocsPerRun(50, func() { sink = tc.good() })
		if bad <= good {
			t.Errorf("%s: bad %v allocs/op, good %v; want more for bad", tc.name, bad, good)
		}
		t.Logf("%s: bad %v allocs/op, good %v allocs/op", tc.name, bad, good)
	}
}
