package go122

type item struct{ id int }

// Since Go 1.22 a loop variable is per iteration: each &it is a new copy.
func rangeAppend(items []item) []*item {
	var ptrs []*item
	for _, it := range items { // want `moving it to the heap allocates a new item on each iteration: its address escapes through append \(loop variables are per iteration since Go 1.22\); point into items with &items\[i\]`
		ptrs = append(ptrs, &it)
	}
	return ptrs
}

func counters(n int) []*int {
	var ps []*int
	for i := 0; i < n; i++ { // want `moving i to the heap allocates a new int on each iteration: its address escapes through append \(loop variables are per iteration since Go 1.22\)`
		ps = append(ps, &i)
	}
	return ps
}
