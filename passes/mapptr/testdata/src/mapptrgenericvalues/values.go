// Package mapptrgenericvalues has a generic function that hands out the
// values of any map: with V = *P they are the map's pointers, which the
// caller writes through. No map of pointers here is reported.
package mapptrgenericvalues

type P struct{ X, Y int32 }

func values[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func fill(m map[string]*P, keys []string) {
	for _, k := range keys {
		m[k] = &P{X: 1}
	}
}

func use() {
	m := map[string]*P{}
	fill(m, []string{"a"})
	for _, p := range values(m) {
		p.X++
	}
}
