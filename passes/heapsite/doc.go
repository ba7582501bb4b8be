// Package heapsite defines an Analyzer that explains, with a heap profile,
// every line that holds a large share of what the profile allocated and
// that no other check reports.
//
// # Analyzer heapsite
//
// heapsite: explain heavy lines of a heap profile that no check reports
//
// The other checks know patterns: a boxed value, a map of pointers, a
// slice grown without capacity. A heap profile of a real program charges
// most of its bytes elsewhere: to buffers made on every call, to library
// calls that return fresh memory, to structures kept for later. With a
// heap profile (the profile setting, or -profile), heapsite looks at every
// line of the package that holds at least min-share of the profile's
// allocated bytes (1% by default) and that no other check's finding is
// about, and says what allocates there and why it is on the heap: the
// value the line makes and where it escapes to (returned, stored into a
// field, kept by a callee), the append that grows a slice, or the call
// inside which the allocation happens (the profile charges the line in
// this package that calls into the standard library or another module).
// It names the remedy that fits: reuse across calls (a field reset with
// [:0] or clear, a sync.Pool), a size given up front, a form of the callee
// that appends into a buffer the caller keeps. Without a heap profile it
// reports nothing.
//
// Bad:
//
//	buf := make([]byte, 0, 64<<10) // in a handler: 40% of the profile's bytes
//	s.w.Write(s.render(buf, req))
//
// Good:
//
//	s.buf = s.render(s.buf[:0], req) // one buffer in the receiver, reused
//	s.w.Write(s.buf)
//
// Cost: the 64 KiB buffer made on each call costs 1 allocs/op and 65536
// B/op, against 0 allocs/op and 0 B/op reused (BenchmarkBad vs
// BenchmarkGood, go1.26 amd64).
//
// Fix: not offered: reuse changes who owns the memory, which only the
// author can decide.
//
// Limitations: lines are judged from the SSA of their own function; an
// allocation that the compiler copied into another function by inlining is
// charged to the line it came from, which is explained where it is
// written. A line whose allocation heaplint cannot name is still reported,
// with what the profile says, so that no heavy line goes unexplained.
package heapsite
