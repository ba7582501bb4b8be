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

// analyzeSource parses, type-checks and analyzes the source packages of
// g, each after the source packages it imports, in parallel where they
// are independent. The requested packages get every analyzer; the test
// variants they import only the fact analyzers (their facts are needed).
// A requested package whose results are in the disk cache is not checked
// at all, unless another package to check imports it (see results.go).
func (e *Engine) analyzeSource(ctx context.Context, g *graph, imp *exportImporter, deps map[string]*depFacts, depsByID map[string]*listed, overlay map[string][]byte, stats *Stats) []*Package {
	srcs := make(map[string]map[string][]byte, len(g.source))
	readErrs := map[string][]string{}
	for _, p := range g.source {
		srcs[p.ImportPath], readErrs[p.ImportPath] = readSources(p, overlay)
	}
	keys := e.resultKeys(g, srcs, depsByID, deps)
	hits := map[string]*Package{}
	for _, p := range g.source {
		if !g.isRoot[p.ImportPath] || len(readErrs[p.ImportPath]) > 0 {
			continue
		}
		if data, ok := e.disk.get(keys[p.ImportPath]); ok {
			if pkg := decodeResults(data, p, srcs[p.ImportPath], imp.fset, e.opts.Analyzers); pkg != nil {
				hits[p.ImportPath] = pkg
			}
		}
	}
	must := mustCheck(g, hits)

	type node struct {
		done chan struct{}
		unit *unit // a test variant's types, for its importers
	}
	nodes := make(map[string]*node, len(g.source))
	for _, p := range g.source {
		nodes[p.ImportPath] = &node{done: make(chan struct{})}
	}
	var mu sync.Mutex // guards byTypes
	byTypes := map[*types.Package]*factSet{}
	view := func(own *factSet) *factView {
		return &factView{
			own: own,
			src: func(pkg *types.Package) *factSet {
				mu.Lock()
				defer mu.Unlock()
				return byTypes[pkg]
			},
			deps: func(path string) *depFacts { return deps[path] },
		}
	}
	// One package: its analyzers run in parallel. Several (the command
	// line): packages run in parallel, each one's analyzers in turn.
	perPackage, actions := e.opts.Parallel, 1
	if len(must) == 1 {
		perPackage, actions = 1, e.opts.Parallel
	}
	sem := make(chan struct{}, perPackage)
	results := make([]*Package, len(g.source))
	var wg sync.WaitGroup
	for i, p := range g.source {
		n := nodes[p.ImportPath]
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(n.done)
			if !must[p.ImportPath] {
				results[i] = hits[p.ImportPath]
				return
			}
			for _, id := range p.Imports {
				if dn := nodes[id]; dn != nil && isTestVariant(id) {
					<-dn.done
				}
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			u := newUnit(p, imp.fset, overlay)
			u.srcs = srcs[p.ImportPath]
			u.errors = append(u.errors, readErrs[p.ImportPath]...)
			u.parse(true)
			u.check(imp, func(id string) *types.Package {
				if dn := nodes[id]; dn != nil && isTestVariant(id) {
					return dn.unit.pkg
				}
				return nil // from export data (see graph)
			}, e.sizes, true)
			own := newFactSet()
			analyzers := e.factAnalyzers
			if g.isRoot[p.ImportPath] {
				analyzers = e.opts.Analyzers
			}
			acts := runAnalyzers(ctx, u, analyzers, own, view(own), actions)
			if g.isRoot[p.ImportPath] {
				results[i] = newPackage(u, acts)
				if data := encodeResults(results[i], u.srcs); data != nil {
					e.disk.put(keys[p.ImportPath], data)
				}
			}
			// Only a test variant is imported from source (see graph):
			// its importers need its types and facts, nothing else.
			if isTestVariant(p.ImportPath) {
				mu.Lock()
				byTypes[u.pkg] = own
				mu.Unlock()
				n.unit = &unit{pkg: u.pkg}
			}
		}()
	}
	wg.Wait()
	var out []*Package
	for _, r := range results {
		if r != nil {
			out = append(out, r)
			if r.Cached {
				stats.Cached++
			}
		}
	}
	return out
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
