package capture_test

import (
	"sync"
	"testing"
)

type job struct {
	id   int
	name string
}

var jobs = func() []job {
	js := make([]job, 100)
	for i := range js {
		js[i] = job{id: i, name: "job"}
	}
	return js
}()

//go:noinline
func process(j job, sum *int) { *sum += j.id }

// goPerJob is the pattern capture reports: a goroutine per job, started
// with a closure that escapes through the go statement on every iteration.
func goPerJob() int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			process(j, &sum)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sum
}

// workers is what it suggests: a fixed set of workers, running one closure
// made before the loop, fed over a channel.
func workers() int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	ch := make(chan job, 16)
	worker := func() {
		defer wg.Done()
		for j := range ch {
			mu.Lock()
			process(j, &sum)
			mu.Unlock()
		}
	}
	for range 4 {
		wg.Add(1)
		go worker()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	return sum
}

// closures stores a closure per job, to run later.
func closures() int {
	sum := 0
	fs := make([]func(), 0, len(jobs))
	for _, j := range jobs {
		fs = append(fs, func() { process(j, &sum) })
	}
	for _, f := range fs {
		f()
	}
	return sum
}

// values stores the jobs and runs one function over them.
func values() int {
	sum := 0
	vs := make([]job, 0, len(jobs))
	for _, j := range jobs {
		vs = append(vs, j)
	}
	for _, j := range vs {
		process(j, &sum)
	}
	return sum
}

// acc is a receiver whose method is handed to a callback API.
type acc struct{ sum int }

func (a *acc) add() { a.sum++ }

// each calls f through a func value the compiler cannot see into.
var each = func(f func()) { f() }

// methodValuePerJob makes a.add, a closure holding a, on each iteration.
func methodValuePerJob() int {
	a := &acc{}
	for range jobs {
		each(a.add)
	}
	return a.sum
}

// methodValueOnce makes it once before the loop: a does not change.
func methodValueOnce() int {
	a := &acc{}
	add := a.add
	for range jobs {
		each(add)
	}
	return a.sum
}

var sink int

func BenchmarkBad(b *testing.B) {
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += goPerJob()
		}
	})
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += closures()
		}
	})
	b.Run("method", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += methodValuePerJob()
		}
	})
}

func BenchmarkGood(b *testing.B) {
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += workers()
		}
	})
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += values()
		}
	})
	b.Run("method", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink += methodValueOnce()
		}
	})
}

func TestCost(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bad, good func() int
	}{
		{"go", goPerJob, workers},
		{"store", closures, values},
		{"method", methodValuePerJob, methodValueOnce},
	} {
		bad := testing.AllocsPerRun(20, func() { sink += tc.bad() })
		good := testing.AllocsPerRun(20, func() { sink += tc.good() })
		if bad <= good {
			t.Errorf("%s: bad %v allocs/op, good %v; want more for bad", tc.name, bad, good)
		}
		t.Logf("%s: bad %v allocs/op, good %v allocs/op", tc.name, bad, good)
	}
}
