package boxingloops

import "fmt"

type Point struct{ X, Y, Z float64 }

func f(ps []Point, p Point) {
	fmt.Println(p) // loops-only: not reported
	for _, q := range ps {
		fmt.Println(q) // want `converting q \(Point, 24 bytes\) to any allocates on each iteration: it escapes through fmt\.Println's argument; append q's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
	}
}
