package unsizedmake

import (
	"encoding/json"
	"strings"
)

type user struct {
	name string
	tags []string
}

// Reported: the canonical pattern. The nil result is returned, so it is
// grown with slices.Grow before the loop, which keeps it nil for no users.
func names(users []user) []string {
	var out []string // want `out reallocates as it grows to len\(users\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(users\)\), which leaves it nil when the loop does not run`
	for _, u := range users {
		out = append(out, u.name)
	}
	return out
}

// Reported: an empty literal grows; fixed.
func literal(users []user) []string {
	out := []string{} // want `out reallocates as it grows to len\(users\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(users\)\)`
	for _, u := range users {
		out = append(out, u.name)
	}
	return out
}

// Reported: two appends per iteration.
func pairs(xs []int) []int {
	out := make([]int, 0) // want `out reallocates as it grows to 2\*len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 2\*len\(xs\)\)`
	for _, x := range xs {
		out = append(out, x)
		out = append(out, -x)
	}
	return out
}

// Reported: three values in one append, over a counted loop.
func triples(n int) []int {
	out := []int{} // want `out reallocates as it grows to 3\*max\(n, 0\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 3\*max\(n, 0\)\)`
	for i := 0; i < n; i++ {
		out = append(out, i, i, i)
	}
	return out
}

// Reported: append(s, xs...) with xs fixed.
func repeat(sep []byte, n int) []byte {
	buf := []byte{} // want `buf reallocates as it grows to len\(sep\)\*max\(n, 0\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]byte, 0, len\(sep\)\*max\(n, 0\)\)`
	for range n {
		buf = append(buf, sep...)
	}
	return buf
}

// Reported: nested loops multiply.
func grid(w, h uint) [][2]uint {
	cells := [][2]uint{} // want `cells reallocates as it grows to w\*h elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]\[2\]uint, 0, w\*h\)`
	for y := range h {
		for x := range w {
			cells = append(cells, [2]uint{x, y})
		}
	}
	return cells
}

// Silent by default: a conditional append gives only an upper bound
// (setting upper-bounds reports it).
func positives(xs []int) []int {
	out := []int{}
	for _, x := range xs {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}

// Reported: if/else appending once either way is exact.
func signs(xs []int) []string {
	out := []string{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\)`
	for _, x := range xs {
		if x > 0 {
			out = append(out, "+")
		} else {
			out = append(out, "-")
		}
	}
	return out
}

// Silent by default: an early break makes it an upper bound.
func untilZero(xs []int) []int {
	out := []int{}
	for _, x := range xs {
		if x == 0 {
			break
		}
		out = append(out, x)
	}
	return out
}

// Reported: a small constant capacity.
func smallCap(xs []string) []string {
	out := make([]string, 0, 4) // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts with capacity 4; create it with make\(\[\]string, 0, len\(xs\)\)`
	for _, x := range xs {
		out = append(out, strings.ToUpper(x))
	}
	return out
}

// Reported: a constant bound above a constant capacity.
func constBound() []int {
	out := make([]int, 0, 8) // want `out reallocates as it grows to 100 elements by append in a loop on each call: it starts with capacity 8; create it with make\(\[\]int, 0, 100\)`
	for i := 0; i < 100; i++ {
		out = append(out, i*i)
	}
	return out
}

// Reported: loops one after the other add up.
func concat(a, b []string) []string {
	all := []string{} // want `all reallocates as it grows to len\(a\)\+len\(b\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(a\)\+len\(b\)\)`
	for _, x := range a {
		all = append(all, x)
	}
	for _, x := range b {
		all = append(all, x)
	}
	return all
}

// Reported: an early return that drops the slice leaves the count exact.
func parseAll(xs []string, parse func(string) (int, error)) ([]int, error) {
	out := make([]int, 0) // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\)`
	for _, x := range xs {
		v, err := parse(x)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Reported: a range over a map.
func keys(m map[string]int) []string {
	ks := make([]string, 0) // want `ks reallocates as it grows to len\(m\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(m\)\)`
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// Silent by default: a string has at most len(s) runes.
func runes(s string) []rune {
	rs := []rune{}
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

// Reported: maps, by make and by literal.
func index(users []user) map[string]*user {
	byName := make(map[string]*user) // want `byName rehashes as it grows by len\(users\) assignments in a loop on each call: it has no size hint; create it with make\(map\[string\]\*user, len\(users\)\)`
	for i := range users {
		byName[users[i].name] = &users[i]
	}
	return byName
}

func set(xs []int) map[int]bool {
	seen := map[int]bool{} // want `seen rehashes as it grows by len\(xs\) assignments in a loop on each call: it has no size hint; create it with make\(map\[int\]bool, len\(xs\)\)`
	for _, x := range xs {
		seen[x] = true
	}
	return seen
}

// Silent by default: a dedupe test makes the counts upper bounds.
func dedupe(xs []string) []string {
	seen := make(map[string]struct{})
	var out []string
	for _, x := range xs {
		if _, ok := seen[x]; ok {
			continue
		}
		seen[x] = struct{}{}
		out = append(out, x)
	}
	return out
}

// Silent: already sized.
func sized(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

// Silent: the loop's bound is not known before it starts.
func scan(r *strings.Reader) []byte {
	var out []byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			break
		}
		out = append(out, b)
	}
	return out
}

func drain(c chan int) []int {
	var out []int
	for x := range c {
		out = append(out, x)
	}
	return out
}

// Silent: reset inside the loop.
func batches(xs []int, flush func([]int)) {
	batch := make([]int, 0)
	for _, x := range xs {
		batch = append(batch, x)
		if len(batch) == 10 {
			flush(batch)
			batch = batch[:0]
		}
	}
	flush(batch)
}

// Reported for the inner loop only: a slice made per row, grown per element.
func perIteration(rows [][]int) [][]int {
	out := make([][]int, 0, len(rows))
	for _, row := range rows {
		var doubled []int // want `doubled reallocates as it grows to len\(row\) elements by append in a loop on each iteration: it starts without capacity; grow it just before the loop with doubled = slices\.Grow\(doubled, len\(row\)\), which leaves it nil when the loop does not run`
		for _, x := range row {
			doubled = append(doubled, 2*x)
		}
		out = append(out, doubled)
	}
	return out
}

// Silent: growth that is not the loop's accumulation.
func notCarried(xs []int, use func([]int)) {
	base := []int{}
	for _, x := range xs {
		use(append(base, x))
	}
}

// Silent: the inner bound changes with the outer loop (no total).
func flatten(rows [][]int) []int {
	var out []int
	for _, row := range rows {
		out = append(out, row...)
	}
	return out
}

// Silent: counting and grouping under fewer keys than iterations.
func count(words []string) map[string]int {
	counts := map[string]int{}
	for _, w := range words {
		counts[w]++
	}
	return counts
}

func group(users []user) map[string][]user {
	byTag := make(map[string][]user)
	for _, u := range users {
		byTag[u.tags[0]] = append(byTag[u.tags[0]], u)
	}
	return byTag
}

// Silent: inner maps stored into an outer map are nestedmap's.
func nested(pairs [][2]string) map[string]map[string]bool {
	outer := make(map[string]map[string]bool, len(pairs))
	for _, p := range pairs {
		inner := make(map[string]bool)
		for _, q := range pairs {
			inner[q[1]] = true
		}
		outer[p[0]] = inner
	}
	return outer
}

// Silent: one element.
func one(xs []int) []int {
	var out []int
	for range 1 {
		out = append(out, len(xs))
	}
	return out
}

// Silent: a deliberate larger capacity.
func bigCap(xs []int) []int {
	out := make([]int, 0, 64)
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

// Reported: nil-ness reaches encoding/json (null, not []), so it is grown
// with slices.Grow, which keeps a nil slice nil.
func encode(xs []int) ([]byte, error) {
	var doubled []int // want `doubled reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with doubled = slices\.Grow\(doubled, len\(xs\)\), which leaves it nil when the loop does not run`
	for _, x := range xs {
		doubled = append(doubled, 2*x)
	}
	return json.Marshal(doubled)
}

// Reported with a fix: nil-ness is not observable.
func sum(xs []int) int {
	var squares []int // want `squares reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(xs\)\)`
	for _, x := range xs {
		squares = append(squares, x*x)
	}
	total := 0
	for _, s := range squares {
		total += s
	}
	return total
}

// Reported: the bound is not in scope where the slice is created, so it is
// grown just before the loop.
func late(load func() []int) int {
	var out []int // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(xs\)\), which leaves it nil when the loop does not run`
	xs := load()
	for _, x := range xs {
		out = append(out, x)
	}
	return len(out)
}

// Reported, no fix: the bound calls a function, which is never written as
// a size.
func call(load func() []int) int {
	out := []int{} // want `out reallocates as it grows to len\(load\(\)\) elements by append in a loop on each call: it starts without capacity; assign load\(\) to a variable v before creating it, create it with make\(\[\]int, 0, len\(v\)\), and use v in the loop instead of the call`
	for _, x := range load() {
		out = append(out, x)
	}
	return len(out)
}

// Reported: a named result is grown before the loop.
func named(xs []int) (out []int) { // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(xs\)\), which leaves it nil when the loop does not run`
	for _, x := range xs {
		out = append(out, x)
	}
	return
}

// Reported: a range over an int is tested at the bottom, behind a guard
// that skips it, and the nil reaches the return around the loop: grown
// before the loop, it stays nil.
func rangeInt(n int) []int {
	var out []int // want `out reallocates as it grows to max\(n, 0\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, max\(n, 0\)\), which leaves it nil when the loop does not run`
	for i := range n {
		out = append(out, i)
	}
	return out
}

// Appends under an if before and after the loop make the count an upper
// bound: silent by default (see unsizedmakeupper).
func searchConditional(name string, suffixes []string, first bool) []string {
	names := []string{}
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
