// Package unsizedmakemod pins go 1.20: no max builtin, so a bound that could
// be negative gets no fix; a len bound still does.
package unsizedmakemod

func counted(n int) []int {
	out := []int{} // want `out reallocates as it grows to max\(n, 0\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, n\) if n cannot be negative \(no automatic fix: the bound needs the max builtin of go1\.21\)`
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

func ranged(xs []string) []string {
	out := []string{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\)`
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
