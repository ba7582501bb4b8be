package nestedmapclosure

// viaLocal fills the inner map through a closure before storing it: the
// closure makes inner a captured variable.
func viaLocal(m map[string]map[string]int, keys []string) {
	for _, k := range keys {
		inner := make(map[string]int) // want `inner map make\(map\[string\]int\) allocates per outer key on each iteration: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]int`
		bump := func(s string) { inner[s]++ }
		bump(k)
		m[k] = inner
	}
}

// adder returns a closure that makes an inner map per new key.
func adder(m map[string]map[string]int) func(a, b string) {
	return func(a, b string) {
		if m[a] == nil {
			m[a] = map[string]int{} // want `inner map map\[string\]int\{\} allocates per outer key on each call: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]int`
		}
		m[a][b]++
	}
}

// deferred stores a new inner map when it returns.
func deferred(m map[string]map[string]int, k string) {
	defer func() {
		m[k] = map[string]int{} // want `^inner map map\[string\]int\{\} allocates per outer key`
	}()
}

// Silent: the closure only reads.
func reader(m map[string]map[string]int) func(a, b string) int {
	return func(a, b string) int { return m[a][b] }
}
