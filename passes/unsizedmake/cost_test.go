package unsizedmake_test

import (
	_ "embed"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
)

//go:embed doc.go
var doc string

type user struct{ Name string }

var (
	users = func() []user {
		us := make([]user, 1000)
		for i := range us {
			us[i].Name = strconv.Itoa(i)
		}
		return us
	}()
	input    = make([]int, 1000)
	sinkS    []string
	sinkI    []int
	sinkM    map[int]int
	sinkN    int
	lineText = "the quick brown fox jumps over the lazy dog and keeps on running past the river bank"
)

// The doc's Bad and Good forms (TestDocForms holds them to doc.go).

func growNames() {
	var names []string
	for _, u := range users {
		names = append(names, u.Name)
	}
	sinkS = names
}

func sizedNames() {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.Name)
	}
	sinkS = names
}

// Maps: no hint against a hint.

func growMap() {
	m := make(map[int]int)
	for i, x := range input {
		m[i] = x
	}
	sinkM = m
}

func sizedMap() {
	m := make(map[int]int, len(input))
	for i, x := range input {
		m[i] = x
	}
	sinkM = m
}

// A nil result that must stay nil: slices.Grow before the loop.

//go:noinline
func returnedNil(xs []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

//go:noinline
func returnedGrown(xs []int) []int {
	var out []int
	out = slices.Grow(out, len(xs))
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

// A non-empty literal: its elements appended to a sized make.

//go:noinline
func literalStart(xs []int) []int {
	out := []int{-1, -2}
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

//go:noinline
func literalSized(xs []int) []int {
	out := append(make([]int, 0, len(xs)+2), -1, -2)
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}

// Regrowth on each call of a hot function: one backing array kept in a
// field, or in a sync.Pool, against a fresh one per call.

type tokenizer struct{ fields []string }

func words(s string, yield func(string)) {
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != ' ' {
			i++
		}
		yield(s[:i])
		s = s[min(i+1, len(s)):]
	}
}

//go:noinline
func (t *tokenizer) countFresh(line string) int {
	var fields []string
	for w := range words2(line) {
		fields = append(fields, w)
	}
	return longestOf(fields)
}

//go:noinline
func (t *tokenizer) countReused(line string) int {
	fields := t.fields[:0]
	for w := range words2(line) {
		fields = append(fields, w)
	}
	t.fields = fields
	return longestOf(fields)
}

var fieldPool = sync.Pool{New: func() any { return new([]string) }}

//go:noinline
func countPooled(line string) int {
	p := fieldPool.Get().(*[]string)
	fields := (*p)[:0]
	for w := range words2(line) {
		fields = append(fields, w)
	}
	n := longestOf(fields)
	*p = fields
	fieldPool.Put(p)
	return n
}

func words2(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		words(s, func(w string) { _ = yield(w) })
	}
}

func longestOf(fields []string) int {
	n := 0
	for _, f := range fields {
		n = max(n, len(f))
	}
	return n
}

// Regrowth on each iteration: hoisted and reset with [:0].

//go:noinline
func perIteration(lines []string) int {
	best := 0
	for _, l := range lines {
		var ws []string
		for w := range words2(l) {
			ws = append(ws, w)
		}
		best = max(best, longestOf(ws))
	}
	return best
}

//go:noinline
func hoisted(lines []string) int {
	best := 0
	var ws []string
	for _, l := range lines {
		ws = ws[:0]
		for w := range words2(l) {
			ws = append(ws, w)
		}
		best = max(best, longestOf(ws))
	}
	return best
}

// The silent cost model (fixtures in testdata/src/unsizedmake/small.go):
// shapes where presizing saves nothing, and the reported ones next to them.

func use(xs []int) int { return len(xs) }

//go:noinline
func fourLocal() int {
	var out []int
	for i := range 4 {
		out = append(out, i)
	}
	t := 0
	for _, x := range out {
		t += x
	}
	return t
}

//go:noinline
func fourLocalSized() int {
	out := make([]int, 0, 4)
	for i := range 4 {
		out = append(out, i)
	}
	t := 0
	for _, x := range out {
		t += x
	}
	return t
}

//go:noinline
func fourPassed() int {
	var out []int
	for i := range 4 {
		out = append(out, i)
	}
	return use(out)
}

//go:noinline
func fourPassedSized() int {
	out := make([]int, 0, 4)
	for i := range 4 {
		out = append(out, i)
	}
	return use(out)
}

//go:noinline
func fiveLocal() int {
	var out []int
	for i := range 5 {
		out = append(out, i)
	}
	return use(out)
}

//go:noinline
func fiveLocalSized() int {
	out := make([]int, 0, 5)
	for i := range 5 {
		out = append(out, i)
	}
	return use(out)
}

//go:noinline
func eightReturned() []int {
	out := []int{}
	for i := range 8 {
		out = append(out, i)
	}
	return out
}

//go:noinline
func eightReturnedSized() []int {
	out := make([]int, 0, 8)
	for i := range 8 {
		out = append(out, i)
	}
	return out
}

//go:noinline
func nineReturned() []int {
	out := []int{}
	for i := range 9 {
		out = append(out, i)
	}
	return out
}

//go:noinline
func nineReturnedSized() []int {
	out := make([]int, 0, 9)
	for i := range 9 {
		out = append(out, i)
	}
	return out
}

var kept []int

//go:noinline
func fourEscaping() {
	var out []int
	for i := range 4 {
		out = append(out, i)
		kept = out
	}
}

//go:noinline
func fourEscapingSized() {
	out := make([]int, 0, 4)
	for i := range 4 {
		out = append(out, i)
		kept = out
	}
}

//go:noinline
func entries(n int) map[int]int {
	m := make(map[int]int)
	for i := range n {
		m[i] = i
	}
	return m
}

//go:noinline
func entriesHinted(n int) map[int]int {
	m := make(map[int]int, n)
	for i := range n {
		m[i] = i
	}
	return m
}

//go:noinline
func localEntries(n int) int {
	m := make(map[int]int)
	for i := range n {
		m[i] = i
	}
	return len(m)
}

//go:noinline
func localEntriesHinted(n int) int {
	m := make(map[int]int, n)
	for i := range n {
		m[i] = i
	}
	return len(m)
}

func TestDocForms(t *testing.T) {
	doccost.Forms(t, doc, "unsizedmake", "cost_test.go", []string{"growNames"}, []string{"sizedNames"})
}

// TestCost measures the doc's forms and every remedy the check advises,
// and holds the doc's Cost figures to them.
func TestCost(t *testing.T) {
	tk := &tokenizer{}
	lines := []string{lineText, lineText[10:], lineText[20:]}
	slice, sized := doccost.Less(t, "doc: names grown / presized", growNames, sizedNames)
	mapBad, mapGood := doccost.Less(t, "map: no hint / hinted", growMap, sizedMap)
	doccost.Less(t, "nil result: grown / slices.Grow", func() { sinkI = returnedNil(input) }, func() { sinkI = returnedGrown(input) })
	doccost.Less(t, "literal start: grown / append(make(...), elems...)", func() { sinkI = literalStart(input) }, func() { sinkI = literalSized(input) })
	regrown, reused := doccost.Less(t, "regrowth per call: fresh / kept in a field", func() { sinkN = tk.countFresh(lineText) }, func() { sinkN = tk.countReused(lineText) })
	doccost.Less(t, "regrowth per call: fresh / sync.Pool", func() { sinkN = tk.countFresh(lineText) }, func() { sinkN = countPooled(lineText) })
	doccost.Less(t, "regrowth per iteration: fresh / hoisted", func() { sinkN = perIteration(lines) }, func() { sinkN = hoisted(lines) })
	doccost.Quoted(t, doc, "unsizedmake", 0.05, slice, sized, mapBad, mapGood, regrown, reused)
}

// TestSilentCostModel measures the shapes the check is silent on because
// presizing would save nothing (Go 1.26: the append stack buffer, maps of
// one group), and the ones just past them that it reports.
func TestSilentCostModel(t *testing.T) {
	doccost.Same(t, "4 ints, not escaping", func() { sinkN = fourLocal() }, func() { sinkN = fourLocalSized() })
	doccost.Same(t, "8 ints, returned", func() { sinkI = eightReturned() }, func() { sinkI = eightReturnedSized() })
	doccost.Same(t, "8 map entries", func() { sinkM = entries(8) }, func() { sinkM = entriesHinted(8) })
	doccost.Less(t, "4 ints, passed to a function", func() { sinkN = fourPassed() }, func() { sinkN = fourPassedSized() })
	doccost.Less(t, "5 ints, not escaping", func() { sinkN = fiveLocal() }, func() { sinkN = fiveLocalSized() })
	doccost.Less(t, "9 ints, returned", func() { sinkI = nineReturned() }, func() { sinkI = nineReturnedSized() })
	doccost.Less(t, "4 ints, escaping in the loop", fourEscaping, fourEscapingSized)
	doccost.Less(t, "9 map entries", func() { sinkM = entries(9) }, func() { sinkM = entriesHinted(9) })
	doccost.Same(t, "14 entries, not escaping", func() { sinkN = localEntries(14) }, func() { sinkN = localEntriesHinted(14) })
	doccost.Less(t, "15 entries, not escaping", func() { sinkN = localEntries(15) }, func() { sinkN = localEntriesHinted(15) })
}

func BenchmarkBad(b *testing.B) {
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			growNames()
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			growMap()
		}
	})
}

func BenchmarkGood(b *testing.B) {
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sizedNames()
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sizedMap()
		}
	})
}
