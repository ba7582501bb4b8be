// Package mapptrmod is built in module mode at go1.21, where a range
// variable is one variable for the whole loop.
package mapptrmod

type rec struct{ id, v int32 }

// Silent: before Go 1.22, &r is the same address on every iteration (and
// the map ends up full of pointers to the last element).
func byIDShared(rs []rec) map[int32]*rec {
	m := map[int32]*rec{}
	for _, r := range rs {
		m[r.id] = &r
	}
	return m
}

// The per-iteration copy of the time makes one rec per entry.
func byID(rs []rec) map[int32]*rec {
	m := map[int32]*rec{}
	for _, r := range rs {
		r := r // want `moving r to the heap allocates a new rec \(8 bytes\) on each iteration: its address is stored in a map\[int32\]\*rec, one per entry; use map\[int32\]rec and store r itself`
		m[r.id] = &r
	}
	return m
}
