package unsizedmakesmallcap

// With small-cap -1, any constant capacity is deliberate when the bound is
// not constant.
func smallCap(xs []int) []int {
	out := make([]int, 0, 2)
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

// A constant bound above the capacity is still reported.
func constBound() []int {
	out := make([]int, 0, 2) // want `out reallocates as it grows to 10 elements by append in a loop on each call: it starts with capacity 2; create it with make\(\[\]int, 0, 10\)`
	for i := range 10 {
		out = append(out, i)
	}
	return out
}

// No capacity at all is still reported.
func noCap(xs []int) []int {
	out := []int{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\)`
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
