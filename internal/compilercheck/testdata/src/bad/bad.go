package bad

import "fmt"

func F(xs []int) int {
	fmt.Println(true) // want `converting bool to any allocates`
	s := make([]int, 8) // want `make allocates`
	return s[0] + len(xs)
}
