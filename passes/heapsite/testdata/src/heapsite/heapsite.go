package heapsite

import "strconv"

type item struct{ a, b, c, d int64 }

var (
	keep  []*item
	names []string
	sink  string
)

// stored makes an item that escapes into a global slice: heavy, and no
// other check reports it.
func stored(n int) {
	keep = append(keep[:0], &item{a: int64(n)}) // want `&item\{\.\.\.\} allocates on each call, and Work calls it in a loop: it escapes through append; append values rather than pointers`
}

// formatted allocates inside strconv.Itoa, called here.
func formatted(n int) {
	sink = strconv.Itoa(n) // want `strconv\.Itoa takes the heap memory charged to this call on each call, and Work calls it in a loop: the profile charges the line`
}

// explained is heavy, but another check's finding is about its line.
func explained(n int) {
	names = append(names[:0], strconv.Itoa(n)+"!") // a finding of the marker check
}

var table map[int]int

// filled grows a map by storing into it.
func filled(n int) {
	m := make(map[int]int) // its header is light; the growth below is heavy
	for i := range 32 {
		m[i+n] = i // want `storing into the map may grow it on each iteration: the runtime then makes a larger table`
	}
	table = m
}

// light allocates too little to explain.
func light(n int) {
	if n%1000 == 0 {
		sink = strconv.Itoa(n)
	}
}

// Work runs each function on every n, and fills one map.
func Work(n int) {
	filled(n)
	for i := range n {
		stored(i)
		formatted(1000 + i)
		explained(1000 + i)
		light(1000 + i)
	}
}
