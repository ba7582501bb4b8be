package unsizedmake

// Go's cost model: where presizing saves no allocation, nothing is said.
// TestSilentCostModel in cost_test.go measures each of these shapes.

func use(xs []int) int { return len(xs) }

// Silent: 4 ints (32 bytes) that do not escape grow in the stack buffer
// the compiler gives the first append (Go 1.26): no allocation either way.
func fourLocal() int {
	var out []int
	for i := range 4 {
		out = append(out, i)
	}
	t := 0
	for _, x := range out {
		t += x
	}
	return t
}

// Reported: passed to a function, even one that keeps nothing, the buffer
// is moved to the heap (an inlined call assigns its parameter), while
// make([]int, 0, 4) would stay on the stack.
func fourPassed() int {
	var out []int // want `out reallocates as it grows to 4 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 4\)`
	for i := range 4 {
		out = append(out, i)
	}
	return use(out)
}

// Reported: 5 ints outgrow the buffer, while make([]int, 0, 5) would stay
// on the stack.
func fiveLocal() int {
	var out []int // want `out reallocates as it grows to 5 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 5\)`
	for i := range 5 {
		out = append(out, i)
	}
	return use(out)
}

// Silent: 8 ints (64 bytes) returned: grown on the stack, then moved to the
// heap once, or grown past the buffer once: one allocation, as a presized
// make costs.
func eightReturned() []int {
	out := []int{}
	for i := range 8 {
		out = append(out, i)
	}
	return out
}

// Reported: 9 ints returned take two allocations.
func nineReturned() []int {
	out := []int{} // want `out reallocates as it grows to 9 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 9\)`
	for i := range 9 {
		out = append(out, i)
	}
	return out
}

var kept []int

// Reported: a slice that escapes in the loop gets no stack buffer and
// doubles from its first append (1, 2, 4: three allocations).
func fourEscaping() {
	var out []int // want `out reallocates as it grows to 4 elements by append in a loop on each call: it starts without capacity; create it with make\(\[\]int, 0, 4\)`
	for i := range 4 {
		out = append(out, i)
		kept = out
	}
}

// Silent: a map of up to 8 entries allocates its one group of slots with
// or without a hint.
func eightEntries() map[int]int {
	m := make(map[int]int)
	for i := range 8 {
		m[i] = i
	}
	return m
}

// Reported: the ninth entry needs a bigger table.
func nineEntries() map[int]int {
	m := make(map[int]int) // want `m rehashes as it grows by 9 assignments in a loop on each call: it has no size hint; create it with make\(map\[int\]int, 9\)`
	for i := range 9 {
		m[i] = i
	}
	return m
}

// Silent: a map that does not escape starts in a group on the stack and
// grows once into a table a hint would allocate too, up to 14 entries.
func fourteenLocal() int {
	m := make(map[int]int)
	for i := range 14 {
		m[i] = i
	}
	return len(m)
}

// Reported: the fifteenth entry needs a second growth.
func fifteenLocal() int {
	m := make(map[int]int) // want `m rehashes as it grows by 15 assignments in a loop on each call: it has no size hint; create it with make\(map\[int\]int, 15\)`
	for i := range 15 {
		m[i] = i
	}
	return len(m)
}
