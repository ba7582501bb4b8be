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
// instead, by callee family, only where it keeps behaviour and measurably
// allocates less (TestRemedies): fmt and log printing, strconv's Append
// functions, io.WriteString and concatenation (and, for the fmt calls whose
// output another expression produces exactly, a fix); slog, LogAttrs with
// typed attributes; sort, slices.SortFunc where the file's Go version has
// it; encoding/json, &x where x already lives behind a pointer; sync.Pool,
// pointers kept in the pool. reflect, sync.Map, atomic.Value, errors,
// exported parameters and calls through func values get no rewrite: the
// message says what allocates and why. A pointer is never advised where
// the callee treats *T differently from T (fmt prints &{...}, sort.Slice
// panics), nor where &x of a local would move x to the heap (one
// allocation either way). Calls of another module's functions (directly or
// through the package's own helpers) rest on an assumption, as heaplint
// cannot see them: they are worded "may allocate (if F keeps it...)".
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
// Worth changing: a conversion outside loops for which no rewrite keeps
// behaviour (reflect, sync.Map keys, an exported function's interface
// parameter, fmt printing a struct without a String method) is not
// reported unless the no-remedy setting is on or a profile weighs it: it
// runs once per call and there is nothing to write instead; inside a loop
// it is reported all the same, saying what allocates and why. A value that
// escapes only if another module's function keeps it is reported ("may
// allocate") with unknown-callees, as capture and addrescape do.
//
// Generic code: a generic function of the package whose body converts a
// value of a type parameter to an escaping interface (in SSA, a ChangeType
// from the type parameter) is reported at each call that instantiates it
// with a non-pointer type argument, e.g. a Pool[[]byte] whose Put calls
// sync.Pool.Put; a generic function that its package never instantiates is
// reported in its body, as "may allocate".
//
// Calls of fmt.Sprintf, Sprint, Errorf, Fprintf and Fprint whose output
// strconv, hex.EncodeToString, errors.New, io.WriteString or a
// concatenation produce byte for byte (internal/fmtfix: no flags, no
// widths, no operand whose String, Error or Format method fmt would call)
// carry that rewrite as a fix; such a call that boxes nothing (a constant
// message, a single-byte operand) is reported as formatting with fmt for
// nothing. Where libcall rewrites the call's result (appended or written),
// boxing offers no fix.
//
// Bad:
//
//	for _, p := range points {
//		fmt.Fprintln(w, p) // Point{X, Y, Z float64}: 24 bytes copied to the heap per call
//	}
//
// Good:
//
//	for _, p := range points {
//		buf = append(buf[:0], '{')
//		buf = strconv.AppendFloat(buf, p.X, 'g', -1, 64)
//		buf = append(buf, ' ')
//		buf = strconv.AppendFloat(buf, p.Y, 'g', -1, 64)
//		buf = append(buf, ' ')
//		buf = strconv.AppendFloat(buf, p.Z, 'g', -1, 64)
//		buf = append(buf, '}', '\n')
//		w.Write(buf) // the same bytes as Fprintln
//	}
//
// Cost: printing 4 points of 24 bytes with fmt.Fprintln costs 4 allocs/op
// and 96 B/op, against 0 allocs/op and 0 B/op appending them with
// strconv.AppendFloat into one buffer (BenchmarkBad vs BenchmarkGood,
// go1.26 amd64). Per family (TestRemedies, allocs/op): slog key-value 2
// vs LogAttrs 0; sort.Slice 2 vs slices.SortFunc 0; fmt.Sprintf("%d") 2 vs
// strconv.Itoa 1; Sprintf("%s/%s") 3 vs concatenation 1; Sprintf("%x") 2
// vs hex.EncodeToString 1; json Encode(ps[i]) 1 vs Encode(&ps[i]) 0;
// Pool.Put([]byte) 1 vs Put(*[]byte) 0.
//
// Fix: offered for the fmt calls above, proven output-identical by running
// both forms on sample values (internal/fmtfix); the imports it needs are
// added and fmt's is removed with its last use. Fixes that add different
// imports to one file may conflict in go vet -fix style drivers: run -fix
// again.
//
// Limitations: the escape analysis does not inline, so a value passed to a
// small function that the compiler inlines may be reported although the
// compiler keeps it on the stack, and boxing inside an inlined callee is
// reported once, in the callee, not at each call the compiler copies it to;
// calls into other modules are assumed to leak their arguments (worded
// "may allocate"); a generic function of the package used as a func value,
// method value or through an interface is not judged at those uses; generic
// functions of other packages are not looked into, nor a generic function
// that is only instantiated by generic callers that are never instantiated;
// a value of more than 1024 bytes that does not escape is still boxed on the
// heap by the compiler, silently, and is not reported; generated files are
// skipped (the report policy), as are panic arguments.
package boxing
