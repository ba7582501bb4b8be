// Package mapptrloops is checked with loops-only.
package mapptrloops

type point struct{ x, y int32 }

func put(m map[string]*point, k string) {
	m[k] = &point{}
}

func putAll(m map[string]*point, keys []string) {
	for _, k := range keys {
		m[k] = &point{} // want `&point\{\} allocates a new point \(8 bytes\) on each iteration: it escapes into a map\[string\]\*point, one per entry; use map\[string\]point`
	}
}
