package mapptrclosure

type point struct{ x, y int32 }

// filler returns a closure that fills the map.
func filler(m map[string]*point, keys []string) func() {
	return func() {
		for i, k := range keys {
			m[k] = &point{x: int32(i)} // want `&point\{\.\.\.\} allocates a new point \(8 bytes\) on each iteration: it escapes into a map\[string\]\*point, one per entry; use map\[string\]point`
		}
	}
}

// deferred stores a new point when it returns.
func deferred(m map[string]*point, k string) {
	defer func() {
		m[k] = &point{x: 1} // want `&point\{\.\.\.\} allocates a new point \(8 bytes\) on each call: it escapes into a map\[string\]\*point, one per entry; use map\[string\]point`
	}()
}

// Silent: a goroutine keeps the pointer too.
type job struct{ id, state int32 }

func start(m map[int32]*job, ids []int32) {
	for _, id := range ids {
		j := &job{id: id}
		m[id] = j
		go func() { j.state = 1 }()
	}
}

// Silent: the local is captured, so it is shared with the closure.
type pos struct{ line, col int32 }

func track(m map[string]*pos, k string) func() {
	p := pos{}
	m[k] = &p
	return func() { p.line++ }
}
