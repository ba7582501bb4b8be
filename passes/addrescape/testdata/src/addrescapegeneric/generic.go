package addrescapegeneric

// Pointers to values of a type parameter.
func ptrs[T any](xs []T) []*T {
	var out []*T
	for _, x := range xs { // want `moving x to the heap allocates a new T on each iteration: its address escapes through append .*; point into xs with &xs\[i\]`
		out = append(out, &x)
	}
	return out
}

type pair[K comparable, V any] struct {
	k K
	v V
}

func pairs[K comparable, V any](m map[K]V) []*pair[K, V] {
	var out []*pair[K, V]
	for k, v := range m {
		out = append(out, &pair[K, V]{k, v}) // want `&pair\[K, V\]\{\.\.\.\} allocates on each iteration: it escapes through append`
	}
	return out
}

func use() {
	_ = ptrs([]int{1})
	_ = pairs(map[string]int{"a": 1})
}
