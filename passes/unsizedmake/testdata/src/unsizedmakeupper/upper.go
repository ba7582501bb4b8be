package unsizedmakeupper

// With upper-bounds, growth that is only bounded is reported, with "up to"
// and without a fix.
func positives(xs []int) []int {
	out := []int{} // want `out reallocates as it grows to at most len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\) \(no automatic fix: the count is an upper bound\)`
	for _, x := range xs {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}

func untilZero(xs []int) []int {
	out := []int{} // want `out reallocates as it grows to at most len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\) \(no automatic fix: the count is an upper bound\)`
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
	out := []int{} // want `out reallocates as it grows to at most len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\) \(no automatic fix: the count is an upper bound\)`
	for _, x := range xs {
		if x < 0 {
			return out
		}
		out = append(out, x)
	}
	return nil
}

func runes(s string) []rune {
	rs := []rune{} // want `rs reallocates as it grows to at most len\(s\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]rune, 0, len\(s\)\) \(no automatic fix: the count is an upper bound\)`
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

func dedupe(xs []string) []string {
	seen := make(map[string]struct{}) // want `seen rehashes as it grows by at most len\(xs\) assignments in a loop on each call: it has no size hint; create it with make\(map\[string\]struct\{\}, len\(xs\)\) \(no automatic fix: the count is an upper bound\)`
	var out []string // want `out reallocates as it grows to at most len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\) \(no automatic fix: the count is an upper bound\)`
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
	out := []int{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\)`
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

type style struct {
	entries map[string]int
	parent  *style
}

func (s *style) names() []string { return nil }

// Silent even with upper-bounds: the bound would call s.parent.names() on a
// path where there may be no parent.
func (s *style) all() map[string]bool {
	seen := map[string]bool{}
	for k := range s.entries {
		seen[k] = true
	}
	if s.parent != nil {
		for _, k := range s.parent.names() {
			seen[k] = true
		}
	}
	return seen
}

// A loop that runs only sometimes gives an upper bound.
func maybe(xs []int, ok bool) []int {
	out := []int{} // want `out reallocates as it grows to at most len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\) \(no automatic fix: the count is an upper bound\)`
	if ok {
		for _, x := range xs {
			out = append(out, x)
		}
	}
	return out
}

// Appends under an if before and after the loop: each may run or not, so
// the count is an upper bound (found on miekg/dns, where growing to the
// loop's count before it added an allocation).
func search(name string, suffixes []string, first bool) []string {
	names := []string{} // want `names reallocates as it grows to at most len\(suffixes\)\+2 elements by append in a loop on each call`
	if first {
		names = append(names, name)
	}
	for _, s := range suffixes {
		names = append(names, name+s)
	}
	if !first {
		names = append(names, name)
	}
	return names
}
