package engine

import (
	"context"
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// noSource is the source look-up of a package whose imports all come from
// export data.
func noSource(string) *types.Package { return nil }

// sourceNode is one package checked from source in a run.
type sourceNode struct {
	lp       *listed
	done     chan struct{}     // closed when it is analyzed (or needs not be)
	srcs     map[string][]byte // its Go files' content
	readErrs []string
	key      key            // of its cached results
	hit      *Package       // its results from the disk cache
	must     bool           // to check (see mustCheck)
	pkg      *types.Package // a test variant's types, for its importers
	result   *Package       // a requested package's
}

// sourceRun is one analysis of a request's source packages.
type sourceRun struct {
	e       *Engine
	g       *graph
	imp     *exportImporter
	deps    map[string]*depFacts
	overlay map[string][]byte
	nodes   map[string]*sourceNode
	sem     chan struct{} // bounds the packages checked at once
	actions int           // analyzers run at once in a package

	mu      sync.Mutex // guards byTypes
	byTypes map[*types.Package]*factSet
}

// analyzeSource parses, type-checks and analyzes the source packages of
// g, each after the source packages it imports, in parallel where they
// are independent. The requested packages get every analyzer; the test
// variants they import only the fact analyzers (their facts are needed).
// A requested package whose results are in the disk cache is not checked
// at all, unless another package to check imports it (see results.go).
func (e *Engine) analyzeSource(ctx context.Context, g *graph, imp *exportImporter, deps map[string]*depFacts, depsByID map[string]*listed, overlay map[string][]byte, stats *Stats) []*Package {
	r := &sourceRun{e: e, g: g, imp: imp, deps: deps, overlay: overlay, nodes: map[string]*sourceNode{}, byTypes: map[*types.Package]*factSet{}}
	srcs := map[string]map[string][]byte{}
	for _, p := range g.source {
		n := &sourceNode{lp: p, done: make(chan struct{})}
		n.srcs, n.readErrs = readSources(p, overlay)
		srcs[p.ImportPath] = n.srcs
		r.nodes[p.ImportPath] = n
	}
	keys := e.resultKeys(g, srcs, depsByID, deps)
	hits := map[string]*Package{}
	for _, n := range r.nodes {
		n.key = keys[n.lp.ImportPath]
		if g.isRoot[n.lp.ImportPath] && len(n.readErrs) == 0 {
			if data, ok := e.disk.get(n.key); ok {
				if n.hit = decodeResults(data, n.lp, n.srcs, imp.fset, e.opts.Analyzers); n.hit != nil {
					hits[n.lp.ImportPath] = n.hit
				}
			}
		}
	}
	must := mustCheck(g, hits)
	for id, n := range r.nodes {
		n.must = must[id]
	}
	// One package: its analyzers run in parallel. Several (the command
	// line): packages run in parallel, each one's analyzers in turn.
	perPackage, actions := e.opts.Parallel, 1
	if len(must) == 1 {
		perPackage, actions = 1, e.opts.Parallel
	}
	r.sem, r.actions = make(chan struct{}, perPackage), actions

	var wg sync.WaitGroup
	for _, p := range g.source {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.analyze(ctx, r.nodes[p.ImportPath])
		}()
	}
	wg.Wait()
	var out []*Package
	for _, p := range g.source { // in the go command's order
		if res := r.nodes[p.ImportPath].result; res != nil {
			out = append(out, res)
			if res.Cached {
				stats.Cached++
			}
		}
	}
	return out
}

// analyze checks and analyzes n once the test variants it imports are,
// or takes its results from the cache.
func (r *sourceRun) analyze(ctx context.Context, n *sourceNode) {
	defer close(n.done)
	p := n.lp
	if !n.must {
		n.result = n.hit
		return
	}
	for _, id := range p.Imports {
		if dn := r.nodes[id]; dn != nil && isTestVariant(id) {
			<-dn.done
		}
	}
	r.sem <- struct{}{}
	defer func() { <-r.sem }()
	u := newUnit(p, r.imp.fset, r.overlay)
	u.srcs = n.srcs
	u.errors = append(u.errors, n.readErrs...)
	u.parse(true)
	u.check(r.imp, func(id string) *types.Package {
		if dn := r.nodes[id]; dn != nil && isTestVariant(id) {
			return dn.pkg
		}
		return nil // from export data (see graph)
	}, r.e.sizes, true)
	own := newFactSet()
	root := r.g.isRoot[p.ImportPath]
	analyzers := r.e.factAnalyzers
	if root {
		analyzers = r.e.opts.Analyzers
	}
	acts := runAnalyzers(ctx, u, analyzers, own, r.view(own), r.actions)
	if root {
		n.result = newPackage(u, acts)
		if data := encodeResults(n.result, u.srcs); data != nil {
			r.e.disk.put(n.key, data)
		}
	}
	// Only a test variant is imported from source (see graph): its
	// importers need its types and facts, nothing else.
	if isTestVariant(p.ImportPath) {
		r.mu.Lock()
		r.byTypes[u.pkg] = own
		r.mu.Unlock()
		n.pkg = u.pkg
	}
}

// view is what a pass of a source package sees of facts.
func (r *sourceRun) view(own *factSet) *factView {
	return &factView{
		own: own,
		src: func(pkg *types.Package) *factSet {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.byTypes[pkg]
		},
		deps: func(path string) *depFacts { return r.deps[path] },
	}
}

// newPackage is the result of analyzing u.
func newPackage(u *unit, acts []*action) *Package {
	p := &Package{
		ID:              u.lp.ImportPath,
		PkgPath:         pkgPath(u.lp.ImportPath),
		Name:            u.lp.Name,
		Fset:            u.fset,
		CompiledGoFiles: u.lp.CompiledGoFiles,
		Errors:          u.errors,
	}
	if len(u.errors) > 0 {
		return p
	}
	files := map[*token.File]bool{}
	for _, f := range u.files {
		files[u.fset.File(f.FileStart)] = true
	}
	for _, act := range acts {
		if act.err != nil {
			p.Failures = append(p.Failures, act.err)
			continue
		}
		for _, d := range act.diags {
			d.SuggestedFixes = validFixes(u.fset, files, d.SuggestedFixes)
			p.Diagnostics = append(p.Diagnostics, Diagnostic{Analyzer: act.a, Diagnostic: d})
		}
	}
	return p
}

// validFixes drops the fixes with an edit outside the package's files, an
// end before its start, or edits that overlap: applying them could not
// give what the check meant.
func validFixes(fset *token.FileSet, files map[*token.File]bool, fixes []analysis.SuggestedFix) []analysis.SuggestedFix {
	var out []analysis.SuggestedFix
	for _, fix := range fixes {
		ok := true
		type span struct {
			file       *token.File
			start, end int
		}
		var spans []span
		for _, e := range fix.TextEdits {
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			tf := fset.File(e.Pos)
			if tf == nil || !files[tf] || fset.File(end) != tf || end < e.Pos {
				ok = false
				break
			}
			s := span{tf, tf.Offset(e.Pos), tf.Offset(end)}
			for _, o := range spans {
				if o.file == s.file && s.start < o.end && o.start < s.end {
					ok = false
				}
			}
			spans = append(spans, s)
		}
		if ok {
			out = append(out, fix)
		}
	}
	return out
}
