package boxingprecision

import (
	"fmt"
	"strings"
	"sync"
)

// Each function here was once reported as allocating where the compiler
// allocates nothing: it serves the interface value from static data
// ("using global for interface value"), or the value does not escape.

type Name string
type Big int64

type P struct{ X, Y int }
type Q struct {
	P P
	S string
}

// A constant reaching the conversion through a local variable that a
// closure captures: the compiler follows it to its constant value.
func captured() func() {
	s := "hello"
	n := 5000
	return func() { fmt.Println(s, n) }
}

// The same, two closures deep.
func capturedTwice() func() func() {
	s := "hello"
	return func() func() { return func() { fmt.Println(s) } }
}

// A captured variable written again is not constant: it allocates.
func capturedChanged(b bool) func() {
	s := "hello"
	f := func() { fmt.Println(s) } // want `converting s \(string, 16 bytes\) to any allocates on each call`
	if b {
		s = "world"
	}
	return f
}

// A conversion to a named type of a constant held in a variable.
func named() {
	x := 5000
	fmt.Println(Big(x))
	fmt.Println(int32(x))   // want `converting int32\(x\) \(int32, 4 bytes\) to any may allocate`
	fmt.Println(float64(x)) // want `converting float64\(x\) \(float64, 8 bytes\) to any allocates on each call`
	s := "abc"
	fmt.Println(Name(s))
}

// Nested composite literals made only of constants.
func nested() {
	fmt.Println(Q{P{1, 2}, "s"})
	fmt.Println([2]P{{1, 2}, {3, 4}})
}

// A composite literal with a variable in it is built at run time.
func nestedVariable(y int) {
	fmt.Println(Q{P{1, y}, "s"}) // want `converting Q\{…\} \(Q, 32 bytes\) to any allocates on each call`
}

var pool sync.Pool

// Putting back the interface value that Get returned boxes nothing.
func poolRoundTrip() {
	v := pool.Get()
	if v == nil {
		v = new(P)
	}
	pool.Put(v)
}

// Generic code whose every instantiation in the package is pointer-shaped,
// reached other than by a static call: through an interface, a func value,
// a method value.
type Cache[T any] struct{ p sync.Pool }

func (c *Cache[T]) Put(x T) { c.p.Put(x) }

type putter interface{ Put(*P) }

var cache Cache[*P]

func viaInterface() {
	var p putter = &cache
	p.Put(nil)
}

func Print[T any](x T) { fmt.Println(x) }

func apply(f func(*P), p *P) { f(p) }

func viaValue(p *P) { apply(Print[*P], p) }

type Cache2[T any] struct{ p sync.Pool }

func (c *Cache2[T]) Put(x T) { c.p.Put(x) }

var cache2 Cache2[*strings.Builder]

func viaMethodValue(f func(func(*strings.Builder))) { f(cache2.Put) }

// A callback called by the body of a loop over a standard iterator that
// does not keep its yield does not escape: the closure given to each
// captures n, which stays on the stack.
func each(s string, f func(string)) {
	for part := range strings.SplitSeq(s, ",") {
		f(part)
	}
}

var sink any

func countParts(s string) int {
	n := 0
	each(s, func(p string) { n += len(p) })
	return n
}
