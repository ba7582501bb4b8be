package boxinggeneric

import (
	"fmt"
	"sync"
)

type Point struct{ X, Y, Z float64 }

// Pool is a typed sync.Pool: Put converts its T to any.
type Pool[T any] struct{ p sync.Pool }

func (p *Pool[T]) Put(x T) { p.p.Put(x) }

func (p *Pool[T]) Get() (T, bool) {
	x, ok := p.p.Get().(T)
	return x, ok
}

var (
	bufs   Pool[[]byte]
	points Pool[*Point]
)

func usePools(b []byte, p *Point) {
	bufs.Put(b)   // want `converting \[\]byte \(24 bytes\) to any in \(\*Pool\[\[\]byte\]\)\.Put allocates on each call: it escapes through \(\*sync\.Pool\)\.Put's argument; keep \*\[\]byte in the pool and put back the pointer Get returned \(&x of a local would move x to the heap: one allocation either way\)`
	points.Put(p) // pointer-shaped
}

func Show[T any](x T) {
	fmt.Println(x)
}

var global any

func Store[T any](x T) { global = x }

// Forward passes its T on to Store: it boxes it too.
func Forward[T any](x T) {
	Store(x)
}

func useShow(p Point, n int, b bool) {
	Show(p) // want `converting Point \(24 bytes\) to any in Show\[Point\] allocates on each call: it escapes through fmt\.Println's argument; append its fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
	Show(&p)   // pointer-shaped
	Show(b)    // single-byte
	Show(n)    // want `converting int \(\d bytes\) to any in Show\[int\] may allocate \(for values of 256 and more\)`
	Forward(p) // want `converting Point \(24 bytes\) to any in Store allocates on each call: it escapes through a store into global global`
}

// Log is never instantiated in this package.
func Log[T any](x T) {
	fmt.Println(x) // want `converting T to any may allocate \(for every type argument that is not pointer-shaped\) on each call: it escapes through fmt\.Println's argument; keep the value typed: call a generic function instead of one taking an interface`
}

// Keep does not box.
func Keep[T comparable](x, y T) bool {
	return any(x) == any(y)
}

func useKeep(p, q Point) bool { return Keep(p, q) }

// Inside a generic function, ordinary values are judged as anywhere.
func Count[T any](xs []T) {
	n := len(xs)
	fmt.Println("n", n) // want `converting n \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Println's argument; append n with strconv\.AppendInt to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

func useCount(ps []Point) { Count(ps) }
