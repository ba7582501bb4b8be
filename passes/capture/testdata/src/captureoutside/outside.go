package captureoutside

type job struct{ id int }

func run(job) {}

// With outside-loops, closures that escape once per call are reported.
func once(j job) func() {
	go func() { run(j) }() // want `func literal allocates a closure on each call: it escapes through a go statement; if this runs often, create the closure once and reuse it`
	return func() { run(j) } // want `func literal allocates a closure on each call: it escapes through a return; if this runs often, create the closure once and reuse it`
}

func counter() func() int {
	n, step := 0, 1
	return func() int { // want `func literal allocates a closure on each call: it escapes through a return, and moves n and step to the heap; capture one pointer to a struct holding n and step instead`
		n += step
		step++
		return n
	}
}

func loop(jobs []job) {
	for _, j := range jobs {
		go func() { run(j) }() // want `allocates a closure on each iteration: it escapes through a go statement`
	}
}

func notEscaping(j job) {
	func() { run(j) }()
	defer func() { run(j) }()
}
