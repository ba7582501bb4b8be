package nestedmap_test

import (
	_ "embed"
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/passes/nestedmap"
)

//go:embed doc.go
var doc string

// The doc's Bad and Good forms (TestDocForms holds them to doc.go): units
// per (user, item), one entry per inner map.
type row struct {
	user, item string
	n          int
}

var rows = func() []row {
	rs := make([]row, 1000)
	for i := range rs {
		rs[i] = row{user: "user-" + strconv.Itoa(i), item: "item-" + strconv.Itoa(i%7), n: i}
	}
	return rs
}()

func docBad() {
	m := map[string]map[string]int{}
	for _, r := range rows {
		inner, ok := m[r.user]
		if !ok {
			inner = make(map[string]int)
			m[r.user] = inner
		}
		inner[r.item] += r.n
	}
	sink = m
}

func docGood() {
	type key struct{ user, item string }
	m := make(map[key]int, len(rows))
	for _, r := range rows {
		m[key{r.user, r.item}] += r.n
	}
	sink = m
}

// The other flat key the message names: an array when every level has the
// same key type, a struct otherwise (here string and int).
func arrayKey() {
	m := make(map[[2]string]int, len(rows))
	for _, r := range rows {
		m[[2]string{r.user, r.item}] += r.n
	}
	sink = m
}

func nestedMixed() {
	m := map[string]map[int]int{}
	for i, r := range rows {
		inner, ok := m[r.user]
		if !ok {
			inner = make(map[int]int)
			m[r.user] = inner
		}
		inner[i%7] += r.n
	}
	sink = m
}

func structMixed() {
	m := make(map[struct {
		k1 string
		k2 int
	}]int, len(rows))
	for i, r := range rows {
		m[struct {
			k1 string
			k2 int
		}{r.user, i % 7}] += r.n
	}
	sink = m
}

// key is the composite key of the flat map.
type key struct{ user, region, item string }

// keys returns n distinct keys in which every user has fan regions and
// every (user, region) has fan items: fan 1 gives each entry inner maps of
// its own, larger fans fill each inner map with fan entries.
func keys(n, fan int) []key {
	ks := make([]key, n)
	for i := range ks {
		ks[i] = key{
			user:   "user-" + strconv.Itoa(i/(fan*fan)),
			region: "region-" + strconv.Itoa(i/fan%fan),
			item:   "item-" + strconv.Itoa(i%fan),
		}
	}
	return ks
}

// nested is the pattern nestedmap reports: a three-level map.
func nested(ks []key) map[string]map[string]map[string]int {
	m := map[string]map[string]map[string]int{}
	for i, k := range ks {
		byRegion, ok := m[k.user]
		if !ok {
			byRegion = map[string]map[string]int{}
			m[k.user] = byRegion
		}
		byItem, ok := byRegion[k.region]
		if !ok {
			byItem = map[string]int{}
			byRegion[k.region] = byItem
		}
		byItem[k.item] = i
	}
	return m
}

// flat is what it suggests: one map keyed by a struct of the keys.
func flat(ks []key) map[key]int {
	m := map[key]int{}
	for i, k := range ks {
		m[k] = i
	}
	return m
}

var sink any

// live returns the heap bytes still in use for the result of build.
func live(build func() any) float64 {
	var before, after runtime.MemStats
	sink = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	sink = build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	sink = nil
	return float64(after.HeapAlloc) - float64(before.HeapAlloc)
}

const entries = 100_000

var fans = []int{1, 4, 16}

func BenchmarkBad(b *testing.B) {
	for _, fan := range fans {
		ks := keys(entries, fan)
		b.Run(fmt.Sprintf("fanout=%d", fan), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = nested(ks)
			}
			b.ReportMetric(live(func() any { return nested(ks) }), "live-B")
		})
		runtime.KeepAlive(ks)
	}
}

func BenchmarkGood(b *testing.B) {
	for _, fan := range fans {
		ks := keys(entries, fan)
		b.Run(fmt.Sprintf("fanout=%d", fan), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = flat(ks)
			}
			b.ReportMetric(live(func() any { return flat(ks) }), "live-B")
		})
		runtime.KeepAlive(ks)
	}
}

func TestDocForms(t *testing.T) {
	doccost.Forms(t, doc, "nestedmap", "cost_test.go", []string{"docBad"}, []string{"docGood"})
}

// TestCost measures the doc's forms and each flat map the check advises
// against the nested one, and holds the doc's figures (100,000 entries
// under three string keys, one per inner map) to the same functions.
func TestCost(t *testing.T) {
	doccost.Less(t, "doc: nested / struct key", docBad, docGood)
	doccost.Less(t, "nested / array key", docBad, arrayKey)
	doccost.Less(t, "nested string, int / struct key", nestedMixed, structMixed)
	ks := keys(1000, 1)
	doccost.Less(t, "three levels, 1000 entries / flat", func() { sink = nested(ks) }, func() { sink = flat(ks) })
	if testing.Short() {
		return
	}
	big := keys(entries, 1)
	bad := doccost.Measure(2, func() { sink = nested(big) })
	good := doccost.Measure(2, func() { sink = flat(big) })
	doccost.Quoted(t, doc, "nestedmap", 0.05, bad, good)
}

func TestExample(t *testing.T) {
	doccost.Example(t, nestedmap.Analyzer, "../../testdata/example", "nestedmap.go")
}
