package engine

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// A command-line run holds a whole run in one process, where go vet's
// engine spreads it over a process per package; left to GOGC=100, its
// heap grows to twice what is live between collections: on the standard
// library, about three times the largest of go vet's processes. LimitMemory
// keeps the heap within heapHeadroom times what is live, and while little
// is live within heapFloor: about what go vet's processes hold together.
// A heap that keeps more live than that is never squeezed below
// heapHeadroom times it, where collections would come back to back.
// (Measured on std: 256 MiB and 1.5 hold the peak at about 300 MB, from
// 450, for a few percent more CPU time.)
const (
	heapFloor    = 256 << 20
	heapHeadroom = 1.5
)

// LimitMemory keeps the process's soft memory limit at heapFloor, or
// heapHeadroom times the live heap when that is more, until the returned
// function is called, which lifts the limit. GOMEMLIMIT or GOGC in the
// environment leave the limit alone: the user tunes the collector. A
// language server, whose heap lives long and grows with the workspace,
// need not call it.
func LimitMemory() (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		limit := int64(0)
		for {
			metrics.Read(sample)
			next := int64(heapFloor)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				next = max(next, int64(heapHeadroom*float64(sample[0].Value.Uint64())))
			}
			if next != limit {
				limit = next
				debug.SetMemoryLimit(limit)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
