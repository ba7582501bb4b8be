package example

import "sync"

type task struct {
	id   int
	name string
}

func handle(t task) int { return t.id + len(t.name) }

// handleEach starts a goroutine per task: capture reports the closure,
// allocated on every iteration, and wg, mu and total, moved to the heap.
func handleEach(tasks []task) int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
	)
	for _, t := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := handle(t)
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// handleWorkers starts four workers, all running one closure made before
// the loop, and sends them the tasks: one closure however many tasks there
// are (go worker() with no arguments needs no closure of its own).
func handleWorkers(tasks []task) int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
	)
	ch := make(chan task)
	worker := func() {
		defer wg.Done()
		for t := range ch {
			n := handle(t)
			mu.Lock()
			total += n
			mu.Unlock()
		}
	}
	for range 4 {
		wg.Add(1)
		go worker()
	}
	for _, t := range tasks {
		ch <- t
	}
	close(ch)
	wg.Wait()
	return total
}
