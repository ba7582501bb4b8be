package syncmisuseconfig

import "sync"

var pool sync.Pool

type big [64]byte

// With min-size 32 and loops-only: small values and code outside loops are quiet.
func get(m *sync.Map, n int) {
	_ = pool.Get().([]byte)
	_ = pool.Get().(big)
	m.Store("k", &sync.Map{})
	for i := range n {
		_ = pool.Get().([]byte)
		_ = pool.Get().(big)    // want `sync.Pool holds big values \(64 bytes\)`
		m.Store(i, &sync.Map{}) // want `nested sync.Map in a loop`
	}
}
