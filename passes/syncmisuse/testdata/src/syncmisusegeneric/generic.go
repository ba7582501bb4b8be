package syncmisusegeneric

import "sync"

// CMap is a typed wrapper around sync.Map.
type CMap[K comparable, V any] struct{ m sync.Map }

func (c *CMap[K, V]) Store(k K, v V) { c.m.Store(k, v) }

func (c *CMap[K, V]) LoadOrStore(k K, v V) (V, bool) {
	a, loaded := c.m.LoadOrStore(k, v)
	return a.(V), loaded
}

// Pool is a typed wrapper around sync.Pool.
type Pool[T any] struct{ p sync.Pool }

func (p *Pool[T]) Get() T  { return p.p.Get().(T) }
func (p *Pool[T]) Put(v T) { p.p.Put(v) }

func Get[T any](p *sync.Pool) T { return p.Get().(T) }

// Group makes a concrete nested map inside a generic function.
func Group[K comparable](m *sync.Map, k K) *sync.Map {
	v, _ := m.LoadOrStore(k, &sync.Map{}) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call: LoadOrStore's new value is made on every call, even when the key exists; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	return v.(*sync.Map)
}

func use(p2 *sync.Pool) {
	_ = Group(p2New(), "k")

	var c CMap[string, *sync.Map]
	c.Store("a", &sync.Map{}) // want `nested sync\.Map \(\(\*CMap\[string, \*sync\.Map\]\)\.Store stores \*sync\.Map\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`

	var d CMap[string, *CMap[string, int]]
	d.LoadOrStore("a", &CMap[string, int]{}) // want `nested sync\.Map \(\(\*CMap\[string, \*CMap\[string, int\]\]\)\.LoadOrStore stores \*CMap\[string, int\]\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`

	var e CMap[int, map[int]bool]
	for i := range 3 {
		e.Store(i, map[int]bool{}) // want `sync\.Map of maps \(\(\*CMap\[int, map\[int\]bool\]\)\.Store stores map\[int\]bool made empty\) allocates a map per outer key on each iteration; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	}

	var p Pool[[]byte]
	b := p.Get() // want `sync\.Pool \(through \(\*Pool\[\[\]byte\]\)\.Get\) of \[\]byte values \(24 bytes\) costs a heap object per Put on each call: Put boxes the value, copying it into a new heap object; pool \*\[\]byte and put back the pointer Get returned, after storing the slice in it \(p := pool\.Get\(\)\.\(\*\[\]byte\); \.\.\. \*p = buf\[:0\]; pool\.Put\(p\)\): Put\(&buf\) would allocate buf anew`
	p.Put(b)

	_ = Get[[4]int64](p2) // want `sync\.Pool \(through Get\[\[4\]int64\]\) of \[4\]int64 values \(32 bytes\) costs a heap object per Put on each call: Put boxes the value, copying it into a new heap object; pool \*\[4\]int64 and put back the pointer Get returned`

	// Silent: pointers in pools, plain values in maps.
	var q Pool[*[]byte]
	_ = q.Get()
	_ = Get[*int](p2)
	var f CMap[string, int]
	f.Store("x", 1)
}

func p2New() *sync.Map { return new(sync.Map) }
