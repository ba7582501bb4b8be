// Package dynmakemod is a go1.24 module. The compiler's 32-byte stack
// buffer for a make with a non-constant size is go1.25's whatever the
// module's language version, so a go1.26 build allocates nothing here:
// silent.
package dynmakemod

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
