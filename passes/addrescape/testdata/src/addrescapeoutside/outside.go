package addrescapeoutside

type item struct{ id int }

// With outside-loops, constructors and other one-off escapes are reported.
func constructor(id int) *item {
	return &item{id: id} // want `&item\{\.\.\.\} allocates: it escapes through a return; return item by value if callers can take one`
}

func newItem(id int) *item {
	it := item{id: id} // want `moving it to the heap allocates a new item: its address escapes through a return`
	return &it
}

func loop(ids []int) []*item {
	var out []*item
	for _, id := range ids {
		out = append(out, &item{id: id}) // want `&item\{\.\.\.\} allocates on each iteration: it escapes through append`
	}
	return out
}
