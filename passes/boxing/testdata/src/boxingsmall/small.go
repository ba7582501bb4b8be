package boxingsmall

import "fmt"

type Point struct{ X, Y, Z float64 }

func f(n int, u uint32, p Point) {
	fmt.Println(n, u) // skip-small-ints: not reported
	fmt.Println(p)    // want `converting Point \(24 bytes\) to any allocates`
}
