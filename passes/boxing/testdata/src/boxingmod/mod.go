package boxingmod

import (
	"fmt"

	"example.com/boxingmod/internal/mod"
)

func F(p mod.Point) {
	fmt.Println(p) // want `converting p \(mod\.Point, 24 bytes\) to any allocates on each call: it escapes through fmt\.Println's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
	mod.Keep(p)    // want `converting p \(mod\.Point, 24 bytes\) to any may allocate \(if mod\.Keep keeps it, which heaplint cannot tell\) on each call: it escapes through mod\.Keep's argument`
}
