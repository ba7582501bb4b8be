//go:build go1.21

// Package old is the same module, but this file asks for go1.21 and gets
// the max builtin.
package old

func counted(n int) []int {
	out := []int{} // want `out reallocates as it grows to max\(n, 0\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, max\(n, 0\)\)`
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}
