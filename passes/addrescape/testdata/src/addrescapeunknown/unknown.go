package addrescapeunknown

import "addrescapeunknown/store"

// With unknown-callees, addresses handed to a function of another
// (non-standard) package, whose escape behaviour heaplint cannot see, are
// reported as "may allocate".
func putAll(ids []int) {
	for _, id := range ids {
		it := store.Item{ID: id} // want `moving it to the heap may allocate a new store.Item on each iteration: its address escapes if store.Put keeps it, which heaplint cannot tell; declare it before the loop and reset it on each iteration, unless store.Put keeps the pointer`
		store.Put(&it)
	}
}
