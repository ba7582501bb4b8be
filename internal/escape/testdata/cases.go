package p

import "fmt"

// Each line marked esc:heap or esc:local holds one allocation (an
// interface box, a closure, a new/&T{}/address-taken variable, a make):
// escape_test checks the analysis against the mark, and the mark against
// go build -gcflags=-m. The text after "heap" must occur in Site.String().

type T struct{ a, b, c int }

var global any
var sinkT *T

//go:noinline
func keep(x any) {} // does not leak

//go:noinline
func leak(x any) { global = x } // leaks to the heap

//go:noinline
func id(x any) any { return x } // leaks to its result

//go:noinline
func content(xs []any) { global = xs[0] } // leaks its content

//go:noinline
func notContent(xs []any) int { return len(xs) }

//go:noinline
func two(x any) (any, error) { return x, nil }

func printArg(t T) {
	fmt.Println(t) //esc:heap fmt.Println's argument
}

func keepArg(t T) {
	keep(t) //esc:local
}

func leakArg(t T) {
	leak(t) //esc:heap leak's argument
}

func throughID(t T) {
	_ = id(t) //esc:local
}

func throughIDLeak(t T) {
	global = id(t) //esc:heap global global
}

func twoResults(t T) error {
	_, err := two(t) //esc:local
	return err
}

func twoResultsLeak(t T) any {
	v, _ := two(t) //esc:heap return
	return v
}

func ret(t T) any {
	return t //esc:heap return
}

func send(t T, c chan any) {
	c <- t //esc:heap channel send
}

func mapPut(t T, m map[string]any) {
	m["k"] = t //esc:heap map value
}

func sliceElem(t T, xs []any) {
	xs[0] = t //esc:heap slice element
}

func paramField(t T, p *struct{ x any }) {
	p.x = t //esc:heap parameter p
}

func localArray(t T) {
	var a [2]any
	a[0] = t //esc:local
	keep(a[0])
}

func localArrayLeaked(t T) {
	var a [2]any
	a[0] = t //esc:heap leak's argument
	leak(a[0])
}

func varargsLocal(t T) {
	notContent([]any{t}) //esc:local
}

func varargsContent(t T) {
	content([]any{t}) //esc:heap content's argument
}

func appended(t T, xs []any) []any {
	return append(xs, t) //esc:heap append
}

func viaInterfaceMethod(t T, s fmt.Stringer) {
	_ = s
	x := any(t) //esc:heap interface method
	x.(interface{ M() }).M()
}

func viaFuncValue(t T, f func(any)) {
	f(t) //esc:heap func value
}

func closureReturned(t T) func() T {
	return func() T { return t } //esc:heap return
}

func closureCalled(t T) T {
	return func() T { return t }() //esc:local
}

func goStmt(t T) {
	go func() { //esc:heap go statement
		_ = t
	}()
}

func deferOnce(t T) {
	defer func() { _ = t }() //esc:local
}

func deferLoop(xs []T) {
	for _, t := range xs {
		defer func() { _ = t }() //esc:heap defer inside a loop
	}
}

func capturedAndBoxed(t T) func() {
	var x any = t //esc:heap captured by a closure that escapes through a return
	return func() { _ = x }
}

func newLocal() int {
	p := new(T) //esc:local
	return p.a
}

func newReturned() *T {
	return &T{a: 1} //esc:heap return
}

func newGlobal() {
	sinkT = &T{} //esc:heap global sinkT
}

func addrTaken() *int {
	x := 1 //esc:heap return
	return &x
}

func makeLocal() int {
	s := make([]int, 10) //esc:local
	return len(s)
}

func makeReturned() []int {
	return make([]int, 10) //esc:heap return
}

func mapLocal() int {
	m := make(map[int]int) //esc:local
	m[1] = 2
	return len(m)
}

// Recursion: rec leaks x only through its own recursive call.
//
//go:noinline
func rec(x any, n int) {
	if n == 0 {
		global = x
		return
	}
	rec(x, n-1)
}

func recCaller(t T) {
	rec(t, 3) //esc:heap rec's argument
}

//go:noinline
func recKeep(x any, n int) int {
	if n == 0 {
		return 0
	}
	return recKeep(x, n-1)
}

func recKeepCaller(t T) {
	recKeep(t, 3) //esc:local
}

func phi(t T, u T, c bool) {
	x := any(t) //esc:heap leak's argument
	if c {
		x = any(u) //esc:heap leak's argument
	}
	leak(x)
}

func storedInLocalVar(t T) {
	var x any
	f := func() { keep(x) } //esc:local
	x = any(t)              //esc:local
	f()
}

type holder struct{ v any }

func structLocal(t T) any {
	h := holder{v: t} //esc:local
	return h.v.(T)
}

func generic[E any](e E) {
	leak(e)
}

func genericKeep[E any](e E) {
	keep(e)
}

func panics(t T) {
	panic(t) //esc:heap panic
}
