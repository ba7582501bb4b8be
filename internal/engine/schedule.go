package engine

import (
	"context"
	"sync"
)

// A schedule orders the source packages to check of a run among a few
// workers. A package is ready once the test variants it imports are
// checked; a ready package that imports a package just checked goes
// first (depth first), since it is what keeps that package's types and
// facts in memory: an external test package follows its test variant at
// once, rather than after every other package of a module (or of the
// standard library) has been checked and kept. Otherwise packages go in
// the go command's order.
type schedule struct {
	mu      sync.Mutex
	cond    sync.Cond
	urgent  []*sourceNode // ready, importing a package just checked (a stack)
	ready   []*sourceNode // ready, in the go command's order (a queue)
	pending map[*sourceNode]int
	// importers are the packages to check that import each package.
	importers map[*sourceNode][]*sourceNode
	left      int // packages not yet checked
}

// newSchedule schedules the nodes (in the go command's order) to check.
func newSchedule(nodes []*sourceNode, byID map[string]*sourceNode) *schedule {
	s := &schedule{pending: map[*sourceNode]int{}, importers: map[*sourceNode][]*sourceNode{}, left: len(nodes)}
	s.cond.L = &s.mu
	for _, n := range nodes {
		for _, id := range n.lp.Imports {
			if dn := byID[id]; dn != nil && dn.must && isTestVariant(id) {
				s.pending[n]++
				s.importers[dn] = append(s.importers[dn], n)
			}
		}
		if s.pending[n] == 0 {
			s.ready = append(s.ready, n)
		}
	}
	return s
}

// run checks every scheduled package with check, on workers goroutines,
// and returns when all are checked.
func (s *schedule) run(ctx context.Context, workers int, check func(context.Context, *sourceNode)) {
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for n := s.next(); n != nil; n = s.next() {
				check(ctx, n)
				s.done(n)
			}
		})
	}
	wg.Wait()
}

// next returns the next package to check, waiting for one to be ready,
// or nil when none is left.
func (s *schedule) next() *sourceNode {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if k := len(s.urgent); k > 0 {
			n := s.urgent[k-1]
			s.urgent = s.urgent[:k-1]
			return n
		}
		if len(s.ready) > 0 {
			n := s.ready[0]
			s.ready = s.ready[1:]
			return n
		}
		if s.left == 0 {
			return nil
		}
		s.cond.Wait()
	}
}

// done records that n is checked, which may make its importers ready.
func (s *schedule) done(n *sourceNode) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.left--
	for _, imp := range s.importers[n] {
		if s.pending[imp]--; s.pending[imp] == 0 {
			s.urgent = append(s.urgent, imp)
		}
	}
	s.cond.Broadcast()
}
