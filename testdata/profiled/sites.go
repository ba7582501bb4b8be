// Package profiled has two allocation sites that heaplint reports, whose
// benchmark allocates three times as much at the first as at the second,
// and one that the benchmark never runs.
package profiled

import "fmt"

type point struct{ X, Y, Z float64 }

var sink []any

// Heavy boxes a point (24 bytes, a 32-byte object) on each iteration.
func Heavy(ps []point) {
	for _, p := range ps {
		sink = append(sink[:0], any(p))
	}
}

// Light boxes a float (8 bytes) on each iteration.
func Light(fs []float64) {
	for _, f := range fs {
		sink = append(sink[:0], any(f))
	}
}

// Never is not run by the benchmark: the profile does not reach it.
func Never(ps []point) {
	for _, p := range ps {
		fmt.Println(p)
	}
}
