package engine

import (
	"cmp"
	"context"
	"fmt"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
)

// noSource is the source look-up of a package whose imports all come from
// export data.
func noSource(string) *types.Package { return nil }

// sourceNode is one package checked from source in a run.
type sourceNode struct {
	lp       *listed
	done     chan struct{}  // closed when it is analyzed (or needs not be)
	hashes   map[string]key // of its Go files, by name
	readErrs []string
	key      key            // of its cached results
	hit      *Package       // its results from the disk cache
	must     bool           // to check (see mustCheck)
	pkg      *types.Package // a test variant's types, for its importers
	result   *Package       // a requested package's
	errors   []string       // its own errors, once checked
	broken   []BrokenDep    // what it imports that does not compile: it is not checked
	// importers counts the packages to check that import this test
	// variant and are not yet checked.
	importers atomic.Int32
}

// failure is what n's importers cannot be checked without: the packages
// below n that do not compile, or n itself if it has errors of its own.
func (n *sourceNode) failure() []BrokenDep {
	if len(n.broken) > 0 || len(n.errors) == 0 {
		return n.broken
	}
	id := n.lp.ImportPath
	return []BrokenDep{{ID: id, Message: "# " + id + "\n" + strings.Join(n.errors, "\n") + "\n"}}
}

// sourceRun is one analysis of a request's source packages.
type sourceRun struct {
	e       *Engine
	g       *graph
	imp     *exportImporter
	deps    map[string]*depFacts
	overlay map[string][]byte
	nodes   map[string]*sourceNode
	listed  map[string]*listed // the export-data dependencies by ID
	actions int                // analyzers run at once in a package

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
	r := &sourceRun{e: e, g: g, imp: imp, deps: deps, overlay: overlay, nodes: map[string]*sourceNode{}, listed: depsByID, byTypes: map[*types.Package]*factSet{}}
	hashes := map[string]map[string]key{}
	for _, p := range g.source {
		n := &sourceNode{lp: p, done: make(chan struct{})}
		n.hashes, n.readErrs = hashSources(p, overlay)
		hashes[p.ImportPath] = n.hashes
		r.nodes[p.ImportPath] = n
	}
	keys := e.resultKeys(g, hashes, depsByID, deps)
	hits := map[string]*Package{}
	for _, n := range r.nodes {
		n.key = keys[n.lp.ImportPath]
		if g.isRoot[n.lp.ImportPath] && len(n.readErrs) == 0 {
			if data, ok := e.disk.get(n.key); ok {
				if srcs, ok := readSources(n.lp, overlay, n.hashes); ok {
					n.hit = decodeResults(data, n.lp, srcs, imp.fset, e.opts.Analyzers)
				}
				if n.hit != nil {
					hits[n.lp.ImportPath] = n.hit
				}
			}
		}
	}
	must := mustCheck(g, hits)
	for id, n := range r.nodes {
		n.must = must[id]
	}
	// A test variant's types stay for the packages to check that import
	// it, and go when the last of them is checked.
	for _, n := range r.nodes {
		if !n.must {
			continue
		}
		for _, id := range n.lp.Imports {
			if dn := r.nodes[id]; dn != nil && isTestVariant(id) {
				dn.importers.Add(1)
			}
		}
	}
	// One package: its analyzers run in parallel. Several (the command
	// line): packages run in parallel, each one's analyzers in turn.
	perPackage, actions := e.opts.Parallel, 1
	if len(must) == 1 {
		perPackage, actions = 1, e.opts.Parallel
	}
	r.actions = actions
	var toCheck []*sourceNode
	for _, p := range g.source {
		if n := r.nodes[p.ImportPath]; n.must {
			toCheck = append(toCheck, n)
		} else {
			n.result = n.hit
			close(n.done)
		}
	}
	newSchedule(toCheck, r.nodes).run(ctx, perPackage, r.analyze)
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

// analyze checks and analyzes n, once the test variants it imports are
// (see schedule).
func (r *sourceRun) analyze(ctx context.Context, n *sourceNode) {
	defer close(n.done)
	p := n.lp
	for _, id := range p.Imports {
		if dn := r.nodes[id]; dn != nil && isTestVariant(id) {
			<-dn.done
		}
	}
	defer r.release(p)
	if n.broken = r.brokenImports(p); len(n.broken) > 0 {
		if r.g.isRoot[p.ImportPath] {
			n.result = r.brokenPackage(p, n.broken)
		}
		return
	}
	u := newUnit(p, r.imp.fset, r.overlay, r.e.langVersion(p))
	u.hashes = map[string]key{}
	u.errors = append(u.errors, n.readErrs...)
	u.parse(true)
	u.check(r.imp, func(id string) *types.Package {
		if dn := r.nodes[id]; dn != nil && isTestVariant(id) {
			return dn.pkg
		}
		return nil // from export data (see graph)
	}, r.e.sizes, true)
	n.errors = u.errors
	own := newFactSet()
	root := r.g.isRoot[p.ImportPath]
	analyzers := r.e.factAnalyzers
	if root {
		analyzers = r.e.opts.Analyzers
	}
	acts := runAnalyzers(ctx, u, analyzers, own, r.view(own), r.actions)
	if root {
		n.result = newPackage(u, acts)
		// Cached only if the files parsed are those of the key (none
		// was saved in between).
		if data := encodeResults(n.result); data != nil && maps.Equal(u.hashes, n.hashes) {
			r.e.disk.put(n.key, data)
		}
	}
	// Only a test variant is imported from source (see graph): its
	// importers to check need its types and facts, nothing else.
	if isTestVariant(p.ImportPath) && n.importers.Load() > 0 {
		r.mu.Lock()
		r.byTypes[u.pkg] = own
		r.mu.Unlock()
		n.pkg = u.pkg
	}
}

// release forgets the types and facts of the test variants p imports once
// p was the last package to check that needs them.
func (r *sourceRun) release(p *listed) {
	for _, id := range p.Imports {
		dn := r.nodes[id]
		if dn == nil || !isTestVariant(id) || dn.importers.Add(-1) > 0 {
			continue
		}
		r.mu.Lock()
		delete(r.byTypes, dn.pkg)
		dn.pkg = nil
		r.mu.Unlock()
	}
}

// brokenImports returns the packages below p (imported directly or not)
// that could not be compiled, or for test variants checked from source,
// type-checked: p cannot be checked without them. go vet, which needs the
// compiled dependencies of a package to analyze it, does not analyze p
// then, and reports them instead.
func (r *sourceRun) brokenImports(p *listed) []BrokenDep {
	var out []BrokenDep
	seen := map[string]bool{}
	add := func(bs ...BrokenDep) {
		for _, b := range bs {
			if !seen[b.ID] {
				seen[b.ID] = true
				out = append(out, b)
			}
		}
	}
	visited := map[string]bool{}
	var below func(id string)
	below = func(id string) {
		d := r.listed[id]
		if visited[id] || d == nil || d.Export != "" || id == "unsafe" || id == "C" {
			return
		}
		visited[id] = true
		if d.Error != nil {
			add(BrokenDep{ID: id, Message: compileError(d)})
			return
		}
		for _, im := range d.Imports {
			below(im) // its own failure follows from one of these
		}
	}
	for _, id := range p.Imports {
		if dn := r.nodes[id]; dn != nil && isTestVariant(id) {
			add(dn.failure()...)
		} else {
			below(id)
		}
	}
	return out
}

// compileError is the go command's message for a dependency it could not
// compile: "# ID" and the compiler's errors, each line ending in a
// newline.
func compileError(d *listed) string {
	msg := d.Error.Err
	if !strings.HasPrefix(msg, "# ") {
		msg = "# " + d.ImportPath + "\n" + d.loadError()
	}
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	return msg
}

// brokenPackage is the result of a requested package that imports
// packages that do not compile.
func (r *sourceRun) brokenPackage(p *listed, broken []BrokenDep) *Package {
	res := &Package{ID: p.ImportPath, PkgPath: pkgPath(p.ImportPath), Name: p.Name, Fset: r.imp.fset, CompiledGoFiles: p.CompiledGoFiles, BrokenDeps: broken}
	for _, b := range broken {
		res.Errors = append(res.Errors, fmt.Sprintf("imports %s, which does not compile", b.ID))
	}
	return res
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
			p.Failures = append(p.Failures, &AnalyzerError{Analyzer: act.a, Err: act.err})
			continue
		}
		for _, d := range act.diags {
			d.SuggestedFixes = validFixes(u.fset, files, d.SuggestedFixes)
			p.Diagnostics = append(p.Diagnostics, Diagnostic{Analyzer: act.a, Diagnostic: d})
		}
	}
	return p
}

// validFixes returns the fixes of a diagnostic as go vet's unitchecker
// keeps them (x/tools' driverutil.ValidateFixes), so that every engine
// prints the same: each fix's edits sorted by position, stably; an edit
// without an end ends where it starts, one that ends just past its file's
// end (a computed End) at the end; and no fix at all if one is invalid:
// an edit outside the package's files or across files, an end before its
// start, overlapping edits, two fixes with one message.
func validFixes(fset *token.FileSet, files map[*token.File]bool, fixes []analysis.SuggestedFix) []analysis.SuggestedFix {
	if len(fixes) == 0 {
		return nil
	}
	out := make([]analysis.SuggestedFix, len(fixes))
	messages := map[string]bool{}
	for i, fix := range fixes {
		if messages[fix.Message] {
			return nil
		}
		messages[fix.Message] = true
		edits, ok := validEdits(fset, files, fix.TextEdits)
		if !ok {
			return nil
		}
		out[i] = analysis.SuggestedFix{Message: fix.Message, TextEdits: edits}
	}
	return out
}

func validEdits(fset *token.FileSet, files map[*token.File]bool, in []analysis.TextEdit) ([]analysis.TextEdit, bool) {
	edits := slices.Clone(in)
	slices.SortStableFunc(edits, func(x, y analysis.TextEdit) int {
		return cmp.Or(cmp.Compare(x.Pos, y.Pos), cmp.Compare(x.End, y.End))
	})
	for i := range edits {
		e := &edits[i]
		tf := fset.File(e.Pos)
		if tf == nil || !files[tf] {
			return nil, false
		}
		eof := token.Pos(tf.Base() + tf.Size())
		switch {
		case !e.End.IsValid():
			e.End = e.Pos
		case e.End < e.Pos:
			return nil, false
		case fset.File(e.End) != tf && e.End < eof+10:
			e.End = eof // computed ends (ast.StructType's) may pass the file's end
		case fset.File(e.End) != tf || e.End > eof:
			return nil, false
		}
		if i > 0 && e.Pos < edits[i-1].End {
			return nil, false
		}
	}
	return edits, true
}
