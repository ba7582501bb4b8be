// Package addrescape defines an Analyzer that reports addresses of
// variables and composite literals that escape inside loops.
//
// # Analyzer addrescape
//
// addrescape: report addresses that escape to the heap in loops
//
// A variable whose address outlives it (appended to a slice, stored into
// a field, a global or a channel, returned, handed to a function that keeps
// it) is moved to the heap by the compiler: allocated anew each time its
// declaration runs, so inside a loop on every iteration. Since Go 1.22 the
// variables of a for or range statement are per iteration too, so &v of a
// range variable copies each element to the heap. &T{...} and new(T)
// allocate the same way; the check reports them when they are collected
// (appended to a slice, stored into a slice element, sent on a channel),
// where values or one batch allocation would do, and when a loop hands a
// fresh one to an interface method, a func value or a standard library
// function whose parameter leaks (json.Encoder.Encode: the compiler must
// assume the callee keeps it), where one value reset on each iteration
// would do if the callee does not keep it; not where a loop builds linked
// objects (stored into fields, returned, handed to a function of the
// package that keeps it). A slice literal []T{...} handed to such a callee
// in a loop allocates its array the same way and is reported too. The
// check follows the compiler's escape analysis (internal/escape, with the
// compiler's own tags for standard library callees), and is silent where
// it does not allocate: &xs[i] points into the slice, an address used
// only locally stays on the stack, and a constructor's return &T{...}
// allocates once per call.
//
// The message names the variable or literal, what its address escapes
// through, and what helps: point into the source with &xs[i] when ranging
// over a slice or an array; keep values instead of pointers; allocate the
// values together with one make([]T, n) and point into it; copy the
// variable where its address is needed when that is outside the loop (a
// return); declare it before the loop and reset it when a callee only
// looks at it; for a literal handed to a callee, one value allocated
// before the loop and reset with *p = T{...} (or a slice refilled with
// append(s[:0], ...)) if the callee does not keep it, else one
// make([]T, n) to point into.
//
// Bad:
//
//	var ptrs []*item
//	for _, it := range items {
//		ptrs = append(ptrs, &it)
//	}
//
// Good:
//
//	ptrs := make([]*item, 0, len(items))
//	for i := range items {
//		ptrs = append(ptrs, &items[i])
//	}
//
// Cost: 100 elements of 32 bytes: &it of the loop variable, 101 allocs/op
// and 4,096 B/op, against 1 alloc/op and 896 B/op pointing into the slice;
// &item{...} per element, 101 allocs/op and 4,096 B/op, against 2
// allocs/op and 4,352 B/op allocating the items in one slice;
// &item{...} per element handed to an interface method, 100 allocs/op,
// 3,200 B/op and 5.9 µs/op against 1 alloc/op, 32 B/op and 0.85 µs/op
// resetting one item (BenchmarkBad vs BenchmarkGood, go1.26 amd64).
//
// Fix: not offered: &xs[i] aliases the slice where the copy did not, and
// a slice of values changes types.
//
// Limitations: only allocations inside loops are reported unless
// outside-loops is set. Pointers stored into maps are mapptr's, and
// variables captured by closures that escape are capture's. An address
// handed to a function of another, non-standard package is reported only
// with unknown-callees, as "may allocate": heaplint has no summary of such
// a function. The escape analysis does not inline (a callee the compiler
// inlines may keep the variable on the stack) and lacks the compiler's
// loop-depth rule (an address stored into a variable declared outside the
// loop is heap-allocated by the compiler but not reported). Before Go 1.22
// a loop variable is one variable for the whole loop, moved to the heap
// once: not reported. A literal handed to an interface method whose
// receiver the compiler can resolve (built in the function) is not
// reported: the compiler may devirtualize the call.
package addrescape
