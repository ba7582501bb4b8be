package unsizedmakefix

import "strconv"

type point struct{ x, y int }

func literal(xs []int) []string {
	out := []string{} // want `out grows to len\(xs\) elements`
	for _, x := range xs {
		out = append(out, strconv.Itoa(x))
	}
	return out
}

func makeNoCap(ps []point) []int {
	xs := make([]int, 0) // want `xs grows to 2\*len\(ps\) elements`
	for _, p := range ps {
		xs = append(xs, p.x)
		xs = append(xs, p.y)
	}
	return xs
}

func smallCap(n int) []point {
	ps := make([]point, 0, 2) // want `ps grows to max\(n, 0\) elements`
	for i := 0; i < n; i++ {
		ps = append(ps, point{i, i})
	}
	return ps
}

func nilLocal(words []string) int {
	var lens []int // want `lens grows to len\(words\) elements`
	for _, w := range words {
		lens = append(lens, len(w))
	}
	total := 0
	for _, l := range lens {
		total += l
	}
	return total
}

func nested(rows, cols uint) int {
	var cells []uint // want `cells grows to cols\*rows elements`
	for r := uint(0); r < rows; r++ {
		for c := range cols {
			cells = append(cells, r*cols+c)
		}
	}
	return len(cells)
}

func mapMake(ps []point) map[point]int {
	m := make(map[point]int) // want `m gets len\(ps\) assignments`
	for i, p := range ps {
		m[p] = i
	}
	return m
}

func mapLiteral(names []string) map[string]bool {
	set := map[string]bool{} // want `set gets len\(names\) assignments`
	for _, n := range names {
		set[n] = true
	}
	return set
}

func mapHint(a, b int) map[int]int {
	sq := make(map[int]int, 1) // want `sq gets max\(b - a, 0\) assignments .* has a size hint of 1; create it with make\(map\[int\]int, max\(b - a, 0\)\)`
	for i := a; i < b; i++ {
		sq[i] = i * i
	}
	return sq
}

type table struct{ rows [][]string }

func fieldBound(t table) []string {
	var firsts []string // want `firsts grows to len\(t.rows\) elements`
	for _, r := range t.rows {
		firsts = append(firsts, r[0])
	}
	n := 0
	for range firsts {
		n++
	}
	return []string{strconv.Itoa(n)}
}

func varBlock(xs []byte) int {
	var (
		n   = 0
		buf []byte // want `buf grows to len\(xs\)\+3 elements`
	)
	for _, x := range xs {
		buf = append(buf, x)
	}
	for range 3 {
		buf = append(buf, '.')
		n++
	}
	return len(buf) + n
}

func bracketed(parts []string) []string {
	out := []string{} // want `out grows to len\(parts\)\+2 elements`
	out = append(out, "[")
	for _, p := range parts {
		out = append(out, p)
	}
	out = append(out, "]")
	return out
}
