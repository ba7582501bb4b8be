// Package nestedmap defines an Analyzer that reports maps of maps whose
// inner maps are made one per outer key.
//
// # Analyzer nestedmap
//
// nestedmap: report inner maps of nested maps made per outer key
//
// A map whose elements are maps (map[K1]map[K2]V, at any depth, through
// named types and type parameters) is usually filled by making a new inner
// map the first time each outer key is seen. Every inner map is a heap
// allocation of its own (a header, then a group of slots on the first
// insert, then more as it grows), holds its own slack, and costs one more
// hash lookup and pointer load on every access. When the inner maps hold
// few entries each, one map keyed by a struct (or an array) of all the keys
// stores the same data in a single table with a handful of allocations.
//
// The check reports the make call or map literal of an inner map that is
// stored into its outer map (directly, through a local variable, a phi or
// a type conversion) under a key that is not a constant, where the store
// runs once per outer key: inside a loop that also makes the map, or in a
// function that adds to a map it was given. The message gives the depth
// and the key types of the whole nested map, traced up through the reads
// (m[k], comma-ok reads, range loops) that led to the inner level, and
// the flat map to use instead. It is silent on code that only reads nested
// maps, on maps of slices (map[K][]V), on inner maps stored under constant
// keys or into a fresh local map outside any loop (a fixed number of them),
// and on one inner map made once and stored under many keys.
//
// The check is off by default: the allocations are certain, but whether the
// flat map is also smaller depends on how many entries each inner map holds
// (see Cost). Enable it where the inner maps are known to be small.
//
// Bad:
//
//	m := map[string]map[string]int{}
//	for _, r := range rows {
//		inner, ok := m[r.user]
//		if !ok {
//			inner = make(map[string]int)
//			m[r.user] = inner
//		}
//		inner[r.item] += r.n
//	}
//
// Good:
//
//	type key struct{ user, item string }
//	m := make(map[key]int, len(rows))
//	for _, r := range rows {
//		m[key{r.user, r.item}] += r.n
//	}
//
// Cost: 100,000 entries under three string keys with one entry per inner
// map: 400,532 allocs/op and 58,189,774 B/op nested against 532 allocs/op
// and 16,787,240 B/op flat, and 54.7 MB against 8.4 MB still live
// afterwards: 6.5 times the memory (7.8 with int keys), not the 17 times
// sometimes quoted. With 4 entries per inner map: 62,548 allocs/op and
// 8,436,664 B/op, and about the same live memory as the flat map (8.2 MB
// against 8.4 MB); with 16, the nested map is the smaller one (6.5 MB),
// since it stores each outer key once (BenchmarkBad vs BenchmarkGood,
// fanout=1, 4 and 16, go1.26 amd64).
//
// Fix: not offered: every access to the map changes, including code that
// ranges over or deletes whole inner maps, which a flat map cannot do in
// one step.
//
// Limitations: inner maps made in another function (m[k] = newInner()) are
// not seen. A nested map that is also used as a tree (ranging over one
// inner map, deleting a whole subtree) is still reported; a flat map does
// those in a full scan. The depth and keys come from the outer map's type
// when the code does not read the inner level from a bigger nested map.
package nestedmap
