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
// a literal with elements, make([]T, 0), or a small constant capacity;
// make(map[K]V) or map[K]V{}) must be what enters the loop, every value the
// loop carries back must be an append to it, and each append's count must
// be known: one per listed value, len(xs) for append(s, xs...) with xs
// fixed. Several appends per iteration add up (2*len(xs)), nested loops
// multiply (len(xs)*n), loops that follow one another add, and so do a
// literal's elements and appends before, between and after the loops. An
// early return that drops what was filled (return nil, err) leaves the
// count exact. Appends on some iterations only (a filter, or a loop that
// can break), and ranges over strings (one iteration per rune), give only
// an upper bound: preallocating that much can waste more than growing
// would, so they are reported, as "at most" and without a fix, only with
// the setting upper-bounds. A slice reset in the loop (s = s[:0]) or
// replaced is not an accumulation and is not reported; nor are map
// assignments that read the same map (m[k]++, grouping) or use a fixed key,
// nor inner maps stored into an outer map (nestedmap reports those).
//
// The advice writes the size where it compiles and costs nothing: len,
// cap, min and max of local variables, parameters and fields, never a
// call (reflect.Value.MapKeys would allocate the very keys it counts: the
// message says to keep the call's result in a variable instead). A size
// that cannot be evaluated where the slice is made (a name declared later,
// a pointer the loop dereferences only after a call that could observe the
// panic) is written just before the loop as s = slices.Grow(s, n), which
// also keeps a nil slice nil when the loop does not run, so that var s
// []T returned or marshalled still gets a fix. A map is made just before
// the loop instead.
//
// Go's cost model decides what is worth saying (measured in cost_test.go).
// A map of up to 8 entries allocates its one group of slots with or
// without a hint; one that does not escape starts in a group on the stack
// and grows once into the table a hint would allocate, up to 14 entries. Since Go 1.26 the first append to an empty slice whose
// backing array does not escape grows in a 32-byte buffer on the stack,
// and one that escapes only at a single return or assignment is moved to
// the heap once: a constant count that fits 32 bytes (64 when moved) costs
// what a presized make would, and is not reported. Passing the slice to a
// function, even one that keeps nothing, moves it as well, where a
// constant-size make would have stayed on the stack.
//
// A slice that starts empty on each call of a function that a loop of the
// package calls (report.HotFunc), or on each iteration of a loop, and
// grows by a count not known before the loop, regrows through the same
// sizes every time. When nothing keeps it past the call or the iteration,
// one backing array kept across them and reset with [:0] stops that: a
// field of the receiver (if calls never overlap), a sync.Pool, or a
// variable declared before the loop. A slice that is returned, stored,
// captured, sent or passed to a function that keeps it is not reported:
// reusing its array would change what its holder sees.
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
// Cost: 9 allocs/op and 35136 B/op growing names to 1000 strings against 1
// allocs/op and 16384 B/op preallocated; 22 allocs/op and 74456 B/op
// filling a map[int]int with 1000 entries against 6 allocs/op and 37054
// B/op with a size hint; a slice regrown to 17 words on each call, 4
// allocs/op and 960 B/op, against 0 allocs/op and 0 B/op when reused
// (BenchmarkBad vs BenchmarkGood, TestCost, go1.26 amd64).
//
// Fix: offered when the count is exact and the rewrite keeps behaviour:
// the bound (len(xs), n, b - a, written max(n, 0) when it could be
// negative) is free of side effects and of panics the loop would not have
// had at the same point, its names mean the same where it is written and
// do not change before the loop, and the type is spelled as written there.
// var s []T becomes make only when nothing can tell the nil slice of a
// loop that does not run from an empty one (returning it, comparing it with
// nil, storing it or passing it on could: encoding/json writes null for one
// and [] for the other); otherwise, and for named results and sizes known
// only at the loop, s = slices.Grow(s, n) is inserted before the loop
// (go1.21), importing slices. A literal []T{a, b} becomes
// append(make([]T, 0, n), a, b). Reuse across calls or iterations is not
// fixed: where to keep the array is a decision for a person.
//
// Limitations: loops whose limit is read from memory (i < len(p.items),
// i < s.n) have no known trip count, nor loops stepping by more than one,
// loops over channels or iterator functions, or goto loops. A slice
// captured by a closure, or grown through a pointer or a field, is not
// followed. The counts of maps are counts of assignments, so duplicate keys
// make the size hint larger than the map. Whether the compiler's stack
// buffer applies is judged from heaplint's escape analysis and the slice's
// uses, in files for Go 1.26 and later. Two slices grown before the same
// loop get two insertions at one place, which drivers that merge fixes
// (go vet -fix, heaplint -fix) apply one per run. A loop over a range
// function (for x := range seq) is a closure in SSA and is not followed.
package unsizedmake
