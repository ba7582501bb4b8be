package escape

import "golang.org/x/tools/go/ssa"

// lookupTable returns the curated summary of a standard library function,
// or nil.
func lookupTable(fn *ssa.Function) *Summary {
	return nil
}
