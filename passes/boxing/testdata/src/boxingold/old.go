// Package boxingold is written for Go 1.20, which has no slices package.
package boxingold

import "sort"

func sortInts(xs []int) {
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] }) // want `converting xs \(\[\]int, 24 bytes\) to any allocates on each call: it escapes through sort\.Slice's argument; sort takes it as an interface, and slices\.SortFunc needs Go 1\.21 \(this file is go1\.20\): no rewrite here`
}
