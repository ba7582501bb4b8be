package addrescape

import (
	"encoding/binary"
	"encoding/json"
	"io"
	"sync"
)

type item struct {
	id   int
	name string
}

func use(...any) {}

var (
	global *item
	all    []*item
	byID   = map[int]*item{}
)

// The address of a per-iteration loop variable appended to a slice.
func rangeAppend(items []item) []*item {
	var ptrs []*item
	for _, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through append \(loop variables are per iteration since Go 1.22\); point into items with &items\[i\] instead of copying each element`
		ptrs = append(ptrs, &it)
	}
	return ptrs
}

// The slice does not even have to escape: appended elements always do.
func localSlice(items []item) int {
	var ptrs []*item
	for k, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through append .*; point into items with &items\[k\]`
		ptrs = append(ptrs, &it)
		use(k)
	}
	n := 0
	for _, p := range ptrs {
		n += p.id
	}
	return n
}

// A local declared in the loop.
func localVar(ids []int) []*item {
	var out []*item
	for _, id := range ids {
		v := item{id: id} // want `moving v to the heap allocates a new item on each iteration: its address escapes through append; append v itself to a \[\]item instead of its address`
		out = append(out, &v)
	}
	return out
}

// Composite literals and new.
func literals(ids []int) []*item {
	var out []*item
	for _, id := range ids {
		out = append(out, &item{id: id}) // want `&item\{\.\.\.\} allocates on each iteration: it escapes through append; append item values to a \[\]item instead, or allocate them together with one make\(\[\]item, n\) and take &buf\[i\]`
		p := new(item)                   // want `new\(item\) allocates on each iteration: it escapes through append`
		p.id = id
		out = append(out, p)
	}
	return out
}

// Stores into a field, a global, a channel.
type holder struct{ cur *item }

func stores(h *holder, items []item, ch chan *item) {
	for _, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through a store into a field of parameter h`
		h.cur = &it
	}
	for _, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through a store into global global`
		if it.id > 0 {
			global = &it
		}
	}
	for _, it := range items { // want `its address escapes through a channel send`
		ch <- &it
	}
	for _, id := range []int{1, 2} {
		all = append(all, &item{id: id}) // want `&item\{\.\.\.\} allocates on each iteration: it escapes through append`
	}
}

// Returned from inside the loop: every iteration pays for the one that
// returns.
func find(items []item, id int) *item {
	for _, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through a return .*; point into items with &items\[i\]`
		if it.id == id {
			return &it
		}
	}
	return nil
}

func findInMap(m map[string]item, id int) *item {
	for _, it := range m { // want `moving it to the heap allocates a new item on each iteration: its address escapes through a return .*; copy it into a new variable where its address is needed, so that only that iteration allocates`
		if it.id == id {
			return &it
		}
	}
	return nil
}

// Three-clause loop variables are per iteration too.
func counters(n int) []*int {
	var ps []*int
	for i := 0; i < n; i++ { // want `moving i to the heap allocates a new int on each iteration: its address escapes through append \(loop variables are per iteration since Go 1.22\)`
		ps = append(ps, &i)
	}
	return ps
}

// Nested loops.
func nested(rows [][]item) []*item {
	var out []*item
	for _, row := range rows {
		for _, it := range row { // want `moving it to the heap allocates a new item on each iteration of 2 nested loops`
			out = append(out, &it)
		}
	}
	return out
}

// Silent: pointers into the slice, addresses that stay local, maps
// (mapptr's), captured variables (capture's), a constructor outside loops.
func silent(items []item) (int, []*item) {
	var out []*item
	n := 0
	for i := range items {
		out = append(out, &items[i])
		it := items[i]
		p := &it
		n += p.id
		byID[it.id] = &it
		go func() { use(it) }()
	}
	return n, out
}

func constructor(id int) *item {
	return &item{id: id}
}

func returnLiteral(items []item, id int) *item {
	for _, it := range items {
		if it.id == id {
			return &item{id: it.id, name: it.name}
		}
	}
	return nil
}

// Literals that build objects rather than collect them: silent.
type node struct {
	next *node
	val  int
}

func link(vals []int) *node {
	var head *node
	for _, v := range vals {
		head = &node{next: head, val: v}
	}
	return head
}

func fill(h *holder, ids []int) error {
	var err error
	for _, id := range ids {
		h.cur = &item{id: id}
		keep(new(item)) // keep keeps it: how the program builds its objects
		if id < 0 {
			err = &failure{id}
		}
	}
	return err
}

type failure struct{ id int }

func (f *failure) Error() string { return "failure" }

// A variable declared before the loop moves to the heap once.
func declaredBefore(items []item) []*item {
	var out []*item
	var v item
	for _, it := range items {
		v = it
		out = append(out, &v)
	}
	return out
}

// Same-package callees: keep keeps its argument, peek does not.
var kept []*item

func keep(p *item) { kept = append(kept, p) }

func peek(p *item) int { return p.id }

func callees(items []item) int {
	n := 0
	for _, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through keep's argument`
		keep(&it)
	}
	for _, it := range items {
		n += peek(&it)
	}
	return n
}

// A lock declared in a loop leaks through the runtime's semaphores, and
// json.Unmarshal keeps what it decodes into: both move to the heap on
// each iteration (the std table holds the compiler's own verdicts).
func locks(n int) {
	for range n {
		var mu sync.Mutex // want `moving mu to the heap allocates a new sync.Mutex on each iteration: its address escapes through \(\*sync.Mutex\).Lock's argument; declare mu before the loop and reset it on each iteration, unless \(\*sync.Mutex\).Lock keeps the pointer`
		mu.Lock()
		mu.Unlock()
	}
}

func decode(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		var it item // want `moving it to the heap allocates a new item on each iteration: its address escapes through json.Unmarshal's argument; declare it before the loop and reset it on each iteration, unless json.Unmarshal keeps the pointer`
		if json.Unmarshal(l, &it) == nil {
			n += it.id
		}
	}
	return n
}

// Standard library callees that do not keep the address: silent.
func encode(vs []uint32) []byte {
	var out []byte
	for _, v := range vs {
		var b [4]byte
		binary.BigEndian.PutUint32(b[:], v)
		out = append(out, b[:]...)
	}
	return out
}

// Literals handed to interface methods, func values and parameters that
// leak, per iteration: the compiler cannot see what the callee does.
type handler interface{ handle(*item) }

type encoder interface{ Encode(any) error }

func handOver(h handler, f func(*item), enc encoder, ids []int) {
	for _, id := range ids {
		h.handle(&item{id: id})    // want `&item\{\.\.\.\} allocates on each iteration: it escapes through a call of interface method handle; if the callee does not keep it, allocate one item before the loop and reset it`
		f(&item{id: id})           // want `&item\{\.\.\.\} allocates on each iteration: it escapes through a call through a func value`
		enc.Encode(&item{id: id})  // want `&item\{\.\.\.\} allocates on each iteration: it escapes through a call of interface method Encode`
		use2([]int{id, id + 1}, f) // use2 keeps it
		_ = peek(&item{id: id})    // peek does not keep it: on the stack
		_ = sum([]int{id, id + 1}) // sum does not keep it: on the stack
	}
}

type header struct{ kind, size uint32 }

// A standard library callee whose parameter leaks (through reflection):
// whether it keeps the value is in doubt, and it does not.
func stdCallees(w io.Writer, enc *json.Encoder, ids []int) {
	for _, id := range ids {
		enc.Encode(&item{id: id})                                                // want `&item\{\.\.\.\} allocates on each iteration: it escapes through \(\*json.Encoder\).Encode's argument; if \(\*json.Encoder\).Encode does not keep it, allocate one item before the loop`
		w.Write([]byte{byte(id), '\n'})                                          // want `\[\]byte\{\.\.\.\} allocates on each iteration: it escapes through a call of interface method Write; if the callee does not keep it, make one slice before the loop`
		w.Write([]byte{',', ' '})                                                // want `\[\]byte\{\.\.\.\} allocates on each iteration: it escapes through a call of interface method Write; its elements are constants: if the callee neither keeps nor changes it, make it once, before the loop or in a package-level variable`
		binary.Write(w, binary.LittleEndian, &header{kind: 1, size: uint32(id)}) // binary.Write does not keep it: on the stack
	}
}

var lastInts []int

func use2(xs []int, f func(*item)) { lastInts = xs }

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

type local struct{ n int }

func (l *local) handle(it *item) { l.n += it.id }

// The compiler sees the concrete handler and devirtualizes the call.
func devirtualized(ids []int) int {
	var l local
	var h handler = &l
	for _, id := range ids {
		h.handle(&item{id: id})
	}
	return l.n
}
