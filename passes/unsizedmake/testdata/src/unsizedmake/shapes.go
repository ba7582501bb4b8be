package unsizedmake

import (
	"reflect"
	"strconv"
)

// The shapes prealloc finds: a slice that starts as a non-empty literal,
// one grown by appends before the loop, several appends per iteration.

// Reported: a literal's elements count, and the fix appends them to a
// sized make.
func withHeader(rows []string) []string {
	out := []string{"name", "value"} // want `out reallocates as it grows to len\(rows\)\+2 elements by append in a loop on each call: it starts as a literal of 2 elements, with no room for more; create it with append\(make\(\[\]string, 0, len\(rows\)\+2\), "name", "value"\)`
	for _, r := range rows {
		out = append(out, r)
	}
	return out
}

// Reported: var s []T grown before the loop; the appends before it count.
func framed(xs []int) []string {
	var out []string // want `out reallocates as it grows to len\(xs\)\+2 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\+2\)`
	out = append(out, "[")
	for _, x := range xs {
		out = append(out, strconv.Itoa(x))
	}
	out = append(out, "]")
	return out
}

// Reported: an append of a whole slice before the loop counts its length.
func prefixed(prefix, xs []int) []int {
	out := []int{} // want `out reallocates as it grows to len\(prefix\)\+len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(prefix\)\+len\(xs\)\)`
	out = append(out, prefix...)
	for _, x := range xs {
		out = append(out, x*2)
	}
	return out
}

// Reported: k appends per iteration over a map.
func flat(m map[string]string) []string {
	kv := make([]string, 0) // want `kv reallocates as it grows to 2\*len\(m\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, 2\*len\(m\)\)`
	for k, v := range m {
		kv = append(kv, k, v)
	}
	return kv
}

// Reported: a count through a pointer is evaluated where the slice is made
// when nothing happens in between: the loop would dereference it at once.
type bag struct{ items []string }

func (s *bag) upper() []string {
	out := make([]string, 0) // want `out reallocates as it grows to len\(s\.items\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(s\.items\)\)`
	for _, it := range s.items {
		out = append(out, it+"!")
	}
	return out
}

// Reported: but not across a call, which could observe a panic moved
// before it; grown just before the loop instead.
func (s *bag) logged(log func(string)) []string {
	out := []string{} // want `out reallocates as it grows to len\(s\.items\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(s\.items\)\)`
	log("start")
	for _, it := range s.items {
		out = append(out, it)
	}
	return out
}

// Reported: a map whose bound is only known later is made just before the
// loop.
func (s *bag) index(load func() *bag) map[string]int {
	m := map[string]int{} // want `m rehashes as it grows by len\(t\.items\) assignments in a loop on each call: it has no size hint; create it just before the loop with make\(map\[string\]int, len\(t\.items\)\) \(no automatic fix: t is not in scope where it is created\)`
	t := load()
	for i, it := range t.items {
		m[it] = i
	}
	return m
}

// Reported, no fix: a count that calls a function, here one that allocates
// the keys it counts, is never written as a size.
func mapKeys(v reflect.Value) []string {
	var names []string // want `names reallocates as it grows to len\(v\.MapKeys\(\)\) elements by append in a loop on each call: it starts without capacity; assign v\.MapKeys\(\) to a variable xs before creating it, create it with make\(\[\]string, 0, len\(xs\)\), and use xs in the loop instead of the call`
	for _, k := range v.MapKeys() {
		names = append(names, k.String())
	}
	return names
}

// Reported: a counted loop down from n - 1 counts n.
func reversed(xs []int) []int {
	out := []int{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\)`
	for i := len(xs) - 1; i >= 0; i-- {
		out = append(out, xs[i])
	}
	return out
}

// Reported: a store after the loop needs room too, or the last entry
// would grow the table the hint sized.
func withSelf(parent map[string]int, self string) map[string]int {
	m := map[string]int{} // want `m rehashes as it grows by len\(parent\)\+1 assignments in a loop on each call: it has no size hint; create it with make\(map\[string\]int, len\(parent\)\+1\)`
	for k, v := range parent {
		m[k] = v
	}
	m[self] = 0
	return m
}

type style struct {
	entries map[string]int
	parent  *style
}

func (s *style) names() []string { return nil }

// Silent: the second loop runs only with a parent, so the count is an upper
// bound (and s.parent.names() could not be evaluated without one).
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

// Silent: a slice filled in a loop that runs only sometimes.
func maybe(xs []int, ok bool) []int {
	out := []int{}
	if ok {
		for _, x := range xs {
			out = append(out, x)
		}
	}
	return out
}

// Reported: a nil guard around a range changes no count (a nil map ranges
// 0 times).
func (s *style) own(extra []string) map[string]bool {
	seen := map[string]bool{} // want `seen rehashes as it grows by len\(s\.entries\)\+len\(extra\) assignments in a loop on each call: it has no size hint; create it with make\(map\[string\]bool, len\(s\.entries\)\+len\(extra\)\)`
	if s.entries != nil {
		for k := range s.entries {
			seen[k] = true
		}
	}
	for _, k := range extra {
		seen[k] = true
	}
	return seen
}
