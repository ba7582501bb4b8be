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
	out := make([]int, 0, 2) // want `out grows to 10 elements .* starts with capacity 2`
	for i := range 10 {
		out = append(out, i)
	}
	return out
}

// No capacity at all is still reported.
func noCap(xs []int) []int {
	out := []int{} // want `out grows to len\(xs\) elements`
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
