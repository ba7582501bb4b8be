package syncmisuseconfig

import "sync"

var pool sync.Pool

type big [64]byte

// With min-size 32, loops-only and all-map-values: small values and code
// outside loops are quiet, snapshot maps are reported.
func get(m *sync.Map, n int) {
	_ = pool.Get().([]byte)
	_ = pool.Get().(big)
	m.Store("k", &sync.Map{})
	for i := range n {
		_ = pool.Get().([]byte)
		_ = pool.Get().(big) // want `sync\.Pool of big values \(64 bytes\) costs a heap object per Put on each iteration: Put boxes the value, copying it into a new heap object; pool \*big and put back the pointer Get returned`
		m.Store(i, &sync.Map{}) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each iteration; key one map by a struct of both keys \(behind a mutex, or sharded\)`
		m.Store(i, map[int]int{i: i}) // want `sync\.Map of maps \(values are map\[int\]int\) allocates a map per outer key on each iteration; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	}
}
