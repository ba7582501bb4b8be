// Package b is analyzed: it calls a dependency's functions.
package b

import "example.com/mod/a"

func Run(ok bool) int {
	if !ok {
		a.Die(2)
	}
	a.Fine()
	return a.Mark()
}
