package engine

import (
	"context"
	"crypto/sha256"
	"fmt"
	"go/token"
	"sync"
)

// depNode is one dependency while its facts are brought up to date.
type depNode struct {
	lp    *listed
	done  chan struct{} // closed when facts is set, or on cancellation
	facts *depFacts
	// names of the functions that may not return, here and in every
	// dependency below (for trimming)
	names map[string]bool
}

// depRun is one bringing up to date of the facts of a request's
// dependencies.
type depRun struct {
	e     *Engine
	imp   *exportImporter
	nodes map[string]*depNode
	sem   chan struct{} // bounds the packages computed at once
	stats *Stats

	mu       sync.Mutex // guards finished, e.memo and stats
	finished map[string]*depFacts
}

// depFacts brings the facts of every dependency up to date, in parallel,
// each after the dependencies it imports, and returns them by package
// path. A dependency's key is that of its compiled export data (the go
// command's action ID, which covers its source, its dependencies' export
// data, the compiler and its flags) with this tool's salt and the hashes of
// its direct dependencies' facts (a body edited in a dependency changes
// its facts without changing every dependent's export data). A key found
// in memory or in the disk cache is not computed again.
func (e *Engine) depFacts(ctx context.Context, deps []*listed, imp *exportImporter, stats *Stats) (map[string]*depFacts, error) {
	r := &depRun{
		e: e, imp: imp, stats: stats,
		nodes:    make(map[string]*depNode, len(deps)),
		sem:      make(chan struct{}, e.opts.Parallel),
		finished: make(map[string]*depFacts, len(deps)),
	}
	for _, d := range deps {
		r.nodes[d.ImportPath] = &depNode{lp: d, done: make(chan struct{}), names: map[string]bool{}}
	}
	var wg sync.WaitGroup
	for _, d := range deps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.bringUpToDate(ctx, r.nodes[d.ImportPath])
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.finished, nil
}

// lookup returns the facts of a finished dependency by package path: a
// fact about an object of package P is asked for by a package above P,
// which waited for P.
func (r *depRun) lookup(path string) *depFacts {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.finished[path]
}

// bringUpToDate sets n's facts once those of its imports are: from memory,
// from the disk cache, or computed (and cached).
func (r *depRun) bringUpToDate(ctx context.Context, n *depNode) {
	defer close(n.done)
	d := n.lp
	h := sha256.New()
	fmt.Fprintf(h, "%x\n%s\n%s\n", r.e.salt, d.ImportPath, d.BuildID)
	for _, id := range d.Imports {
		dn := r.nodes[id]
		if dn == nil {
			continue // unsafe, C
		}
		<-dn.done
		if dn.facts == nil {
			return // canceled
		}
		fmt.Fprintf(h, "%s %x\n", id, dn.facts.hash)
		for name := range dn.names {
			n.names[name] = true
		}
	}
	if ctx.Err() != nil {
		return
	}
	var k key
	h.Sum(k[:0])

	n.facts = r.factsFor(ctx, d, k, n.names)
	for _, name := range n.facts.names() {
		n.names[name] = true
	}
	r.mu.Lock()
	r.finished[pkgPath(d.ImportPath)] = n.facts
	r.mu.Unlock()
}

// factsFor returns the facts of d under key k: from memory, from the disk
// cache, or computed (and cached). noReturn is for trimming.
func (r *depRun) factsFor(ctx context.Context, d *listed, k key, noReturn map[string]bool) *depFacts {
	if d.Export == "" || d.BuildID == "" {
		// unsafe, or a package that does not compile (its importers do
		// not either): no facts, nothing to cache.
		return newDepFacts(nil, nil)
	}
	r.mu.Lock()
	m := r.e.memo[k]
	if m != nil {
		m.lastRun = r.e.run
	}
	r.mu.Unlock()
	if m != nil {
		return m.facts
	}
	r.sem <- struct{}{}
	facts, onDisk := r.e.loadOrCompute(ctx, d, k, r.imp, noReturn, r.lookup)
	<-r.sem
	r.mu.Lock()
	defer r.mu.Unlock()
	r.e.memo[k] = &memoized{facts: facts, lastRun: r.e.run}
	if onDisk {
		r.stats.OnDisk++
	} else {
		r.stats.Computed++
	}
	return facts
}

// loadOrCompute returns the facts of d under key k: from the disk cache,
// or computed from d's source and written there.
func (e *Engine) loadOrCompute(ctx context.Context, d *listed, k key, imp *exportImporter, noReturn map[string]bool, deps func(path string) *depFacts) (*depFacts, bool) {
	if data, ok := e.disk.get(k); ok {
		if facts, err := decodeFacts(data); err == nil {
			return facts, true
		}
	}
	facts, data := e.computeFacts(ctx, d, imp, noReturn, deps)
	if data != nil {
		e.disk.put(k, data)
	}
	return facts, false
}

// computeFacts parses and type-checks d (its imports from export data),
// runs the fact analyzers on it, and returns its facts and their encoding
// (nil if they must not be cached: an analyzer failed). noReturn names
// the functions below d that may not return (for trimming); deps gives
// the facts of d's dependencies by package path.
func (e *Engine) computeFacts(ctx context.Context, d *listed, imp *exportImporter, noReturn map[string]bool, deps func(path string) *depFacts) (*depFacts, []byte) {
	// A file set of its own: the dependency's syntax is dropped after.
	// Positions in export data (imp.fset) are not needed for facts.
	u := newUnit(d, token.NewFileSet(), nil, e.langVersion(d))
	u.parse(false)
	if e.trim {
		trimBodies(u.files, noReturn)
	}
	u.check(imp, noSource, e.sizes, !e.trim)
	// d compiled (it has export data): errors here come of trimmed
	// bodies (unused imports and variables), and are no reason to skip.
	u.errors, u.typeErrors = nil, nil
	own := newFactSet()
	view := &factView{own: own, deps: deps}
	empty := newDepFacts(nil, nil)
	for _, act := range runAnalyzers(ctx, u, e.factAnalyzers, own, view, 1) {
		if act.err != nil {
			return empty, nil
		}
	}
	records := own.records(u.pkg)
	data, err := encodeFacts(records)
	if err != nil {
		return empty, nil
	}
	return newDepFacts(records, data), data
}
