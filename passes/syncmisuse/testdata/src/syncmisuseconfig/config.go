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
		_ = pool.Get().(big)          // want `sync.Pool holds big values \(64 bytes\)`
		m.Store(i, &sync.Map{})       // want `nested sync.Map in a loop`
		m.Store(i, map[int]int{i: i}) // want `sync.Map of maps in a loop: values are map\[int\]int, a map per outer key`
	}
}
