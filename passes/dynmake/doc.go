// Package dynmake defines an Analyzer that reports make calls and other
// allocations whose memory the compiler must put on the heap, where a
// change keeps it on the stack or reuses it.
//
// # Analyzer dynmake
//
// dynmake: report make calls that go to the heap when they need not
//
// The compiler keeps a make result on the stack only when it does not
// escape and its size is a small enough constant. Two cases cost an
// allocation that a change avoids.
//
// A make with a non-constant size whose result escapes, inside a loop,
// allocates a new backing array on every iteration. When each iteration's
// buffer is dropped before the next (it is passed to a reader or writer, a
// func value, or a function of the package that does the same), one buffer
// hoisted out of the loop and resized (buf = buf[:n] when cap(buf) >= n)
// serves them all, or a sync.Pool of *[]byte serves many calls. Buffers
// that are kept (stored, sent, captured, deferred) are not reported: each
// needs its own memory; nor is a buffer used after its loop (a retry loop
// that makes a bigger one until it is enough, a search that returns the
// one it found), nor the hoisted buffer itself, grown when too small. Where
// the buffer goes to code the compiler cannot see (an interface method, a
// func value, a callee whose parameter leaks), the advice says it holds
// only if that code does not keep it, for the size limits below too. Since Go
// 1.25 a non-escaping make([]T, n) gets a 32-byte stack buffer and
// allocates only beyond it; the check stays silent there (setting
// small-stack reports it as "may allocate"), except for element types
// larger than 32 bytes, which never fit. The buffer is the compiler's,
// whatever a file's language version: a go1.24 module built with go1.26
// allocates nothing there (measured), so the check does not ask it.
//
// A constant size above the compiler's stack limits goes to the heap
// whether it escapes or not: 64 KiB for implicit allocations (make([]T,
// k), new(T), &T{}; ir.MaxImplicitStackVarSize) and 128 KiB for explicit
// variables (var a [N]T, a := T{}; ir.MaxStackVarSize), in Go 1.26. A
// buffer between the two limits stays on the stack when declared as a
// variable (var buf [N]byte, then buf[:]); a larger one is better reused.
//
// Bad:
//
//	for _, n := range sizes {
//		buf := make([]byte, n)
//		m, err := r.Read(buf)
//		if err != nil {
//			return err
//		}
//		process(buf[:m])
//	}
//
// Good:
//
//	var buf []byte
//	for _, n := range sizes {
//		if cap(buf) < n {
//			buf = make([]byte, n)
//		}
//		buf = buf[:n]
//		m, err := r.Read(buf)
//		if err != nil {
//			return err
//		}
//		process(buf[:m])
//	}
//
// Cost: 8 allocs/op and 15664 B/op making a buffer per iteration for eight
// reads of 100 to 4096 bytes, against 4 allocs/op and 7680 B/op with one
// hoisted buffer that grows when needed, and 0 allocs/op and 0 B/op with a
// warm sync.Pool of *[]byte; a 1 MiB make per iteration costs 1048576 B/op
// each time, against once hoisted (BenchmarkBad vs BenchmarkGood, TestCost,
// go1.26 amd64).
//
// Fix: not offered: where the buffer can live (hoisted, pooled, a
// variable) and whether the callee keeps it are decisions for a person.
//
// Limitations: escape comes from heaplint's escape analysis
// (internal/escape), which does not inline or devirtualize, so a call
// through an interface or func value counts only when the compiler cannot
// see what is behind it either (a parameter, a captured variable, a value
// loaded from memory; not one made or returned by a call in the function,
// which inlining can reveal); calls of functions of other packages
// (io.ReadFull, os.(*File).Read), whose parameters it assumes to leak
// rather than knows to, are not reported.
// Buffers kept beyond the iteration are not reported even when one large
// allocation could be sliced up for all of them. Explicit variables that
// go/ssa keeps in registers (never addressed) are not seen. -smallframes
// lowers the limits; the check assumes the defaults.
package dynmake
