package captureunknown

import "captureunknown/pool"

type job struct{ id int }

func run(job) {}

// With unknown-callees, closures handed to a function of another
// (non-standard) package, whose escape behaviour heaplint cannot see, are
// reported as "may allocate".
func submitAll(jobs []job) {
	for _, j := range jobs {
		pool.Submit(func() { run(j) }) // want `func literal may allocate a closure on each iteration: it escapes if pool.Submit keeps it, which heaplint cannot tell; create one closure before the loop`
	}
}
