package nestedmapdepth

// With min-depth 3, two levels are not reported.
func two(m map[string]map[string]int, a, b string) {
	if m[a] == nil {
		m[a] = map[string]int{}
	}
	m[a][b]++
}

func three(m map[string]map[string]map[string]int, a, b, c string) {
	if m[a] == nil {
		m[a] = map[string]map[string]int{} // want `inner map map\[string\]map\[string\]int\{\} allocates per outer key on each call: it escapes into a 3-level nested map keyed by string, string, string; use one map\[\[3\]string\]int`
	}
	if m[a][b] == nil {
		m[a][b] = map[string]int{} // want `inner map map\[string\]int\{\} allocates per outer key on each call: it escapes into a 3-level nested map keyed by string, string, string; use one map\[\[3\]string\]int`
	}
	m[a][b][c]++
}
