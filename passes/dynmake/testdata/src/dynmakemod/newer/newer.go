//go:build go1.25

// Package newer is in the same go1.24 module, but this file asks for
// go1.25: the compiler's 32-byte stack buffer applies, and the check is
// silent.
package newer

func local(ns []int) int {
	sum := 0
	for _, n := range ns {
		buf := make([]byte, n)
		for i := range buf {
			buf[i] = byte(i)
		}
		sum += int(buf[0])
	}
	return sum
}
