// Package reuse defines an Analyzer that reports buffers, maps and values
// that a function called in a loop allocates anew on each call, where one
// kept across calls and reset would do.
//
// # Analyzer reuse
//
// reuse: report per-call allocations that could be reused
//
// In the benchmarks of real modules about half of the bytes allocated go to
// buffers, maps and structs made on every call of a function that is
// itself called many times: a make([]byte, 0, n) that a message is encoded
// into and written out, a make(map[K]V, len(x)) used to deduplicate, a
// &T{} decoded into and read. Each dies with the call, so one kept across
// calls (a field of the receiver, a buffer the caller passes in) and reset
// at the start of each call (buf = buf[:0], clear(m), *p = T{}) does the
// same work without allocating; a sync.Pool serves calls that run on
// several goroutines at once.
//
// The check looks at the functions that run often: those called from a
// loop of their package (and, with a profile, those the profile samples).
// In them it reports, outside loops (loops belong to dynmake, unsizedmake
// and addrescape), a make, a map, a slice literal, new(T), &T{...} or a
// variable moved to the heap when the compiler puts it on the heap:
//   - it escapes (as the compiler decides: internal/escape, with the
//     compiler's own tags for the standard library): worded "allocates";
//   - or it does not escape but the runtime puts it on the heap: a make
//     with a non-constant size beyond the 32-byte stack buffer, a map sized
//     or filled beyond the 8 entries kept on the stack: worded "goes to the
//     heap".
//
// It reports only what dies with the call: the value, a slice of it or an
// append to it is not returned, stored into memory, a map or a channel,
// captured by a closure that escapes, handed to a go statement, or passed
// to a function that keeps it (a function of the package is followed into;
// a standard library function is judged by the compiler's tags, and one
// whose parameter leaks counts as keeping it unless it is a reader, writer,
// formatter, decoder or sort that does not; other modules' functions count
// as keeping it). Reuse is wrong for what is kept, so nothing is reported
// there: a constructor's result, a buffer stored into a field, a value
// sent on a channel. Passed to an interface method or a func value, whose
// code is unknown, it is reported with the condition "if Method does not
// keep it"; io.Reader's Read and io.Writer's Write promise not to.
// A map literal of constants that is only read is a lookup table: the
// advice is to build it once, in a package-level variable.
//
// Bad:
//
//	func (e *Encoder) Encode(r Record) error {
//		buf := make([]byte, 0, 256)
//		buf = r.AppendTo(buf)
//		_, err := e.w.Write(buf)
//		return err
//	}
//
// Good:
//
//	func (e *Encoder) Encode(r Record) error {
//		e.buf = r.AppendTo(e.buf[:0])
//		_, err := e.w.Write(e.buf)
//		return err
//	}
//
// Cost: encoding eight records with a 64-byte buffer made per call costs
// 8 allocs/op and 512 B/op, against 0 allocs/op and 0 B/op with one buffer
// kept in the encoder and reset (BenchmarkBad vs BenchmarkGood, go1.26
// amd64).
//
// Fix: not offered: where the reused value lives (a field, the caller, a
// pool) and whether calls may overlap are decisions for a person.
//
// Limitations: a function is hot when it is called from a loop of its own
// package; one called in a loop from another package, or through an
// interface, is not seen without a profile. Reuse assumes calls do not
// overlap: a method called from several goroutines, or recursively,
// needs a sync.Pool instead of a field. A value replaced in a field on
// each call (s.buf = make(...)) is not reported, since the previous one
// may still be referenced. Escape comes from heaplint's escape analysis,
// which does not inline: a call through an interface or func value counts
// only when the compiler cannot see what is behind it either.
package reuse
