package dynmakesmall

// With small-stack, a non-escaping make with a non-constant size in a loop
// is reported as "may allocate": only 32 bytes fit its stack buffer.
func local(ns []int) int {
	sum := 0
	for _, n := range ns {
		buf := make([]int, n) // want `make\(\[\]int, n\) may allocate on each iteration: when it needs more than 32 bytes \(4 elements of 8 bytes\): only that much fits the stack buffer the compiler gives a make with a non-constant size; hoist one buffer out of the loop and reuse it, or use a constant size`
		for i := range buf {
			buf[i] = i
		}
		sum += buf[0]
	}
	return sum
}

// Outside loops it stays silent.
func once(n int) int {
	buf := make([]byte, n)
	return len(buf)
}
