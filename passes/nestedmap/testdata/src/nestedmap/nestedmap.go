package nestedmap

type row struct {
	user, region, item string
	n                  int
}

// count builds a three-level map: a new middle map per new user and a new
// inner map per new (user, region).
func count(rows []row) map[string]map[string]map[string]int {
	m := map[string]map[string]map[string]int{}
	for _, r := range rows {
		byRegion, ok := m[r.user]
		if !ok {
			byRegion = make(map[string]map[string]int) // want `inner map make\(map\[string\]map\[string\]int\) allocates per outer key inside a loop: it escapes into a 3-level nested map keyed by string, string, string; use one map\[\[3\]string\]int`
			m[r.user] = byRegion
		}
		byItem, ok := byRegion[r.region]
		if !ok {
			byItem = map[string]int{} // want `inner map map\[string\]int\{\} allocates per outer key inside a loop: it escapes into a 3-level nested map keyed by string, string, string; use one map\[\[3\]string\]int`
			byRegion[r.region] = byItem
		}
		byItem[r.item] += r.n
	}
	return m
}

// add runs once per key without a loop of its own.
func add(m map[string]map[int]bool, k string, v int) {
	if m[k] == nil {
		m[k] = make(map[int]bool) // want `inner map make\(map\[int\]bool\) allocates per outer key on each call: it escapes into a 2-level nested map keyed by string, int; use one map\[struct\{k1 string; k2 int\}\]bool`
	}
	m[k][v] = true
}

// storeAfter fills the inner map before storing it back.
func storeAfter(m map[string]map[string]int, k string, vals []string) {
	inner := m[k]
	if inner == nil {
		inner = make(map[string]int, len(vals)) // want `inner map make\(map\[string\]int\) allocates per outer key on each call: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]int`
	}
	for _, v := range vals {
		inner[v]++
	}
	m[k] = inner
}

// literalPerRow stores a literal per row of the input.
func literalPerRow(rows []row) map[string]map[string]int {
	m := make(map[string]map[string]int, len(rows))
	for _, r := range rows {
		m[r.user] = map[string]int{r.item: r.n} // want `inner map map\[string\]int\{\.\.\.\} allocates per outer key on each iteration: it escapes into a 2-level nested map keyed by string, string; use one map\[\[2\]string\]int`
	}
	return m
}

// rangeInner reads the middle level with a range loop.
func rangeInner(m map[int]map[int]map[int]bool, k int) {
	for _, mid := range m {
		if mid[k] == nil {
			mid[k] = map[int]bool{} // want `inner map map\[int\]bool\{\} allocates per outer key inside a loop: it escapes into a 3-level nested map keyed by int, int, int; use one map\[\[3\]int\]bool`
		}
	}
}

// Silent: code that only reads nested maps.
func lookup(m map[string]map[string]int, a, b string) int {
	return m[a][b]
}

func sum(m map[string]map[string]int) int {
	total := 0
	for _, inner := range m {
		for _, v := range inner {
			total += v
		}
	}
	return total
}

// Silent: slices, not maps, as elements.
func group(rows []row) map[string][]row {
	m := map[string][]row{}
	for _, r := range rows {
		m[r.user] = append(m[r.user], r)
	}
	return m
}

// Silent: constant keys make a fixed number of inner maps.
func config() map[string]map[string]string {
	m := map[string]map[string]string{}
	m["db"] = map[string]string{"host": "localhost"}
	m["cache"] = make(map[string]string)
	return m
}

var defaults = map[string]map[string]int{"a": {"x": 1}, "b": {}}

// Silent: a fresh outer map with one inner map per call.
func literal(k string) map[string]map[string]int {
	return map[string]map[string]int{k: {}}
}

// Silent: one inner map made once and shared by every key.
func shared(m map[string]map[string]int, keys []string) {
	inner := map[string]int{}
	for _, k := range keys {
		m[k] = inner
	}
}

// Silent: the inner map comes from elsewhere.
func adopt(m map[string]map[string]int, k string, inner map[string]int) {
	m[k] = inner
}

// descend keeps the current level in a variable carried round the loop, so
// that the phis behind it form cycles.
func descend(m map[string]map[string]map[string]int, keys []string) {
	var cur map[string]map[string]int
	for i, k := range keys {
		if i%2 == 0 || cur == nil {
			cur = m[k]
			if cur == nil {
				cur = map[string]map[string]int{} // want `inner map map\[string\]map\[string\]int\{\} allocates per outer key inside a loop: it escapes into a 3-level nested map keyed by string, string, string; use one map\[\[3\]string\]int`
				m[k] = cur
			}
		}
		cur[k] = map[string]int{} // want `inner map map\[string\]int\{\} allocates per outer key on each iteration: it escapes into a 3-level nested map keyed by string, string, string; use one map\[\[3\]string\]int`
	}
}

// Silent: a recursive map type (a trie) has no fixed depth to flatten.
type trie map[string]trie

func insert(t trie, path []string) {
	for _, p := range path {
		next, ok := t[p]
		if !ok {
			next = trie{}
			t[p] = next
		}
		t = next
	}
}

// flatCount is the better form of count: one map, one key.
type key struct{ user, region, item string }

func flatCount(rows []row) map[key]int {
	m := make(map[key]int, len(rows))
	for _, r := range rows {
		m[key{r.user, r.region, r.item}] += r.n
	}
	return m
}
