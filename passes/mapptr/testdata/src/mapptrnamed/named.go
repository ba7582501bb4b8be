package mapptrnamed

type point struct{ x, y int32 }

type index map[string]*point

func (ix index) add(k string, x int32) {
	ix[k] = &point{x: x} // want `&point\{\.\.\.\} allocates a new point \(8 bytes\) on each call: it escapes into a map\[string\]\*point, one per entry; use map\[string\]point`
}

type celsius float64

type reading struct {
	at   int64
	temp celsius
}

type byStation map[string]*reading

func record(m byStation, names []string) {
	for _, n := range names {
		r := reading{temp: 21.5} // want `moving r to the heap allocates a new reading \(16 bytes\) on each iteration: its address is stored in a map\[string\]\*reading, one per entry; use map\[string\]reading and store r itself`
		m[n] = &r
	}
}

// Silent: the element is a named pointer type, which the check does not
// follow (and reparent writes through it).
type node struct{ id, parent int32 }

type ref *node

func link(m map[int32]ref, ids []int32) {
	for _, id := range ids {
		m[id] = &node{id: id}
	}
}

func reparent(m map[int32]ref, id, p int32) {
	(*node)(m[id]).parent = p
}
