package nestedmap_test

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"
)

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

func TestCost(t *testing.T) {
	ks := keys(1000, 1)
	bad := testing.AllocsPerRun(5, func() { sink = nested(ks) })
	good := testing.AllocsPerRun(5, func() { sink = flat(ks) })
	if bad <= good {
		t.Errorf("three-level nested map: %v allocs/op, flat map: %v; want more for the nested map", bad, good)
	}
	t.Logf("1000 entries: nested %v allocs/op, flat %v allocs/op", bad, good)
}
