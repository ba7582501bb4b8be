package boxingmod

import (
	"fmt"

	"example.com/boxingmod/internal/mod"
)

func F(p mod.Point) {
	fmt.Println(p) // want `converting p \(mod\.Point, 24 bytes\) to any allocates on each call: it escapes through fmt\.Println's argument; pass a pointer \(\*mod\.Point\) or format its fields with strconv`
	mod.Keep(p) // want `converting p \(mod\.Point, 24 bytes\) to any allocates on each call: it escapes through mod\.Keep's argument; pass a pointer \(\*mod\.Point\) or keep the value typed \(a concrete or generic parameter\)`
}
