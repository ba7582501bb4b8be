package nestedmapgeneric

// Index is a generic two-level map.
type Index[K1, K2 comparable, V any] map[K1]map[K2]V

func (ix Index[K1, K2, V]) Put(a K1, b K2, v V) {
	inner, ok := ix[a]
	if !ok {
		inner = make(map[K2]V) // want `inner map make\(map\[K2\]V\) allocates per outer key on each call: it escapes into a 2-level nested map keyed by K1, K2; use one map\[struct\{k1 K1; k2 K2\}\]V`
		ix[a] = inner
	}
	inner[b] = v
}

// put makes the inner map through a type parameter whose core type is a map.
func put[M ~map[string]int](m map[string]M, k, k2 string) {
	if m[k] == nil {
		m[k] = make(M) // want `inner map make\(M\) allocates per outer key on each call: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]int`
	}
	m[k][k2]++
}

// putOuter has a type parameter for the outer map.
func putOuter[O ~map[K]map[K]V, K comparable, V any](o O, a, b K, v V) {
	if o[a] == nil {
		o[a] = map[K]V{} // want `inner map map\[K\]V\{\} allocates per outer key on each call: it escapes into a 2-level nested map keyed by K, K; use one map\[\[2\]K\]V`
	}
	o[a][b] = v
}

// Silent: a generic slice element.
func group[K comparable, V any](m map[K][]V, k K, v V) {
	m[k] = append(m[k], v)
}

// Instances, so that the compiler reports on the generic bodies.
func use() {
	ix := Index[string, int, bool]{}
	ix.Put("a", 1, true)
	put(map[string]map[string]int{}, "a", "b")
	putOuter(map[int]map[int]string{}, 1, 2, "x")
	group(map[string][]int{}, "a", 1)
}
