package hot

import (
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"
	"testing"
)

func mark() {}

var ErrNotFound = errors.New("not found")

var initialized = setup()

func setup() int {
	mark() // want `cold: in code reached only from failure paths or setup`
	return 1
}

func init() {
	mark() // want `cold: once, at init`
	for range 3 {
		mark() // want `cold: once, at init`
	}
}

func Warm() {
	mark() // want `warm: on each call`
}

func Loops(xs [][]int) {
	for range xs {
		mark() // want `hot: on each iteration`
		for range xs {
			mark() // want `hot: on each iteration of 2 nested loops`
		}
	}
	for x := range seq {
		_ = x
		mark() // want `hot: on each iteration`
	}
}

func seq(yield func(int) bool) {}

func Panics(x int) {
	if x < 0 {
		mark() // want `cold: on a failure path`
		panic("negative")
	}
	if x == 0 {
		mark() // want `cold: on a failure path`
		os.Exit(1)
	}
	if x == 1 {
		mark() // want `cold: on a failure path`
		log.Fatalf("one: %d", x)
	}
	if x == 2 {
		mark() // want `cold: on a failure path`
		log.Panicln("two")
	}
	if x == 3 {
		mark() // want `cold: on a failure path`
		runtime.Goexit()
	}
	mark() // want `warm: on each call`
}

func LoggerFatal(l *log.Logger, x int) {
	if x < 0 {
		mark() // want `cold: on a failure path`
		l.Fatal("negative")
	}
	mark() // want `warm: on each call`
}

func TestFatal(t testing.TB, x int) {
	if x < 0 {
		mark() // want `cold: on a failure path`
		t.Fatalf("negative %d", x)
	}
	if x == 0 {
		mark() // want `cold: on a failure path`
		t.Skip("zero")
	}
	mark() // want `warm: on each call`
}

func Errors(x int) (int, error) {
	y, err := get(x)
	if err != nil {
		mark() // want `cold: on a failure path`
		return 0, fmt.Errorf("get %d: %w", x, err)
	}
	if y > 10 {
		mark() // want `cold: on a failure path`
		return 0, errors.New("too big")
	}
	if y == 5 {
		mark() // want `cold: on a failure path`
		return 0, ErrNotFound
	}
	if y == 6 {
		mark() // want `cold: on a failure path`
		return 0, valueError{y}
	}
	if err := check(y); err != nil {
		mark() // want `cold: on a failure path`
		return 0, err
	}
	mark() // want `warm: on each call`
	return y, nil
}

func get(x int) (int, error) { return x, nil }

func check(y int) error { return nil }

type valueError struct{ n int }

func (e valueError) Error() string {
	mark() // want `cold: when an error is formatted`
	return "bad value"
}

type named struct{}

func (named) String() string {
	mark() // want `warm: on each call`
	return "named"
}

// Passthrough may return nil: its return is not a failure path.
func Passthrough(x int) (int, error) {
	y, err := get(x)
	mark() // want `warm: on each call`
	return y, err
}

// RetryLoop: the error branch goes on with the loop, so it is not cold.
func RetryLoop() {
	for i := 0; i < 3; i++ {
		if _, err := get(i); err != nil {
			mark() // want `hot: inside a loop`
			continue
		}
	}
}

func report(err error) {
	mark() // want `cold: in code reached only from failure paths or setup`
}

func UsesReport(x int) error {
	if _, err := get(x); err != nil {
		report(err)
		return err
	}
	return nil
}

func helper() {
	mark() // want `warm: on each call, and Loops2 calls it in a loop`
}

func Loops2(xs []int) {
	for range xs {
		helper()
	}
}

func escapingHelper() {
	mark() // want `warm: on each call`
}

var callback = escapingHelper

func Recovered() (err error) {
	defer func() {
		if r := recover(); r != nil {
			mark() // want `cold: on a failure path`
			err = fmt.Errorf("recovered: %v", r)
		}
		mark() // want `warm: on each call`
	}()
	return nil
}

func Immediate(xs []int) {
	for range xs {
		func() {
			mark() // want `hot: on each iteration`
		}()
	}
}

func StoredClosure() func() {
	return func() {
		mark() // want `warm: on each call`
	}
}

// wrap is an error constructor of the package's own.
func wrap(format string, args ...any) error {
	return fmt.Errorf("wrapped: "+format, args...)
}

func ViaWrap(x int) error {
	if x > 0 {
		mark() // want `cold: on a failure path`
		return wrap("%d", x)
	}
	return nil
}

// Handled reports the error and goes on: handling a failure is cold,
// whether the branch returns or not; a branch that ignores the error (a
// cache miss) is not.
func Handled(l *log.Logger, keys []int) {
	for _, k := range keys {
		v, err := get(k)
		if err != nil {
			mark() // want `cold: on a failure path`
			l.Printf("get %d: %v", k, err)
			continue
		}
		if _, err := get(v); err != nil {
			mark() // want `hot: inside a loop`
			v = 0
		}
		mark() // want `hot: inside a loop`
	}
}

// Recovery's deferred handler prints a stack only after a panic: stack is
// called from cold code alone.
func Recovery(l *log.Logger) func(int) {
	return func(n int) {
		defer func() {
			if rec := recover(); rec != nil {
				var broken bool
				if err, ok := rec.(error); ok {
					broken = errors.Is(err, ErrNotFound)
				}
				if broken {
					l.Printf("%v", rec)
				} else {
					l.Printf("%v %s", rec, stack(n))
				}
			}
		}()
		mark() // want `warm: on each call`
	}
}

func stack(n int) []byte {
	for range n {
		mark() // want `cold: in code reached only from failure paths or setup`
	}
	return nil
}

// wrapAt may return nil (for a nil err), but not when given a new error.
func wrapAt(pos int, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("at %d: %w", pos, err)
}

func Wrapped(x int) error {
	if x > 3 {
		mark() // want `cold: on a failure path`
		return wrapAt(x, fmt.Errorf("too big"))
	}
	return nil
}

var registry = map[string]int{}

// Register returns through its result slot, as every function with a
// defer does in SSA.
func Register(l *log.Logger, name string) error {
	l.Print("lock")
	defer l.Print("unlock")
	if _, ok := registry[name]; ok {
		mark() // want `cold: on a failure path`
		return fmt.Errorf("%s is registered", name)
	}
	mark() // want `warm: on each call`
	registry[name] = 1
	return nil
}

// EveryOrSome: what runs on every iteration, and what only on some.
func EveryOrSome(xs []int) {
	for _, x := range xs {
		mark() // want `hot: on each iteration$`
		if x > 0 {
			mark() // want `hot: inside a loop$`
		}
		mark() // want `hot: on each iteration$`
	}
}

// A loop that ends (a range, a condition) and leads only to a failure is
// on the failure path: the usage message printed before exiting.
func Usage(flags []string, bad bool) {
	if bad {
		for range flags {
			mark() // want `cold: on a failure path`
		}
		mark() // want `cold: on a failure path`
		os.Exit(2)
	}
	mark() // want `warm: on each call`
}

func MustAll(xs []int) int {
	for _, x := range xs {
		if x < 0 {
			for i := 0; i < x; i++ {
				mark() // want `cold: on a failure path`
			}
			panic("negative")
		}
	}
	mark() // want `warm: on each call`
	return len(xs)
}

// A loop that only a panic leaves runs for the life of the program: not
// a failure path.
func Serve(next func() (int, bool)) {
	for {
		mark() // want `hot: on each iteration`
		if _, ok := next(); !ok {
			panic("closed")
		}
	}
}

// A loop before os.Exit(0) is the program's work, finished.
func RunAndExit(xs []int) {
	for range xs {
		mark() // want `hot: on each iteration`
	}
	os.Exit(0)
}

// An error made before a shared return, or a shared `if err != nil`, is a
// failure path too: the join only carries it there.
func CarriedToReturn(n, size int) error {
	var err error
	if n != size {
		mark() // want `cold: on a failure path`
		err = fmt.Errorf("copied %d bytes instead of %d", n, size)
	}
	return err
}

func CarriedToTest(b []byte, n int) (int, error) {
	var err error
	if len(b) == 0 {
		mark() // want `cold: on a failure path`
		err = errors.New("empty")
	}
	if err == nil && n >= 0 {
		mark() // want `warm: on each call`
		if len(b) != n {
			mark() // want `cold: on a failure path`
			err = fmt.Errorf("length %d, want %d", len(b), n)
		}
	}
	if err != nil {
		mark() // want `cold: on a failure path`
		return 0, &wrapped{err}
	}
	mark() // want `warm: on each call`
	return n, nil
}

type wrapped struct{ err error }

func (w *wrapped) Error() string { return w.err.Error() }

func CarriedByGoto(kind int) (s string) {
	var err error
	switch kind {
	case 1:
		mark() // want `cold: on a failure path`
		err = fmt.Errorf("kind %d", kind)
		goto END
	}
	s = "ok"
END:
	if err != nil {
		mark() // want `cold: on a failure path`
		fmt.Printf("warning: %s", err)
		return "?"
	}
	return s
}

// A carried error whose branch does something else than fail is not a
// failure path.
func CarriedToRetry(x int) int {
	var err error
	if x > 0 {
		mark() // want `warm: on each call`
		err = errors.New("again")
	}
	if err != nil {
		mark() // want `warm: on each call`
		return 1
	}
	return 0
}

// With a defer, go/ssa returns through a result slot.
func CarriedThroughDefer(n, size int, done func()) error {
	defer done()
	var err error
	if n != size {
		mark() // want `cold: on a failure path`
		err = fmt.Errorf("copied %d bytes instead of %d", n, size)
	}
	return err
}
