package unsizedmakeclosure

import "sort"

// Reported: inside a function literal.
func sorted(xs []int) func() []int {
	return func() []int {
		out := []int{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\)`
		for _, x := range xs {
			out = append(out, x)
		}
		sort.Ints(out)
		return out
	}
}

// Reported: the slice is created outside a deferred call and grown in the loop.
func deferred(xs []string, done func([]string)) {
	seen := make([]string, 0) // want `seen reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\)`
	for _, x := range xs {
		seen = append(seen, x)
	}
	defer done(seen)
}

// Silent: captured by a closure, the slice lives in a variable on the heap
// and is not followed.
func captured(xs []int) []int {
	var out []int
	add := func(x int) { out = append(out, x) }
	for _, x := range xs {
		add(x)
	}
	return out
}

// Silent: the loop runs in a closure called per element.
func each(xs []int, f func(func(int))) []int {
	var out []int
	f(func(x int) {
		out = append(out, x)
	})
	return out
}

// Reported, no fix: the bound is a variable a closure assigns. (A counted
// loop up to n would read n on every iteration and have no known bound;
// range reads it once.)
func changedByClosure(xs []int) int {
	n := len(xs)
	reset := func() { n = 0 }
	out := []int{} // want `out reallocates as it grows to max\(n, 0\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, max\(n, 0\)\) at a point where that size is known \(no automatic fix: n may change before the loop\)`
	for i := range n {
		out = append(out, xs[i])
	}
	reset()
	for i := 0; i < n; i++ {
		out = append(out, xs[i])
	}
	return len(out)
}
