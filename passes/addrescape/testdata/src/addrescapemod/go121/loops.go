package go121

type item struct{ id int }

// Before Go 1.22 a loop variable is one variable for the whole loop: it
// moves to the heap once (and every pointer is the same), so there is no
// allocation per iteration to report.
func rangeAppend(items []item) []*item {
	var ptrs []*item
	for _, it := range items {
		ptrs = append(ptrs, &it)
	}
	return ptrs
}

func counters(n int) []*int {
	var ps []*int
	for i := 0; i < n; i++ {
		ps = append(ps, &i)
	}
	return ps
}

// A variable declared in the body is per iteration in every version.
func body(items []item) []*item {
	var ptrs []*item
	for _, it := range items {
		v := it // want `moving v to the heap allocates a new item on each iteration: its address escapes through append; append v itself`
		ptrs = append(ptrs, &v)
	}
	return ptrs
}
