package nestedmapnamed

import "time"

type Set map[string]struct{}

type Index map[string]Set

type Graph map[int]Index

func (ix Index) Add(k, v string) {
	s, ok := ix[k]
	if !ok {
		s = Set{} // want `inner map Set\{\} allocates per outer key on each call: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]struct\{\}`
		ix[k] = s
	}
	s[v] = struct{}{}
}

func (g Graph) Add(n int, k, v string) {
	ix := g[n]
	if ix == nil {
		ix = make(Index) // want `inner map make\(Index\) allocates per outer key on each call: it escapes into a 3-level nested map keyed by int, string, string; use one map\[struct\{k1 int; k2 string; k3 string\}\]struct\{\}`
		g[n] = ix
	}
	ix.Add(k, v)
}

// Conversions between named and unnamed map types.
func convert(g map[int]Set, ids []int) {
	for _, id := range ids {
		g[id] = Set(make(map[string]struct{})) // want `inner map make\(map\[string\]struct\{\}\) allocates per outer key on each iteration: it escapes into a 2-level nested map keyed by int, string; use one map\[struct\{k1 int; k2 string\}\]struct\{\}`
	}
}

// Types of other packages are named as in the source.
func byDay(m map[time.Weekday]map[string]int, d time.Weekday, k string) {
	if m[d] == nil {
		m[d] = map[string]int{} // want `inner map map\[string\]int\{\} allocates per outer key on each call: it escapes into a 2-level nested map keyed by time\.Weekday, string; use one map\[struct\{k1 time\.Weekday; k2 string\}\]int`
	}
	m[d][k]++
}

// Silent: a named slice is not a map.
type List []string

func appendTo(m map[string]List, k, v string) {
	m[k] = append(m[k], v)
}
