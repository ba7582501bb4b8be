package boxingmod

import (
	"fmt"

	"example.com/boxingmod/internal/mod"
)

func F(p mod.Point) {
	fmt.Println(p) // want `converting mod\.Point \(24 bytes\) to any allocates: it escapes through fmt\.Println's argument`
	mod.Keep(p)    // want `converting mod\.Point \(24 bytes\) to any allocates: it escapes through mod\.Keep.s argument`
}
