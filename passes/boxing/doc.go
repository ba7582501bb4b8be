// Package boxing defines an Analyzer that reports conversions of values to
// interfaces that allocate on the heap.
//
// # Analyzer boxing
//
// boxing: report conversions to interfaces that allocate
//
// An interface value holds a type and one pointer-sized word. A value that
// is not pointer-shaped (a struct, an array, a string, a slice, an integer)
// does not fit in that word: converting it to an interface copies it into a
// new heap object, unless the interface does not outlive the function (then
// the copy lives on the stack). The conversion is often invisible: an
// argument passed to a ...any parameter of fmt, log or slog, an element of
// a []any or map[string]any, a sync.Pool.Put, a sync.Map.Store, a field of
// interface type, a return of an error or any.
//
// The check reports a conversion when the interface escapes (as the
// compiler's escape analysis decides: calls of the package's functions and
// of the standard library are judged by their parameter summaries; calls
// through interfaces and func values, and calls of other modules' code,
// are assumed to keep their arguments) and the runtime allocates for it. It
// stays silent where nothing is allocated: constants and composite literals
// of constants (static data), zero-size values, single-byte values (bool,
// uint8, int8), pointer-shaped values (pointers, maps, channels, funcs,
// unsafe.Pointer, and structs and arrays of one such value),
// interface-to-interface conversions, interfaces that do not escape, and
// panic arguments. It names the type and size, where the interface escapes
// to (also as related information), the loop depth, and what to write
// instead: strconv or append-style formatting, a typed slog attribute, a
// pointer in the pool, a type parameter instead of an interface parameter.
//
// Integers of 2, 4 and 8 bytes are boxed without allocating when their
// value is below 256 (the runtime points into a static table). Over the
// standard library they are 1168 of boxing's 3469 findings; in a random
// sample of 40, about two thirds held byte offsets, IDs, timestamps, data
// lengths and line numbers, which routinely reach 256, and a third held
// compression levels, widths and key sizes, which do not. So they are
// reported by default, worded "may allocate (for values of 256 and more)",
// except named integer types whose declared constants (two at least) are
// all below 256: enumerations such as token.Token, reflect.Kind or
// syscall.Errno are boxed from the static table in practice. Set
// skip-small-ints to drop the rest. Floats allocate for every value but
// zero; strings and slices for every value but the empty string and the
// nil slice.
//
// Failure paths: values boxed on a cold path (a block that can only end in
// a panic, an exit or a return of a non-nil error, such as the arguments of
// fmt.Errorf in `if err != nil { return fmt.Errorf(...) }`; init; code that
// runs once per program) are not reported by default, as for every check
// (see the cold setting). They allocate, but once per failure, and they
// were the largest group of findings over the standard library (fmt.Errorf
// alone was 731 of 3446 outside tests). The old setting error-paths is an
// alias of cold. Findings in _test.go files are dropped unless tests is
// set, as for every check.
//
// Generic code: a generic function of the package whose body converts a
// value of a type parameter to an escaping interface (in SSA, a ChangeType
// from the type parameter) is reported at each call that instantiates it
// with a non-pointer type argument, e.g. a Pool[[]byte] whose Put calls
// sync.Pool.Put; a generic function that its package never instantiates is
// reported in its body, as "may allocate".
//
// Bad:
//
//	for _, p := range points {
//		fmt.Println(p) // Point{X, Y, Z float64}: 24 bytes copied to the heap per call
//	}
//
//	bufPool.Put(buf) // buf []byte: 24 bytes per Put
//
// Good:
//
//	for i := range points {
//		p := &points[i]
//		fmt.Println(p.X, p.Y, p.Z) // or strconv.AppendFloat into one buffer
//	}
//
//	bufPool.Put(&buf) // *[]byte is pointer-shaped
//
// Cost: printing 4 points of 24 bytes with fmt.Fprintln costs 4 allocs/op
// and 96 B/op, against 0 allocs/op and 0 B/op with strconv.AppendFloat into
// one buffer (BenchmarkBad vs BenchmarkGood, go1.26 amd64).
//
// Fix: not offered: every remedy changes types or output (fmt prints a
// pointer to a struct with a leading &).
//
// Limitations: the escape analysis does not inline, so a value passed to a
// small function that the compiler inlines may be reported although the
// compiler keeps it on the stack, and boxing inside an inlined callee is
// reported once, in the callee, not at each call the compiler copies it to;
// calls into other modules are assumed to leak their arguments; generic
// functions of other packages are not looked into, nor a generic function
// that is only instantiated by generic callers that are never instantiated;
// a value of more than 1024 bytes that does not escape is still boxed on the
// heap by the compiler, silently, and is not reported; generated files are
// skipped (the report policy), as are panic arguments.
package boxing
