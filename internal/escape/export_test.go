package escape

import "slices"

// LookupForTest exposes the table's binary search to the tests.
var LookupForTest = lookupLine

// IteratorsForTest lists the curated iterators, sorted.
func IteratorsForTest() []string {
	var out []string
	for k := range iterators {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
