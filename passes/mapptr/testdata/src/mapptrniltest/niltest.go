// Package mapptrniltest reads its map of pointers and tests the values
// against nil: a map of values still does, told by v, ok := m[k], which
// the advice says.
package mapptrniltest

type span struct{ start, end int }

func index(words []string) map[string]*span {
	m := make(map[string]*span, len(words))
	for i, w := range words {
		m[w] = &span{start: i, end: i + len(w)} // want `&span\{\.\.\.\} allocates a new span \(16 bytes\) on each iteration: it escapes into a map\[string\]\*span, one per entry; use map\[string\]span, which keeps behaviour here: no code of the package writes through, keeps or passes on these pointers, and the map stays in the package \(test presence with v, ok := m\[k\] where m\[k\] is compared with nil\)`
	}
	return m
}

func has(m map[string]*span, w string) bool {
	return m[w] != nil
}
