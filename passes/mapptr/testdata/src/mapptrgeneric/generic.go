package mapptrgeneric

type P struct{ X, Y int32 }

// fill has a generic key and a concrete value.
func fill[K comparable](m map[K]*P, keys []K) {
	for _, k := range keys {
		m[k] = &P{X: 1} // want `&P\{\.\.\.\} allocates a new P \(8 bytes\) on each iteration: it escapes into a map\[K\]\*P, one per entry; use map\[K\]P`
	}
}

type boxed[T any] struct{ v T }

// putBoxed stores an instance of a generic type.
func putBoxed(m map[string]*boxed[int32], k string) {
	m[k] = &boxed[int32]{v: 1} // want `&boxed\[int32\]\{\.\.\.\} allocates a new boxed\[int32\] \(4 bytes\) on each call: it escapes into a map\[string\]\*boxed\[int32\], one per entry; use map\[string\]boxed\[int32\]`
}

// Silent: the value's size depends on the type argument.
func fillT[V any](m map[string]*V, k string) {
	m[k] = new(V)
}

type cache[K comparable, V any] struct{ m map[K]*V }

func (c *cache[K, V]) put(k K, v V) {
	c.m[k] = &v
}

func (c *cache[K, V]) putBoxed(k K, v V) {
	b := &boxed[V]{v: v}
	_ = b
}

// Instances, so that the compiler reports on the generic bodies.
func use() {
	fill(map[string]*P{}, []string{"a"})
	putBoxed(map[string]*boxed[int32]{}, "a")
	fillT(map[string]*int{}, "a")
	c := &cache[string, int]{m: map[string]*int{}}
	c.put("a", 1)
	c.putBoxed("a", 1)
}
