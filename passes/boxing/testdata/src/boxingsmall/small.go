package boxingsmall

import "fmt"

type Point struct{ X, Y, Z float64 }

func f(n int, u uint32, p Point) {
	fmt.Println(n, u) // skip-small-ints: not reported
	fmt.Println(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through fmt\.Println's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}
