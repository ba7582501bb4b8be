package unsizedmakegeneric

// Reported: generic element types, spelled as written.
func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(xs\)\), which leaves it nil when the loop does not run`
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func Keys[K comparable, V any](m map[K]V) []K {
	ks := []K{} // want `ks reallocates as it grows to len\(m\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]K, 0, len\(m\)\)`
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func Index[K comparable, V any](vs []V, key func(V) K) map[K]V {
	m := make(map[K]V) // want `m rehashes as it grows by len\(vs\) assignments in a loop on each call: it has no size hint; create it with make\(map\[K\]V, len\(vs\)\)`
	for _, v := range vs {
		m[key(v)] = v
	}
	return m
}

// Reported: a slice whose type is a type parameter.
func Repeat[S ~[]E, E any](s S, n int) S {
	out := S{} // want `out reallocates as it grows to len\(s\)\*max\(n, 0\) elements by append in a loop on each call: it starts without capacity; create it with make\(S, 0, len\(s\)\*max\(n, 0\)\)`
	for range n {
		out = append(out, s...)
	}
	return out
}

type Stack[T any] struct{ items []T }

// Silent: growth through a field is not followed.
func (s *Stack[T]) PushAll(xs []T) {
	for _, x := range xs {
		s.items = append(s.items, x)
	}
}

// Silent: sized.
func Filter[T any](xs []T, keep func(T) bool) []T {
	out := make([]T, 0, len(xs))
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}
