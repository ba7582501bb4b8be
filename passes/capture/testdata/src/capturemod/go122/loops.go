package go122

type job struct{ id int }

func run(job)    {}
func use(...any) {}

// Since Go 1.22 loop variables are per iteration and captured by value.
func rangeLoop(jobs []job) {
	for _, j := range jobs {
		go func() { run(j) }() // want `func literal allocates a closure on each iteration: it escapes through a go statement; start a fixed set of workers`
	}
}

func threeClause(n int) {
	for i := 0; i < n; i++ {
		go func() { use(i) }() // want `allocates a closure on each iteration: it escapes through a go statement; start`
	}
}
