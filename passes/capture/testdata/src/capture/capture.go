package capture

import (
	"sort"
	"strings"
	"sync"
	"testing"
)

type job struct {
	id   int
	name string
}

func run(job)    {}
func use(...any) {}

var (
	handlers []func()
	global   func()
	byName   = map[string]func(){}
	funcs    = make(chan func(), 1)
)

// A goroutine per job: the closure is allocated on every iteration; j is
// per iteration and never reassigned, so it is copied into the closure.
func goPerJob(jobs []job) {
	for _, j := range jobs {
		go func() { // want `func literal allocates a closure on each iteration: it escapes through a go statement; start a fixed set of workers before the loop and send them the values over a channel`
			run(j)
		}()
	}
}

// Variables that are locked, reassigned or whose methods take pointers
// are captured by reference and moved to the heap.
func goShared(jobs []job) int {
	var mu sync.Mutex
	n := 0
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() { // want `func literal allocates a closure on each iteration: it escapes through a go statement, and moves wg, mu and n to the heap; start a fixed set of workers`
			defer wg.Done()
			mu.Lock()
			n += j.id
			mu.Unlock()
		}()
	}
	wg.Wait()
	return n
}

// Three-clause loop variables are per iteration: i is captured by value
// unless the body assigns it.
func threeClause(n int) {
	for i := 0; i < n; i++ {
		go func() { use(i) }() // want `func literal allocates a closure on each iteration: it escapes through a go statement; start`
	}
}

func threeClauseAssigned(n int) {
	for i := 0; i < n; i++ {
		go func() { use(i) }() // want `allocates a closure on each iteration: it escapes through a go statement, and moves i to the heap; start`
		i++
	}
}

// Reassigned after the capture: by reference.
func reassignedAfter(xs []int) {
	for _, x := range xs {
		y := x
		go func() { use(y) }() // want `allocates a closure on each iteration: it escapes through a go statement, and moves y to the heap`
		y = 2
	}
}

// Reassigned only before the capture, at the same loop depth: by value.
func reassignedBefore(xs []int) {
	for _, x := range xs {
		y := x
		y *= 2
		go func() { use(y) }() // want `allocates a closure on each iteration: it escapes through a go statement; start`
	}
}

// More than 128 bytes: by reference.
func big(xs []int) {
	for range xs {
		var a [20]int
		go func() { use(a[0]) }() // want `allocates a closure on each iteration: it escapes through a go statement, and moves a to the heap`
	}
}

// Stored into a global slice, a map, a global, a channel.
func stored(jobs []job) {
	for _, j := range jobs {
		handlers = append(handlers, func() { run(j) }) // want `allocates a closure on each iteration: it escapes through append; store the captured values instead of closures and pass them as arguments to one function`
		byName[j.name] = func() { run(j) }             // want `it escapes through a map value; store the captured values`
		global = func() { run(j) }                     // want `it escapes through a store into global global; store the captured values`
		funcs <- func() { run(j) }                     // want `it escapes through a channel send; store the captured values`
	}
}

// Nothing declared in the loop is captured: the closure could be made once.
func invariant(jobs []job, prefix string) {
	for range jobs {
		handlers = append(handlers, func() { use(prefix) }) // want `allocates a closure on each iteration: it escapes through append; create it once before the loop: it captures nothing declared inside the loop`
	}
}

// Two variables moved: one pointer to a struct would do.
func twoMoved(jobs []job) {
	for _, j := range jobs {
		count, last := 0, ""
		handlers = append(handlers, func() { // want `allocates a closure on each iteration: it escapes through append, and moves count and last to the heap; capture one pointer to a struct holding count and last instead`
			count++
			last = j.name
		})
		_, _ = count, last
	}
}

// A defer in a loop allocates its closure; outside a loop it does not.
func deferLoop(jobs []job) {
	for _, j := range jobs {
		defer func() { run(j) }() // want `allocates a closure on each iteration: it escapes through a defer inside a loop; if it may run at the end of each iteration, move the loop body into a function that defers it`
	}
}

func deferOnce(j job) {
	defer func() { run(j) }()
}

// Nested loops.
func nested(rows [][]job) {
	for _, row := range rows {
		for _, j := range row {
			go func() { run(j) }() // want `allocates a closure on each iteration of 2 nested loops: it escapes through a go statement`
		}
	}
}

// Closures created in the loop and returned after it.
func last(jobs []job) func() {
	var f func()
	for _, j := range jobs {
		f = func() { run(j) } // want `allocates a closure on each iteration: it escapes through a return; create one closure before the loop`
	}
	return f
}

// Callees of this package: register keeps its argument, each does not.
func register(f func()) { handlers = append(handlers, f) }

func each(jobs []job, f func(job)) {
	for _, j := range jobs {
		f(j)
	}
}

func callees(jobs []job, k int) {
	for _, j := range jobs {
		register(func() { run(j) }) // want `allocates a closure on each iteration: it escapes through register's argument; create one closure before the loop`
		each(jobs, func(x job) { use(x, j, k) })
	}
}

// Through a func value or an interface method: the compiler assumes the
// argument escapes.
type scheduler interface{ Schedule(func()) }

func dynamic(jobs []job, submit func(func()), s scheduler) {
	for _, j := range jobs {
		submit(func() { run(j) })     // want `allocates a closure on each iteration: it escapes through a call through a func value`
		s.Schedule(func() { run(j) }) // want `allocates a closure on each iteration: it escapes through a call of interface method Schedule`
	}
}

// Captured by a closure that escapes.
func viaClosure(jobs []job) {
	for _, j := range jobs {
		inner := func() { run(j) } // want `allocates a closure on each iteration: it is captured by a closure that escapes through a go statement`
		go func() { inner() }()    // want `allocates a closure on each iteration: it escapes through a go statement`
	}
}

// A standard library function that keeps its argument (the std table
// holds the compiler's own verdicts).
func waitGroupGo(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { run(j) }) // want `func literal allocates a closure on each iteration: it escapes through \(\*sync.WaitGroup\).Go's argument; create one closure before the loop`
	}
	wg.Wait()
}

// A go statement with arguments wraps its call in a closure of its own:
// making the literal once before the loop would not help.
func goArgs(jobs []job, done chan bool) {
	for i, j := range jobs {
		go func(i int, j job) { // want `allocates a closure on each iteration: it escapes through a go statement; start a fixed set of workers`
			run(j)
			done <- i > 0
		}(i, j)
	}
}

// Subtests: allocated per case by the testing API's design, silent.
func subtests(t *testing.T, jobs []job) {
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) { run(j) })
	}
}

// A small closure that is only called directly is inlined by the
// compiler: it captures nothing, and assignments in it before the real
// capture are forgotten, so name and ok are captured by value.
func inlinedHelper(jobs []job) {
	for _, j := range jobs {
		name, ok := "", false
		add := func(s string) {
			if s != "" {
				name += s
				ok = true
			}
		}
		add(j.name)
		add("x")
		register(func() { use(name, ok) }) // want `allocates a closure on each iteration: it escapes through register's argument; create one closure`
	}
}

// Silent: called directly, passed to callees that do not keep them,
// capturing nothing, not escaping.
func silent(jobs []job, names []string, k int) int {
	n := 0
	for _, j := range jobs {
		func() { n += j.id }()
		f := func() int { return j.id + k }
		n += f()
		sort.Slice(names, func(a, b int) bool { return names[a] < names[b] })
		_ = strings.IndexFunc(j.name, func(r rune) bool { return int(r) == k })
		go func() { use(1) }()
		each(jobs, func(x job) { n += x.id + j.id })
	}
	return n
}

// Outside loops: silent by default (captureoutside reports them).
func outside(j job) func() {
	go func() { run(j) }()
	return func() { run(j) }
}

// Range-over-func bodies are closures made by the compiler, not reported;
// a literal inside one is, at the depth of the loop.
//
//go:noinline
func seq(yield func(job) bool) {
	yield(job{})
}

func rangeFunc() {
	for j := range seq {
		handlers = append(handlers, func() { run(j) }) // want `allocates a closure on each iteration: it escapes through append; store the captured values`
	}
}

// Method values are closures too: x.M holds x.
type worker struct{ id int }

func (w *worker) work()      {}
func (w worker) value()      {}
func (w *worker) less() bool { return w.id > 0 }

type runner interface{ Run() }

func methodValues(ws []*worker, rs []runner, register func(func()), w0 *worker) {
	for _, w := range ws {
		handlers = append(handlers, w.work) // want `method value w.work allocates a closure on each iteration: it holds w and escapes through append; if every func stored there is this method, store w itself and call work\(\) where it is used`
		register(w0.work)                   // want `method value w0.work allocates a closure on each iteration: it holds w0 and escapes through a call through a func value; make it once before the loop \(f := w0.work\): w0 does not change in the loop`
		global = w.value                    // want `method value w.value allocates a closure on each iteration: it holds w and escapes through a store into global global`
		w.work()
		sort.Slice(ws, func(i, j int) bool { return ws[i].less() })
	}
	for _, r := range rs {
		register(r.Run) // want `method value r.Run allocates a closure on each iteration: it holds r and escapes through a call through a func value`
	}
}

// Method values that do not escape stay on the stack.
func localMethodValues(ws []*worker) {
	for _, w := range ws {
		f := w.work
		f()
		strings.Map(func(r rune) rune { return r }, "x")
	}
}

// A method value outside loops, in a function no loop calls: not reported.
func methodValueOnce(w *worker) {
	global = w.work
}
