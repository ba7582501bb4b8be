package syncmisuse

import (
	"bytes"
	"io"
	"sync"
)

var sessions sync.Map

func nestedStore(user, key string, v int) {
	inner := &sync.Map{}
	sessions.Store(user, inner) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	inner.Store(key, v)
}

func nestedLoadOrStore(user, key string, v int) {
	inner, _ := sessions.LoadOrStore(user, &sync.Map{}) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call: LoadOrStore's new value is made on every call, even when the key exists; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	inner.(*sync.Map).Store(key, v)
}

func mapValues(m *sync.Map, user string) {
	m.Store(user, map[string]int{}) // want `sync\.Map of maps \(values are map\[string\]int made empty\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

func mapFilledAfter(m *sync.Map, user string) {
	inner := make(map[string]int)
	m.Store(user, inner) // want `sync\.Map of maps \(values are map\[string\]int made empty\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	inner["x"] = 1
}

// Silent by default: a map filled first and stored whole is a snapshot.
func snapshot(m *sync.Map, user string, keys []string) {
	m.Store(user, map[string]int{"a": 1})
	s := make(map[string]bool, len(keys))
	for _, k := range keys {
		s[k] = true
	}
	m.Store(user, s)
}

func mapLoadOrStore(m *sync.Map, user string) {
	m.LoadOrStore(user, make(map[string]int)) // want `sync\.Map of maps \(values are map\[string\]int made empty\) allocates a map per outer key on each call: LoadOrStore's new value is made on every call, even when the key exists; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

func swap(m *sync.Map, k string) {
	m.Swap(k, new(sync.Map)) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

func compareAndSwap(m *sync.Map, k string, old any) {
	m.CompareAndSwap(k, old, &sync.Map{}) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

func inLoop(m *sync.Map, keys []string) {
	for _, k := range keys {
		m.Store(k, &sync.Map{}) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each iteration; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	}
}

func methodValue(m *sync.Map, k string) {
	store := m.Store
	store(k, &sync.Map{}) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

func throughInterface(m *sync.Map, k string, fresh bool) {
	var v any = &sync.Map{}
	if fresh {
		v = map[string]bool{}
	}
	m.Store(k, v) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)` `sync\.Map of maps \(values are map\[string\]bool made empty\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

type session struct {
	attrs   sync.Map
	created int64
}

// Silent: plain values, and objects that merely contain a sync.Map.
func silentStores(m *sync.Map, k string, old *sync.Map) {
	m.Store(k, 1)
	m.Store(k, []int{1})
	m.Store(k, &session{})
	m.LoadOrStore(k, new(int))
	m.CompareAndSwap(k, old, 2) // old is compared, not stored
	m.Load(k)
}

var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 64) }}

func getSlice() []byte {
	return bufPool.Get().([]byte) // silent: boxing reports the Put that boxes, the allocation itself
}

func getCommaOk() []byte {
	b, ok := bufPool.Get().([]byte) // silent: boxing reports the Put that boxes, the allocation itself
	if !ok {
		return nil
	}
	return b
}

type point struct{ x, y, z int64 }

var pointPool sync.Pool

func getStruct() point {
	return pointPool.Get().(point) // want `sync\.Pool of point values \(24 bytes\) costs a heap object per Put on each call: Put boxes the value, copying it into a new heap object; pool \*point and put back the pointer Get returned`
}

func inLoopPool(n int) {
	for range n {
		b := bufPool.Get().([]byte) // silent: boxing reports the Put that boxes, the allocation itself
		bufPool.Put(b[:0])
	}
}

type onePointer struct{ p *int }

// Silent: pointer-shaped, interface and zero-size values; Put (boxing reports it).
func silentPool() {
	_ = bufPool.Get().(*bytes.Buffer)
	_ = bufPool.Get().(io.Writer)
	_ = bufPool.Get().(map[string]int)
	_ = bufPool.Get().(onePointer)
	_ = bufPool.Get().(struct{})
	_ = bufPool.Get().(bool)
	_ = bufPool.Get().(byte)
	_ = bufPool.Get()
	bufPool.Put(make([]byte, 8))
}

func freshPerIteration(m *sync.Map, users []string) {
	for _, u := range users {
		inner := map[string]int{}
		m.Store(u, inner) // want `sync\.Map of maps \(values are map\[string\]int made empty\) allocates a map per outer key on each iteration; key one map by a struct of both keys \(behind a mutex, or sharded\)`
		inner["seen"] = 1
	}
}

func filledInLoopThenStored(m *sync.Map, users []string) {
	inner := map[string]int{}
	for _, u := range users {
		m.Store(u, inner)
		inner[u] = 1 // the next iteration stores a filled map: not reported
	}
}

var tricky sync.Pool

// Silent: the interface Get returned goes back as it is, so Put boxes
// nothing (the pool's values were boxed once, when made).
func putBackInterface() int {
	v := tricky.Get()
	b := v.([]byte)
	n := len(b)
	tricky.Put(v)
	return n
}

var counters sync.Pool

// Silent: only constants are put, which the runtime boxes in static data.
func constantsOnly() int {
	counters.Put(0)
	return counters.Get().(int)
}

type pools struct{ a, b sync.Pool }

// Reported: the Put on the same field boxes a fresh slice.
func (p *pools) get() []byte {
	return p.a.Get().([]byte) // silent: boxing reports the Put that boxes, the allocation itself
}

func (p *pools) put(b []byte) { p.a.Put(b) }

// Silent: field b's only Put passes an interface through.
func (p *pools) getB() []byte {
	v := p.b.Get()
	defer p.b.Put(v)
	return v.([]byte)
}

var arrayOfPools [4]sync.Pool

func fromArray(i int) []int {
	return arrayOfPools[i].Get().([]int) // silent: boxing reports the Put that boxes, the allocation itself
}

func toArray(i int, s []int) { arrayOfPools[i&3].Put(s) }
