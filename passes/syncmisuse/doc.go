// Package syncmisuse defines an Analyzer that reports sync.Map and
// sync.Pool used in ways that allocate per key or per Put.
//
// # Analyzer syncmisuse
//
// syncmisuse: report nested sync.Maps and non-pointer sync.Pool values
//
// A sync.Map whose values are *sync.Map (or a type that only wraps a
// sync.Map, or a plain map stored empty to be filled per key later) is a
// nested concurrent map: every outer key costs a whole map, every access
// pays one lookup per level, and every level boxes its keys and values into
// interfaces. The usual way to fill it,
// m.LoadOrStore(k, &sync.Map{}), also allocates a fresh map on every call,
// including the calls where the key is already present and the new map is
// thrown away. One map keyed by a struct of both keys does the same job with
// no per-key maps: behind a sync.Mutex, or split into shards when it is hot.
//
// A sync.Pool holds interfaces. Asserting Get's result to a type that is not
// pointer-shaped (a slice such as []byte, a struct, an array) means the pool
// holds that value by copy: every Put converts it to an interface, which
// copies it into a new heap object, so the pool allocates on the very path it
// was meant to make free. Pooling *[]byte or *T keeps Put allocation-free.
// The Put that boxes is the allocation, and boxing reports it there; this
// check reports the Get, where the pool's element type is written, only
// when no such Put is in the package's reported code (the Puts are in a
// wrapper, a test or a generated file): one allocation, one finding. It
// stays silent when every Put on the same pool (the same variable, global,
// or field of one struct type) in the package puts back an interface value
// as it came from Get, or a constant: those box nothing.
//
// The check sees sync.Map and sync.Pool through named types that embed or
// wrap them, through same-package wrappers that take the value as an
// interface, and through generic wrappers such as a typed CMap[K, V] or
// Pool[T], which it judges at each call of an instance.
//
// Bad:
//
//	var byUser sync.Map // user -> *sync.Map of setting -> value
//	for _, r := range records {
//		inner, _ := byUser.LoadOrStore(r.user, &sync.Map{})
//		inner.(*sync.Map).Store(r.setting, r.value)
//	}
//
//	buf := bufPool.Get().([]byte)
//	buf = append(buf[:0], data...)
//	sum += process(buf)
//	bufPool.Put(buf)
//
// Good:
//
//	type key struct{ user, setting string }
//	var mu sync.Mutex
//	settings := make(map[key]int)
//	for _, r := range records {
//		mu.Lock()
//		settings[key{r.user, r.setting}] = r.value
//		mu.Unlock()
//	}
//
//	p := ptrPool.Get().(*[]byte)
//	buf := append((*p)[:0], data...)
//	sum += process(buf)
//	*p = buf
//	ptrPool.Put(p)
//
// Putting back the pointer Get returned matters: ptrPool.Put(&buf) would
// move buf to the heap, one allocation per Put again.
//
// Cost: a nested sync.Map filled with 20×20 entries costs 1924 allocs/op
// and 78744 B/op against 14 allocs/op and 43024 B/op for one map keyed by
// a struct behind a mutex; a Get/Put round trip of []byte costs 1
// allocs/op and 24 B/op against 0 allocs/op and 0 B/op with the *[]byte
// put back, and so does a 24-byte struct against a pointer to it
// (BenchmarkBad vs BenchmarkGood, TestCost, go1.26 amd64).
//
// Fix: not offered: both rewrites change types across the code that uses
// the map or the pool.
//
// Limitations: a sync.Map used for write-heavy workloads (Store in a loop
// with fresh keys, where a mutex-guarded map is cheaper) is not reported: a
// loop of Stores is also how a read-mostly map is filled once, and the
// difference is in run-time behaviour SSA cannot see. Values stored through
// memory (loaded from a field or global), wrappers in other packages and
// interface method calls are not followed. A struct that holds a sync.Map
// next to other fields is an object, not a nested map, and is not reported.
// A plain map filled first and stored whole is usually an immutable
// snapshot (all four such stores in golangci-lint's 960 dependency packages
// were), so by default only maps made in the same function and stored
// before anything is put into them are reported; setting all-map-values
// reports every map value.
package syncmisuse
