package modgood

import "fmt"

type P struct{ X, Y, Z int }

var sink map[string]*P

func F(p P) {
	fmt.Println(p) // want `converting P to any allocates`
	sink["x"] = &P{} // want "&P{} allocates"
	fmt.Println(true) // want `may allocate`
}
