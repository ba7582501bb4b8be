// Package mapptrloops is checked with loops-only.
package mapptrloops

type point struct{ x, y int32 }

func put(m map[string]*point, k string) {
	m[k] = &point{}
}

func putAll(m map[string]*point, keys []string) {
	for _, k := range keys {
		m[k] = &point{} // want `^&point\{\} allocates a new point \(8 bytes\) per entry: it escapes into a map\[string\]\*point, inside a loop; use map\[string\]point$`
	}
}
