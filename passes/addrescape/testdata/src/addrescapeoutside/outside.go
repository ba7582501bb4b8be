package addrescapeoutside

type item struct{ id int }

// With outside-loops, constructors and other one-off escapes are reported.
func constructor(id int) *item {
	return &item{id: id} // want `&item\{\.\.\.\} allocates on each call: it escapes through a return; return item by value if callers can take one`
}

func newItem(id int) *item {
	it := item{id: id} // want `moving it to the heap allocates a new item on each call: its address escapes through a return; keep item values instead of pointers`
	return &it
}

func loop(ids []int) []*item {
	var out []*item
	for _, id := range ids {
		out = append(out, &item{id: id}) // want `&item\{\.\.\.\} allocates on each iteration: it escapes through append`
	}
	return out
}

// A three-clause loop variable has a copy before the loop too: reported
// once, as the per-iteration allocation it is.
func counters(n int) []*int {
	var ps []*int
	for i := 0; i < n; i++ { // want `moving i to the heap allocates a new int on each iteration: its address escapes through append`
		ps = append(ps, &i)
	}
	return ps
}
