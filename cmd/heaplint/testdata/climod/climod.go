// Package climod is the heaplint command's test fixture: a few findings of
// known checks, one with a fix, and suppression directives.
package climod

import (
	"fmt"
	"os"
)

type point struct{ x, y, z float64 }

// Print boxes a point per iteration (boxing).
func Print(ps []point) {
	for _, p := range ps {
		fmt.Fprintln(os.Stdout, p)
	}
}

// Count grows a slice without capacity in a loop of known length
// (unsizedmake, with a fix).
func Count(ps []point) int {
	var xs []float64
	for _, p := range ps {
		xs = append(xs, p.x)
	}
	return len(xs)
}

// Quiet boxes too, but says why that is fine.
func Quiet(ps []point) {
	for _, p := range ps {
		fmt.Fprintln(os.Stderr, p) //heaplint:ignore boxing the error stream is not hot
	}
}
