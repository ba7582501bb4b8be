// Package nestedmapmod is built in module mode at go1.23, where a range
// over an iterator function runs the loop body as a function of its own.
package nestedmapmod

import "iter"

// pairs yields the pairs of ps. It is not inlined, so that the compiler
// reports the loop bodies below on their own lines.
//
//go:noinline
func pairs(ps [][2]string) iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, p := range ps {
			if !yield(p[0], p[1]) {
				return
			}
		}
	}
}

func index(ps [][2]string) map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for a, b := range pairs(ps) {
		if m[a] == nil {
			m[a] = map[string]bool{} // want `inner map map\[string\]bool\{\} allocates per outer key on each iteration: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]bool`
		}
		m[a][b] = true
	}
	return m
}

// Silent: the body only reads.
func count(m map[string]map[string]bool, ps [][2]string) int {
	n := 0
	for a, b := range pairs(ps) {
		if m[a][b] {
			n++
		}
	}
	return n
}
