package boxingloops

import "fmt"

type Point struct{ X, Y, Z float64 }

func f(ps []Point, p Point) {
	fmt.Println(p) // loops-only: not reported
	for _, q := range ps {
		fmt.Println(q) // want `converting Point \(24 bytes\) to any allocates: it escapes through fmt\.Println's argument, inside a loop`
	}
}
