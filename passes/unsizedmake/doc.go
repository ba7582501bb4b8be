// Package unsizedmake defines an Analyzer that reports slices and maps
// created without room and then filled in a loop whose trip count is known
// before the loop starts.
//
// # Analyzer unsizedmake
//
// unsizedmake: report slices and maps grown in loops of known length
//
// A slice that starts without capacity and is grown by append one element
// at a time is copied to a new backing array each time it fills up: about
// log2(n) allocations and copies for n elements, and every outgrown array
// is garbage. A map made without a size hint rehashes into a larger table
// as it fills. When the loop's trip count is known before it starts (a
// range over a slice, array, string, map or integer, or a counted loop
// whose limit the loop does not change), the final size is known too, and
// make([]T, 0, n) or make(map[K]V, n) allocates once.
//
// The check follows the slice through SSA: the creation (var s []T, []T{},
// make([]T, 0), or a small constant capacity; make(map[K]V) or map[K]V{})
// must be what enters the loop, every value the loop carries back must be an
// append to it, and each append's count must be known: one per listed
// value, len(xs) for append(s, xs...) with xs fixed. Several appends per
// iteration add up (2*len(xs)), nested loops multiply (len(xs)*n), and
// loops that follow one another add. An early return that drops what was
// filled (return nil, err) leaves the count exact. Appends on some
// iterations only (a filter, or a loop that can break), and ranges over
// strings (one iteration per rune), give only an upper bound: preallocating
// that much can waste more than growing would, so they are reported, as
// "up to" and without a fix, only with the setting upper-bounds. A slice
// reset in the loop (s = s[:0]) or replaced is not an accumulation and is
// not reported; nor are map assignments that read the same map (m[k]++,
// grouping) or use a fixed key, nor inner maps stored into an outer map
// (nestedmap reports those).
//
// Bad:
//
//	var names []string
//	for _, u := range users {
//		names = append(names, u.Name)
//	}
//
// Good:
//
//	names := make([]string, 0, len(users))
//	for _, u := range users {
//		names = append(names, u.Name)
//	}
//
// Cost: 12 allocs/op and 25208 B/op growing a []int to 1000 elements
// against 1 allocs/op and 8192 B/op preallocated; 22 allocs/op and 74456
// B/op filling a map[int]int with 1000 entries against 6 allocs/op and
// 36992 B/op with a size hint (BenchmarkBad vs BenchmarkGood, go1.26 amd64).
//
// Fix: offered when the count is exact and the rewrite keeps behaviour:
// the bound (len(xs), n, b - a, written max(n, 0) when it could be
// negative) is free of side effects and panics, its names mean the same
// where the slice is created and do not change before the loop, and the
// type is spelled as written there. var s []T becomes make only when
// nothing can tell the nil slice of a loop that does not run from an empty
// one (returning it, comparing it with nil, storing it or passing it on
// could: encoding/json writes null for one and [] for the other); otherwise
// the message says why there is no fix.
//
// Limitations: loops whose limit is read from memory (i < len(p.items),
// i < s.n) have no known trip count, nor loops stepping by more than one,
// loops over channels or iterator functions, or goto loops. A slice
// captured by a closure, or grown through a pointer or a field, is not
// followed. The counts of maps are counts of assignments, so duplicate keys
// make the size hint larger than the map.
package unsizedmake
