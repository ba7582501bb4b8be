package unsizedmakeupper

// With upper-bounds, growth that is only bounded is reported, with "up to"
// and without a fix.
func positives(xs []int) []int {
	out := []int{} // want `out grows to up to len\(xs\) elements .*\(no automatic fix: the count is an upper bound\)`
	for _, x := range xs {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}

func untilZero(xs []int) []int {
	out := []int{} // want `out grows to up to len\(xs\) elements`
	for _, x := range xs {
		if x == 0 {
			break
		}
		out = append(out, x)
	}
	return out
}

// An early return that keeps what was filled is an early stop too.
func firstNegative(xs []int) []int {
	out := []int{} // want `out grows to up to len\(xs\) elements`
	for _, x := range xs {
		if x < 0 {
			return out
		}
		out = append(out, x)
	}
	return nil
}

func runes(s string) []rune {
	rs := []rune{} // want `rs grows to up to len\(s\) elements`
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

func dedupe(xs []string) []string {
	seen := make(map[string]struct{}) // want `seen gets up to len\(xs\) assignments`
	var out []string                  // want `out grows to up to len\(xs\) elements`
	for _, x := range xs {
		if _, ok := seen[x]; ok {
			continue
		}
		seen[x] = struct{}{}
		out = append(out, x)
	}
	return out
}

// Exact growth is reported as before.
func all(xs []int) []int {
	out := []int{} // want `out grows to len\(xs\) elements .*make\(\[\]int, 0, len\(xs\)\)$`
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
