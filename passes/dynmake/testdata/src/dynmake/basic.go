package dynmake

import "io"

type record struct {
	id      int64
	name    string
	payload [24]byte
} // 48 bytes on 64-bit platforms, 36 on 32-bit: too large for the 32-byte stack buffer

var cache = map[int][]byte{}

// Reported: a buffer per iteration, escaping into an interface method.
func readAll(r io.Reader, sizes []int) int {
	total := 0
	for _, n := range sizes {
		buf := make([]byte, n) // want `make\(\[\]byte, n\) allocates on each iteration: it escapes through a call of interface method Read; if the callee does not keep it, hoist one buffer out of the loop and reuse it`
		m, _ := r.Read(buf)
		total += m
	}
	return total
}

// Reported: escaping into a func value.
func each(f func([]int), counts []int) {
	for _, c := range counts {
		f(make([]int, c)) // want `make\(\[\]int, c\) allocates on each iteration: it escapes through a call through a func value`
	}
}

// Silent: returned from inside the loop, a search whose loop is there to
// produce the buffer (and retry loops, which make a bigger buffer until it
// is enough) usually runs once.
func firstNonZero(ns []int, fill func(int) byte) []byte {
	for _, n := range ns {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = fill(i)
		}
		if buf[n-1] != 0 {
			return buf
		}
	}
	return nil
}

// Reported: escaping through a function of this package whose parameter
// leaks.
func sendAll(w io.Writer, ns []int) {
	for _, n := range ns {
		write(w, make([]byte, n)) // want `make\(\[\]byte, n\) allocates on each iteration: it escapes through write's argument; if write does not keep it`
	}
}

func write(w io.Writer, b []byte) { w.Write(b) }

// Silent: the callee of this package keeps it.
type index struct{ byID map[int][]byte }

func (x *index) add(id int, b []byte) { x.byID[id] = b }

func fill(x *index, ns []int) {
	for i, n := range ns {
		b := make([]byte, n)
		b[0] = 1
		x.add(i, b)
	}
}

// Silent: the callee of this package only sorts it.
func sorted(ns [][]int) {
	for _, row := range ns {
		buf := make([]int, 0, len(row))
		buf = append(buf, row...)
		sortInts(buf)
	}
}

func sortInts(xs []int) {
	for i := range xs {
		for j := i + 1; j < len(xs); j++ {
			if xs[j] < xs[i] {
				xs[i], xs[j] = xs[j], xs[i]
			}
		}
	}
}

func retry(read func([]int) (int, bool), n int) []int {
	for {
		p := make([]int, n+50)
		m, ok := read(p)
		if ok {
			return p[:m]
		}
		n = m
	}
}

// Silent: the hoisted buffer, grown when too small, is what the check
// suggests.
func reused(r io.Reader, sizes []int) int {
	total := 0
	var buf []byte
	for _, n := range sizes {
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		m, _ := r.Read(buf)
		total += m
	}
	return total
}

// Silent: kept beyond the iteration, each needs its own memory.
func keep(ns []int) [][]byte {
	var out [][]byte
	for _, n := range ns {
		out = append(out, make([]byte, n))
	}
	return out
}

func remember(ns []int) {
	for i, n := range ns {
		cache[i] = make([]byte, n)
	}
}

func send(c chan []byte, ns []int) {
	for _, n := range ns {
		c <- make([]byte, n)
	}
}

// Silent: outside loops, one per call is what the call needs.
func once(r io.Reader, n int) int {
	buf := make([]byte, n)
	m, _ := r.Read(buf)
	return m
}

// Silent (go1.25 and later): it does not escape, and small results get a
// 32-byte stack buffer.
func local(ns []int) int {
	sum := 0
	for _, n := range ns {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(i)
		}
		sum += int(buf[0])
	}
	return sum
}

// Reported: elements larger than the 32-byte stack buffer always go to
// the heap, although the make does not escape.
func records(ns []int) int {
	sum := 0
	for _, n := range ns {
		rs := make([]record, n) // want `make\(\[\]record, n\) goes to the heap on each iteration: although it does not escape, its 48-byte elements do not fit the 32-byte stack buffer the compiler gives a make with a non-constant size; hoist one buffer out of the loop and reuse it \(buf = buf\[:n\] when cap\(buf\) >= n\)`
		sum += len(rs)
	}
	return sum
}

// Silent: a static callee in another package is not followed.
func copied(dst io.Writer, ns []int) {
	for _, n := range ns {
		buf := make([]byte, n)
		io.ReadFull(nil, buf)
	}
}

// Constant sizes over the stack limits.

func use(b []byte) byte { return b[0] }

// Reported: over 64 KiB for an implicit allocation; a variable would stay
// on the stack.
func big() byte {
	buf := make([]byte, 70000) // want `make\(\[\]byte, 70000\) allocates on each call: 70000 bytes is over the compiler's 64 KiB limit for implicit stack allocations; declare a variable \(var buf \[70000\]byte\) and use it instead, which stays on the stack up to 128 KiB`
	return use(buf)
}

// Silent: exactly at the limit.
func atLimit() byte {
	buf := make([]byte, 65536)
	return use(buf)
}

// Silent: a variable of the same size stays on the stack.
func asVar() byte {
	var buf [70000]byte
	return use(buf[:])
}

// Reported: over 128 KiB even as a variable.
func huge() byte {
	var buf [200000]byte // want `var buf allocates on each call: \[200000\]byte is 200000 bytes, over the compiler's 128 KiB limit for stack variables; reuse one buffer \(hoisted out of loops, or from a sync\.Pool\) or make it smaller`
	return use(buf[:])
}

// Reported: new and &T{} are implicit too.
type block struct{ data [70000]byte }

func newBlock() byte {
	b := new(block) // want `new\(block\) allocates on each call: 70000 bytes is over the compiler's 64 KiB limit for implicit stack allocations; declare a variable \(var buf block\) and use it instead, which stays on the stack up to 128 KiB`
	return b.data[0]
}

func litBlock() byte {
	b := &block{} // want `&block\{\} allocates on each call: 70000 bytes is over the compiler's 64 KiB limit for implicit stack allocations; declare a variable \(var buf block\) and use it instead, which stays on the stack up to 128 KiB`
	return b.data[1]
}

// Reported in a loop: over the limit, and no variable would help.
func chunks(r io.Reader, n int) int {
	total := 0
	for range n {
		buf := make([]byte, 1<<20) // want `make\(\[\]byte, 1 << 20\) allocates on each iteration: 1048576 bytes is over the compiler's 64 KiB limit for stack allocations; if the callee does not keep it, reuse one buffer \(hoisted out of loops, or from a sync\.Pool\)`
		m, _ := r.Read(buf)
		total += m
	}
	return total
}

// Silent: a large buffer that is returned has to live on.
func result() []byte {
	return make([]byte, 1<<20)
}

// Silent: an interface made by a call the compiler can inline may be
// devirtualized, and then the buffer does not escape.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0
	}
	return len(p), nil
}

func newZeros() io.Reader { return zeros{} }

func devirtualized(ns []int) int {
	r := newZeros()
	total := 0
	for _, n := range ns {
		buf := make([]byte, n)
		m, _ := r.Read(buf)
		total += m
	}
	return total
}
