package mapptr

import (
	"maps"
	"sync"
	"sync/atomic"
)

type point struct{ x, y int32 }

// index fills a map with a new point per entry.
func index(ps []point) map[int32]*point {
	m := make(map[int32]*point, len(ps))
	for _, p := range ps {
		m[p.x] = &point{x: p.x, y: p.y} // want `&point\{\.\.\.\} allocates a new point \(8 bytes\) on each iteration: it escapes into a map\[int32\]\*point, one per entry; use map\[int32\]point`
	}
	return m
}

// Reads through the map's pointers, and nil tests, keep the map reportable.
func sumX(m map[int32]*point) int32 {
	var s int32
	for _, p := range m {
		s += p.x
	}
	if q := m[0]; q != nil {
		s += q.y
	}
	return s + (*m[1]).x
}

type counter struct{ hits, misses int64 }

func counters(names []string) map[string]*counter {
	m := map[string]*counter{}
	for _, n := range names {
		c := new(counter) // want `new\(counter\) allocates a new counter \(16 bytes\) on each iteration: it escapes into a map\[string\]\*counter, one per entry; use map\[string\]counter`
		c.hits = 1
		m[n] = c
	}
	return m
}

type pair struct{ a, b int32 }

func pairs(keys []string) map[string]*pair {
	m := map[string]*pair{}
	for i, k := range keys {
		p := pair{a: int32(i)} // want `moving p to the heap allocates a new pair \(8 bytes\) on each iteration: its address is stored in a map\[string\]\*pair, one per entry; use map\[string\]pair and store p itself`
		m[k] = &p
	}
	return m
}

type rec struct{ id, v int32 }

// byID stores the address of the range variable, one per iteration since
// Go 1.22.
func byID(rs []rec) map[int32]*rec {
	m := map[int32]*rec{}
	for _, r := range rs { // want `moving r to the heap allocates a new rec \(8 bytes\) on each iteration: its address is stored in a map\[int32\]\*rec, one per entry; use map\[int32\]rec and store r itself`
		m[r.id] = &r
	}
	return m
}

type color struct{ r, g, b uint8 }

func palette() map[string]*color {
	return map[string]*color{
		"red":  {r: 255}, // want `&color\{\.\.\.\} allocates a new color \(3 bytes\) on each call: it escapes into a map\[string\]\*color, one per entry; use map\[string\]color`
		"blue": {b: 255}, // want `^&color\{\.\.\.\} allocates a new color`
	}
}

type span struct{ lo, hi int32 }

// put runs once per entry, outside any loop of its own.
func put(m map[string]*span, k string, lo, hi int32) {
	s := &span{} // want `&span\{\} allocates a new span \(8 bytes\) on each call: it escapes into a map\[string\]\*span, one per entry; use map\[string\]span`
	s.lo, s.hi = lo, hi
	m[k] = s
}

// Silent: V is larger than max-size.
type big struct{ data [20]int64 }

func bigs(m map[int]*big, n int) {
	for i := range n {
		m[i] = &big{}
	}
}

// Silent: V holds a lock.
type guarded struct {
	mu sync.Mutex
	n  int32
}

func locks(m map[string]*guarded, keys []string) {
	for _, k := range keys {
		m[k] = &guarded{}
	}
}

// Silent: V has no size.
type marker struct{}

func markers(m map[string]*marker, keys []string) {
	for _, k := range keys {
		m[k] = &marker{}
	}
}

// Silent: the pointer is not a fresh allocation.
type shape struct{ w, h int32 }

func adopt(m map[string]*shape, k string, s *shape) {
	m[k] = s
}

// Silent: one allocation stored under every key.
func shared(m map[string]*shape, keys []string) {
	s := &shape{w: 1}
	for _, k := range keys {
		m[k] = s
	}
}

// Silent: the pointer made before the loop is stored again on the
// iterations that make no new one (the phis behind it form a cycle).
type pin struct{ x, y int32 }

func sometimes(m map[string]*pin, keys []string) {
	p := &pin{}
	for i, k := range keys {
		if i%2 == 0 {
			p = &pin{x: int32(i)}
		}
		m[k] = p
	}
}

// Silent: the same pointer is stored twice.
type dim struct{ w, h int32 }

func twice(a, b map[string]*dim, k string) {
	d := &dim{}
	a[k] = d
	b[k] = d
}

// Silent: the pointer is returned.
type size struct{ w, h int32 }

func returned(m map[string]*size, k string) *size {
	s := &size{}
	m[k] = s
	return s
}

// Silent: the pointer is passed on.
type box struct{ w, h int32 }

func register(*box) {}

func passed(m map[string]*box, k string) {
	b := &box{}
	m[k] = b
	register(b)
}

// Silent: written through after the store.
type cell struct{ v, n int32 }

func mutated(m map[string]*cell, k string) {
	c := &cell{}
	m[k] = c
	c.n++
}

// Silent: a field's address is passed on.
type vec struct{ x, y int32 }

func setX(p *int32) { *p = 1 }

func fieldAddr(m map[string]*vec, k string) {
	v := &vec{}
	setX(&v.x)
	m[k] = v
}

// Silent: another function writes through pointers read out of the map.
type account struct{ balance int64 }

func open(m map[string]*account, ids []string) {
	for _, id := range ids {
		m[id] = &account{}
	}
}

func deposit(m map[string]*account, id string, n int64) {
	m[id].balance += n
}

// Silent: a pointer-receiver method is called on a map read.
type timer struct{ start, stop int64 }

func (t *timer) Stop() { t.stop = 1 }

func startAll(m map[string]*timer, keys []string) {
	for _, k := range keys {
		m[k] = &timer{start: 1}
	}
}

func stop(m map[string]*timer, k string) { m[k].Stop() }

// Silent: a getter hands out the map's pointers.
type item struct{ id, qty int32 }

func stock(m map[int32]*item, ids []int32) {
	for _, id := range ids {
		m[id] = &item{id: id}
	}
}

func get(m map[int32]*item, id int32) *item { return m[id] }

// Silent: a range over the map writes through its values.
type score struct{ n, max int32 }

func scores(m map[string]*score, keys []string) {
	for _, k := range keys {
		m[k] = &score{max: 10}
	}
	for _, s := range m {
		s.n++
	}
}

// Silent: the map is handed to another package, which writes through its
// pointers.
type logged struct{ a, b int32 }

func logAll(keys []string) {
	m := map[string]*logged{}
	for _, k := range keys {
		m[k] = &logged{}
	}
	maps.DeleteFunc(m, func(_ string, l *logged) bool {
		l.a++
		return false
	})
}

// Silent: a pointer to the map goes into an interface.
type setting struct{ on, off int32 }

var current atomic.Value

func load(keys []string) map[string]*setting {
	m := map[string]*setting{}
	for _, k := range keys {
		m[k] = &setting{}
	}
	current.Store(&m)
	return m
}

// Silent: the get-or-create counter writes through the pointer it stored.
type tally struct{ n int64 }

func count(m map[string]*tally, words []string) {
	for _, w := range words {
		t := m[w]
		if t == nil {
			t = &tally{}
			m[w] = t
		}
		t.n++
	}
}

// Silent: a package-level map literal is made once.
type origin struct{ x, y int32 }

var origins = map[string]*origin{"zero": {}, "one": {x: 1, y: 1}}

// Silent: the map type is part of the exported API.
type Entry struct{ A, B int32 }

type Registry struct {
	Entries map[string]*Entry
}

func (r *Registry) Add(k string) {
	r.Entries[k] = &Entry{}
}

// Good: the same data with no allocation per entry.
func indexValues(ps []point) map[int32]point {
	m := make(map[int32]point, len(ps))
	for _, p := range ps {
		m[p.x] = p
	}
	return m
}
