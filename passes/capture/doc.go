// Package capture defines an Analyzer that reports closures that escape
// to the heap inside loops, and the variables they move there.
//
// # Analyzer capture
//
// capture: report closures and method values that escape in loops
//
// A function literal that captures variables is a closure: an object
// holding its code pointer and its captured variables. When the closure
// outlives the statement that creates it (started by go, returned, stored
// into a global, a slice, a map, a channel or the heap, deferred inside a
// loop, handed to a function that keeps it, or called through a func value
// or an interface method, whose arguments the compiler assumes escape), the
// compiler allocates it on the heap, once per execution: on every
// iteration inside a loop. A captured variable that is reassigned after
// the capture, whose address is taken, or that is larger than 128 bytes is
// captured by reference, and moves to the heap too ("moved to heap: x"),
// one more allocation each. The check follows the compiler's escape
// analysis (internal/escape, with the compiler's own tags for standard
// library callees) and its capture rules, version-aware: before Go 1.22 a
// loop variable is one variable for the whole loop, captured by reference.
// Closures that are called directly, deferred outside loops, or handed to
// functions that do not keep them (sort.Slice, slices.SortFunc,
// strings.Map, sync.Once.Do) stay on the stack and are not reported; nor
// are subtests (t.Run, b.Run, f.Fuzz), which allocate a closure per case
// by the testing API's design.
//
// A method value x.M used as a func value is a closure too (its code and a
// copy of the receiver x), allocated each time the expression runs when it
// escapes: the check reports it the same way, and suggests making it once
// before the loop when x does not change in the loop, or storing x itself
// when method values are stored to be called later.
//
// The message says what the closure escapes through, which variables move,
// and how deep in loops it is, with what helps: start a fixed set of
// workers before the loop and send them values instead of a goroutine per
// item; create the closure once before the loop when it captures nothing
// declared in the loop (and a go or defer statement passes it no
// arguments); store values rather than closures; capture one
// pointer to a struct instead of several variables that move. A go
// statement that calls a named function with arguments (go f(x)) is not
// cheaper: the compiler wraps it in a closure too.
//
// Bad:
//
//	for _, j := range jobs {
//		go func() { run(j) }()
//	}
//
// Good:
//
//	ch := make(chan job)
//	worker := func() {
//		for j := range ch {
//			run(j)
//		}
//	}
//	for range workers {
//		go worker()
//	}
//	for _, j := range jobs {
//		ch <- j
//	}
//	close(ch)
//
// Cost: 100 jobs: a goroutine per job started with a closure, 102 allocs/op
// and 6,440 B/op, against 5 allocs/op and 576 B/op for four workers running
// one closure made before the loop, fed over a channel (and about three
// times faster); a closure stored per job to run later, 102 allocs/op and
// 5,704 B/op, against 1 alloc/op and 2,688 B/op storing the jobs; a
// method value a.add handed to a func value per job, 101 allocs/op, 1,608
// B/op and 5.7 µs/op, against 2 allocs/op, 24 B/op and 1.0 µs/op made once
// before the loop (BenchmarkBad vs BenchmarkGood, go1.26 amd64).
//
// Fix: not offered: each remedy changes the program's structure.
//
// Limitations: only closures inside loops are reported unless
// outside-loops is set (one allocation per call of the function). A
// closure handed to a function of another, non-standard package is
// reported only with unknown-callees, as "may allocate": heaplint has no
// summary of such a function. The escape analysis does not inline, so a
// callee the compiler inlines may keep a closure on the stack that the
// check reports, and it lacks the compiler's loop-depth rule, so a closure
// stored into a variable declared outside the loop and used only there is
// heap-allocated by the compiler but not reported. The bodies of
// range-over-func loops are closures too, made by the compiler, and are
// not reported. For a variable of a type parameter the
// size is unknown: it is counted as moved only when reassigned or
// addressed. The body of a range-over-func loop over an iterator that a
// standard library function returns (strings.SplitSeq, maps.Keys) is a
// call through a func value to the analysis, so what it captures escapes;
// the compiler inlines such iterators and may keep it on the stack.
package capture
