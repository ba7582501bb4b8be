// Package mapptrmax is checked with max-size 128, the largest value a map
// stores in its own slots.
package mapptrmax

type inline struct{ words [16]int64 } // 128 bytes

type outOfLine struct{ words [17]int64 } // 136 bytes: the map would allocate it anyway

func fill(a map[int]*inline, b map[int]*outOfLine, n int) {
	for i := range n {
		a[i] = &inline{} // want `&inline\{\} allocates a new inline \(128 bytes\) on each iteration: it escapes into a map\[int\]\*inline, one per entry; use map\[int\]inline`
		b[i] = &outOfLine{}
	}
}
