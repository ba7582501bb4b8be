// Package mapptrsize is checked with max-size 16.
package mapptrsize

type small struct{ a, b int64 } // 16 bytes

type medium struct{ a, b, c int64 } // 24 bytes

func fill(s map[int]*small, m map[int]*medium, n int) {
	for i := range n {
		s[i] = &small{a: int64(i)} // want `&small\{\.\.\.\} allocates a new small \(16 bytes\) on each iteration: it escapes into a map\[int\]\*small, one per entry; use map\[int\]small`
		m[i] = &medium{a: int64(i)}
	}
}
