package boxing

import (
	"errors"
	"fmt"
	"log"
	"log/slog"
	"sync"
	"sync/atomic"
)

type Point struct{ X, Y, Z float64 }

type myErr struct{ code, line int }

func (e myErr) Error() string { return "failed" }

type holder struct{ v any }

type onePtr struct{ p *int }

var (
	global any
	pool   sync.Pool
	cache  sync.Map
	latest atomic.Value
)

func keep(x any) bool { return x != nil }

// Allocating: a value that is not pointer-shaped, converted to an
// interface that escapes.

func printStruct(p Point) {
	fmt.Println(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through fmt\.Println's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

func printString(s string) {
	fmt.Println(s) // want `converting s \(string, 16 bytes\) to any allocates on each call: it escapes through fmt\.Println's argument; append s to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

func printSlice(xs []int) {
	log.Println(xs) // want `converting xs \(\[\]int, 24 bytes\) to any allocates on each call: it escapes through log\.Println's argument; fmt needs xs as an interface to print it: no rewrite keeps the output`
}

func printFloat(f float64) string {
	return fmt.Sprint(f) // want `converting f \(float64, 8 bytes\) to any allocates on each call: it escapes through fmt\.Sprint's argument; write strconv\.FormatFloat\(f, 'g', -1, 64\) instead: the same text without fmt`
}

func printInt(n int) {
	fmt.Println(n) // want `converting n \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Println's argument; append n with strconv\.AppendInt to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

func explicit(p Point) {
	global = any(p) // want `converting Point \(24 bytes\) to any allocates on each call: it escapes through a store into global global`
}

func errorf(p Point) error {
	return fmt.Errorf("bad point %v", p) // silent by default: an error constructor runs on the failure path
}

func returnError(code int) error {
	return myErr{code: code, line: 1} // silent by default: a failure return is cold
}

func sliceOfAny(p Point) []any {
	return []any{p} // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through a return`
}

func mapOfAny(p Point, m map[string]any) {
	m["p"] = p // want `converting Point \(24 bytes\) to any allocates on each call: it escapes through a map value`
}

func mapLiteral(s string) map[string]any {
	return map[string]any{"s": s} // want `converting string \(16 bytes\) to any allocates on each call: it escapes through a map value`
}

func appendAny(out []any, p Point) []any {
	return append(out, p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through append`
}

func field(h *holder, p Point) {
	h.v = p // want `converting Point \(24 bytes\) to any allocates on each call: it escapes through a store into a field of parameter h`
}

func send(ch chan any, p Point) {
	ch <- p // want `converting Point \(24 bytes\) to any allocates on each call: it escapes through a channel send`
}

func funcValue(f func(any), p Point) {
	f(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through a call through a func value`
}

func captured(p Point) {
	var x any = p // want `converting Point \(24 bytes\) to any allocates on each call: it is captured by a closure that escapes through a go statement`
	go func() { global = x }()
}

func poolPut(buf []byte) {
	pool.Put(buf) // want `converting buf \(\[\]byte, 24 bytes\) to any allocates on each call: it escapes through \(\*sync\.Pool\)\.Put's argument; keep \*\[\]byte in the pool and put back the pointer Get returned \(&x of a local would move x to the heap: one allocation either way\)`
}

func mapStore(k string, p Point) {
	cache.Store(k, p) // want `converting k \(string, 16 bytes\) and p \(Point, 24 bytes\) to any allocates 2 times on each call: it escapes through \(\*sync\.Map\)\.Store's argument; sync\.Map holds keys and values as interfaces, and a pointer key would change key identity: no rewrite keeps its behaviour`
}

func atomicStore(p Point) {
	latest.Store(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through \(\*atomic\.Value\)\.Store's argument; atomic\.Value holds it as an interface, and atomic\.Pointer would allocate a \*Point per store instead: no rewrite removes it`
}

func slogAttrs(n int, p Point) {
	slog.Info("msg", "n", n)           // want `converting n \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through slog\.Info's argument; use LogAttrs\(ctx, slog\.LevelInfo, msg, attrs\.\.\.\) with slog\.Int attributes, which boxes nothing \(slog\.Int as an argument of Info is boxed itself\)`
	slog.Info("msg", slog.Any("p", p)) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it is converted to an interface that escapes through slog\.Info's argument; slog keeps p as an interface \(slog\.Any would too\): no rewrite keeps the output` `converting slog\.Any\("p", p\) \(slog\.Attr, 40 bytes\) to any allocates on each call: it escapes through slog\.Info's argument; pass attributes to LogAttrs, which takes \.\.\.slog\.Attr without boxing them`
}

func viaHelper(p Point) {
	sink(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through sink's argument; give sink \(unexported, so its signature is yours\) a variant or a type parameter that takes Point as it is`
}

func sink(x any) { global = x }

func inLoops(ps []Point, grid [][]int) {
	for _, p := range ps {
		fmt.Println(p) // want `converting p \(Point, 24 bytes\) to any allocates on each iteration: it escapes through fmt\.Println's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
	}
	for _, row := range grid {
		for _, v := range row {
			fmt.Print(v) // want `converting v \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each iteration of 2 nested loops: it escapes through fmt\.Print's argument; append v with strconv\.AppendInt to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
		}
	}
}

func inClosure(p Point) func() {
	return func() {
		fmt.Println(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through fmt\.Println's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
	}
}

func deferred(ps []Point) {
	for _, p := range ps {
		defer fmt.Println(p) // want `converting p \(Point, 24 bytes\) to any allocates on each iteration: it escapes through a defer inside a loop`
	}
}

type ID int64 // no constants: any value

func ids(id ID) {
	fmt.Println(id) // want `converting id \(ID, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Println's argument; append id with strconv\.AppendInt to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

type Level int

const (
	Low  Level = 0
	High Level = 1000
)

func (l Level) String() string { return "level" }

func levels(l Level) {
	fmt.Println(l) // want `converting l \(Level, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Println's argument; append l\.String\(\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

// Free: nothing is allocated.

type Kind int

const (
	KindA Kind = iota
	KindB
	KindC
)

func enums(k Kind) {
	fmt.Println(k) // every Kind constant is below 256: served from the runtime's static table
}

func constants(n int) {
	fmt.Println(1000, "text", 3.5, true)
	fmt.Println(Point{1, 2, 3})   // a composite literal of constants: static data
	fmt.Println(Point{})          // the zero value: static data
	fmt.Println(struct{}{})       // zero-size
	fmt.Println(int8(n), byte(n)) // single-byte
	fmt.Println([1]uint8{byte(n)})
}

func pointerShaped(p *Point, m map[string]int, ch chan int, f func(), o onePtr) {
	fmt.Println(p, m, ch, f, o)
}

func interfaces(err error, s fmt.Stringer) {
	fmt.Println(err, s)
	global = err
}

func notEscaping(p, q Point) bool {
	if !keep(p) {
		return false
	}
	return any(p) == any(q)
}

func lookup(k string) any {
	v, _ := cache.Load(k) // Load does not keep its key
	return v
}

func panics(p Point) {
	panic(p) // the cold path
}

func wrapped(err error) error {
	return errors.Join(err, err)
}

// One call that boxes several arguments is one finding, at the call.
func twoArgs(name string, p Point, n int) {
	fmt.Println(name, p, n) // want `converting name \(string, 16 bytes\), p \(Point, 24 bytes\) and n \(int, 8 bytes\) to any allocates 2 to 3 times \(integers only for values of 256 and more\) on each call: it escapes through fmt\.Println's argument`
}

// The accumulator of a string built in a loop is strconcat's finding: only
// the other arguments are boxing's.
func accumulate(xs []Point) string {
	s := ""
	for _, p := range xs {
		s = fmt.Sprintf("%s %v", s, p) // want `converting p \(Point, 24 bytes\) to any allocates on each iteration`
	}
	return s
}

type acc struct{ s string }

func (a *acc) add(xs []Point) {
	for _, p := range xs {
		a.s = fmt.Sprintf("%s %v", a.s, p) // want `converting p \(Point, 24 bytes\) to any allocates on each iteration`
	}
}

// A map made and kept here: its element type is this function's to
// change.
func localMap(ps []Point, keys []string) int {
	m := make(map[string]any, len(ps))
	for i, p := range ps {
		m[keys[i]] = p // want `converting Point \(24 bytes\) to any allocates on each iteration: it escapes through a map value; a map of Point would hold it unboxed: the map is made here and kept here`
	}
	return len(m)
}

// An interface variable assigned in branches: the conversions have no
// position of their own, and the phi's is the variable's declaration, so
// they are not reported at a line that does not allocate.
func branches(n int, s string, name string) {
	for range n {
		var value any // no finding here: nothing allocates on this line
		switch {
		case n > 3:
			value = s
		default:
			value = name
		}
		global = value
	}
}
