// Package mapptrgenericshared has a generic function that writes through
// the pointers of any map of pointers: no map here is reported, since its
// type parameters could stand for each of them.
package mapptrgenericshared

type P struct{ X, Y int32 }

func update[K comparable, V any](m map[K]*V, k K, f func(*V)) {
	f(m[k])
}

func fill(m map[string]*P, keys []string) {
	for _, k := range keys {
		m[k] = &P{X: 1}
	}
}

func use() {
	m := map[string]*P{}
	fill(m, []string{"a"})
	update(m, "a", func(p *P) { p.X++ })
}
