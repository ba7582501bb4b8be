package nestedmaploops

// With loops-only, inner maps made outside loops are not reported.
func add(m map[string]map[string]int, a, b string) {
	if m[a] == nil {
		m[a] = map[string]int{}
	}
	m[a][b]++
}

func addAll(m map[string]map[string]int, pairs [][2]string) {
	for _, p := range pairs {
		if m[p[0]] == nil {
			m[p[0]] = map[string]int{} // want `inner map map\[string\]int\{\} allocates per outer key inside a loop: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]int`
		}
		m[p[0]][p[1]]++
	}
}
