package unsizedmakefix

import "strconv"

type point struct{ x, y int }

func literal(xs []int) []string {
	out := []string{} // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\)`
	for _, x := range xs {
		out = append(out, strconv.Itoa(x))
	}
	return out
}

func makeNoCap(ps []point) []int {
	xs := make([]int, 0) // want `xs reallocates as it grows to 2\*len\(ps\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 2\*len\(ps\)\)`
	for _, p := range ps {
		xs = append(xs, p.x)
		xs = append(xs, p.y)
	}
	return xs
}

func smallCap(n int) []point {
	ps := make([]point, 0, 2) // want `ps reallocates as it grows to max\(n, 0\) elements by append in a loop on each call: it starts with capacity 2; create it with make\(\[\]point, 0, max\(n, 0\)\)`
	for i := 0; i < n; i++ {
		ps = append(ps, point{i, i})
	}
	return ps
}

func nilLocal(words []string) int {
	var lens []int // want `lens reallocates as it grows to len\(words\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(words\)\)`
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
	var cells []uint // want `cells reallocates as it grows to cols\*rows elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]uint, 0, cols\*rows\)`
	for r := uint(0); r < rows; r++ {
		for c := range cols {
			cells = append(cells, r*cols+c)
		}
	}
	return len(cells)
}

func mapMake(ps []point) map[point]int {
	m := make(map[point]int) // want `m rehashes as it grows by len\(ps\) assignments in a loop on each call: it has no size hint; create it with make\(map\[point\]int, len\(ps\)\)`
	for i, p := range ps {
		m[p] = i
	}
	return m
}

func mapLiteral(names []string) map[string]bool {
	set := map[string]bool{} // want `set rehashes as it grows by len\(names\) assignments in a loop on each call: it has no size hint; create it with make\(map\[string\]bool, len\(names\)\)`
	for _, n := range names {
		set[n] = true
	}
	return set
}

func mapHint(a, b int) map[int]int {
	sq := make(map[int]int, 1) // want `sq rehashes as it grows by max\(b - a, 0\) assignments in a loop on each call: it has a size hint of 1; create it with make\(map\[int\]int, max\(b - a, 0\)\)`
	for i := a; i < b; i++ {
		sq[i] = i * i
	}
	return sq
}

type table struct{ rows [][]string }

func fieldBound(t table) []string {
	var firsts []string // want `firsts reallocates as it grows to len\(t\.rows\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(t\.rows\)\)`
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
		buf []byte // want `buf reallocates as it grows to len\(xs\)\+3 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]byte, 0, len\(xs\)\+3\)`
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
	out := []string{} // want `out reallocates as it grows to len\(parts\)\+2 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(parts\)\+2\)`
	out = append(out, "[")
	for _, p := range parts {
		out = append(out, p)
	}
	out = append(out, "]")
	return out
}

// A nil result that must stay nil is grown before the loop; slices is
// imported.
func returnedNil(xs []int) []string {
	var out []string // want `out reallocates as it grows to len\(xs\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(xs\)\), which leaves it nil when the loop does not run`
	for _, x := range xs {
		out = append(out, strconv.Itoa(x))
	}
	return out
}

// The same before a labeled loop: the statement goes before the label.
func labeled(rows [][]int) []int {
	var out []int // want `out reallocates as it grows to len\(rows\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with out = slices\.Grow\(out, len\(rows\)\), which leaves it nil when the loop does not run`
outer:
	for _, r := range rows {
		out = append(out, len(r))
		for _, x := range r {
			if x < 0 {
				continue outer
			}
		}
	}
	return out
}

// A literal's elements are appended to a sized make.
func header(xs []int) []string {
	out := []string{"#", "x"} // want `out reallocates as it grows to len\(xs\)\+2 elements by append in a loop on each call: it starts as a literal of 2 elements, with no room for more; create it with append\(make\(\[\]string, 0, len\(xs\)\+2\), "#", "x"\)`
	for _, x := range xs {
		out = append(out, strconv.Itoa(x))
	}
	return out
}

// var s []T grown before the loop becomes a sized make: the first append
// makes it non-nil anyway.
func preAppended(xs []int) []string {
	var out []string // want `out reallocates as it grows to len\(xs\)\+1 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]string, 0, len\(xs\)\+1\)`
	out = append(out, "(")
	for _, x := range xs {
		out = append(out, strconv.Itoa(x))
	}
	return out
}

type box struct{ vals []int }

// A count read through a pointer, right before the loop reads it anyway.
func (b *box) doubled() []int {
	out := []int{} // want `out reallocates as it grows to len\(b\.vals\) elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, len\(b\.vals\)\)`
	n := 0
	for _, v := range b.vals {
		out = append(out, 2*v)
		n++
	}
	return out[:n]
}
