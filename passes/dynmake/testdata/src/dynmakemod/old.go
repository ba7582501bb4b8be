// Package dynmakemod is a go1.24 module: compilers before go1.25 put every
// make with a non-constant size on the heap, so a non-escaping one in a
// loop may allocate.
package dynmakemod

func local(ns []int) int {
	sum := 0
	for _, n := range ns {
		buf := make([]byte, n) // want `make\(\[\]byte, n\) may allocate on each iteration: compilers before go1.25 put every make with a non-constant size on the heap, and this file is go1.24`
		for i := range buf {
			buf[i] = byte(i)
		}
		sum += int(buf[0])
	}
	return sum
}
