package go121

type job struct{ id int }

func run(job)    {}
func use(...any) {}

// Before Go 1.22 a loop variable is one variable for the whole loop,
// assigned by every iteration: captured by reference, moved to the heap
// once, shared by every goroutine.
func rangeLoop(jobs []job) {
	for _, j := range jobs {
		go func() { run(j) }() // want `func literal allocates a closure on each iteration: it escapes through a go statement, and moves j to the heap \(j is one variable for the whole loop before Go 1.22\); start a fixed set of workers`
	}
}

func threeClause(n int) {
	for i := 0; i < n; i++ {
		go func() { use(i) }() // want `allocates a closure on each iteration: it escapes through a go statement, and moves i to the heap \(i is one variable for the whole loop before Go 1.22\)`
	}
}
