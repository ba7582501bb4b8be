package server

import (
	"cmp"
	"context"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// snapshot is the state one analysis reads: the open documents at one
// moment, so edits made meanwhile do not disturb it.
type snapshot struct {
	docs    map[string]*document
	overlay map[string][]byte
}

// publication is the new diagnostics of one open file.
type publication struct {
	doc    *document
	result *fileResult
}

// runOnce analyzes every directory marked dirty, then publishes.
func (s *server) runOnce() {
	s.mu.Lock()
	dirs := make([]string, 0, len(s.dirty))
	for dir := range s.dirty {
		dirs = append(dirs, dir)
	}
	clear(s.dirty)
	snap := snapshot{docs: make(map[string]*document, len(s.docs)), overlay: make(map[string][]byte, len(s.docs))}
	for path, d := range s.docs {
		snap.docs[path] = d
		snap.overlay[path] = d.content
	}
	analyzers, needFacts, severity := s.analyzers, s.needFacts, s.severity
	s.mu.Unlock()

	slices.Sort(dirs)
	for _, dir := range dirs {
		if s.ctx.Err() != nil {
			return
		}
		pubs := s.analyzeDir(s.ctx, dir, &snap, analyzers, needFacts, severity)
		s.publish(pubs)
	}
}

// analyzeDir loads the package(s) of the open files in dir with the
// snapshot's overlays, runs the checks on them, and returns one publication
// per open file in dir, in path order. A file whose package does not load
// or type-check gets an empty one: no heaplint diagnostics for broken code.
func (s *server) analyzeDir(ctx context.Context, dir string, snap *snapshot, analyzers []*analysis.Analyzer, needFacts bool, severity protocol.DiagnosticSeverity) []publication {
	var open []string
	tests := false
	for path := range snap.docs {
		if filepath.Dir(path) == dir {
			open = append(open, path)
			tests = tests || strings.HasSuffix(path, "_test.go")
		}
	}
	if len(open) == 0 {
		return nil
	}
	slices.Sort(open)
	results := make(map[string]*fileResult, len(open))
	for _, path := range open {
		results[path] = &fileResult{version: snap.docs[path].version}
	}
	pubs := func() []publication {
		out := make([]publication, len(open))
		for i, path := range open {
			r := results[path]
			slices.SortFunc(r.findings, compareFindings)
			out[i] = publication{doc: snap.docs[path], result: r}
		}
		return out
	}

	t0 := time.Now()
	var pkgs []*packages.Package
	var err error
	if needFacts {
		// Dependencies are analyzed too: they need syntax and types, which
		// the cache keeps between runs.
		if s.cache == nil {
			s.cache = newDepCache()
		}
		pkgs, err = s.cache.metadata(ctx, dir, tests, snap.overlay)
	} else {
		// Dependencies come from export data, which the go command caches.
		pkgs, err = packages.Load(&packages.Config{
			Context: ctx,
			Mode:    packages.LoadSyntax | packages.NeedModule,
			Dir:     dir,
			Tests:   tests,
			Overlay: snap.overlay,
		}, ".")
	}
	if err != nil {
		s.log.Printf("load %s: %v", dir, err)
		return pubs()
	}

	// Each open file gets one package: the plain package for its own files,
	// the test variant only for _test.go files (the shortest ID does that:
	// "p" < "p [p.test]"; an external test package has only one).
	owner := map[string]*packages.Package{}
	for _, pkg := range pkgs {
		for _, f := range pkg.CompiledGoFiles {
			f = filepath.Clean(f)
			if _, ok := results[f]; !ok {
				continue
			}
			if cur := owner[f]; cur == nil || len(pkg.ID) < len(cur.ID) || len(pkg.ID) == len(cur.ID) && pkg.ID < cur.ID {
				owner[f] = pkg
			}
		}
	}
	var roots []*packages.Package
	for _, path := range open {
		pkg := owner[path]
		if pkg == nil {
			s.log.Printf("%s: in no package of %s", path, dir)
			continue
		}
		if needFacts {
			full, err := s.cache.build(ctx, pkg, snap.overlay)
			if err != nil {
				s.log.Printf("load %s: %v", dir, err)
				return pubs()
			}
			owner[path] = full
			pkg = full
		}
		if pkg.IllTyped || len(pkg.Errors) > 0 || len(pkg.TypeErrors) > 0 {
			delete(owner, path)
			continue // does not compile: heaplint says nothing
		}
		if !slices.Contains(roots, pkg) {
			roots = append(roots, pkg)
		}
	}
	if len(roots) == 0 || len(analyzers) == 0 {
		return pubs()
	}

	graph, err := checker.Analyze(analyzers, roots, nil)
	if err != nil {
		s.log.Printf("analyze %s: %v", dir, err)
		return pubs()
	}
	contents := contentCache{snap: snap}
	for _, act := range graph.Roots {
		if act.Err != nil {
			s.log.Printf("%s: %v", act, act.Err)
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			tf := fset.File(d.Pos)
			if tf == nil {
				continue
			}
			path := filepath.Clean(tf.Name())
			r, ok := results[path]
			if !ok || owner[path] != act.Package {
				continue // a file that is not open, or that another variant owns
			}
			if f, ok := s.convert(act.Analyzer, fset, d, path, &contents, severity); ok {
				r.findings = append(r.findings, f)
			}
		}
	}
	s.log.Printf("analyzed %s in %v", dir, time.Since(t0).Round(time.Millisecond))
	return pubs()
}

// publish sends each file's diagnostics and records them for code actions,
// unless the file was closed or edited since the snapshot: then the result
// is stale, and the next analysis (already scheduled) replaces it.
func (s *server) publish(pubs []publication) {
	if len(pubs) == 0 {
		return
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	var send []publication
	s.mu.Lock()
	for _, p := range pubs {
		if s.docs[p.doc.path] == p.doc { // every edit makes a new document
			s.results[p.doc.path] = p.result
			send = append(send, p)
		}
	}
	close(s.resultsChanged)
	s.resultsChanged = make(chan struct{})
	s.mu.Unlock()
	for _, p := range send {
		diags := make([]protocol.Diagnostic, len(p.result.findings))
		for i, f := range p.result.findings {
			diags[i] = f.diag
		}
		v := p.doc.version
		err := s.client().Notify(context.Background(), protocol.MethodPublishDiagnostics, protocol.PublishDiagnosticsParams{
			URI: p.doc.uri, Version: &v, Diagnostics: diags,
		})
		if err != nil {
			s.log.Printf("publish %s: %v", p.doc.path, err)
		}
	}
}

// convert turns an analysis diagnostic in path into a finding; false if a
// position cannot be mapped.
func (s *server) convert(a *analysis.Analyzer, fset *token.FileSet, d analysis.Diagnostic, path string, contents *contentCache, severity protocol.DiagnosticSeverity) (finding, bool) {
	m := contents.mapper(path)
	rng, ok := rangeOf(fset, m, d.Pos, d.End)
	if !ok {
		return finding{}, false
	}
	url := d.URL
	if url == "" {
		url = a.URL
		if url != "" && d.Category != "" {
			url += "#" + d.Category
		}
	}
	diag := protocol.Diagnostic{
		Range:    rng,
		Severity: severity,
		Code:     a.Name,
		Source:   "heaplint",
		Message:  d.Message,
	}
	if url != "" {
		diag.CodeDescription = &protocol.CodeDescription{Href: url}
	}
	for _, rel := range d.Related {
		tf := fset.File(rel.Pos)
		if tf == nil {
			continue
		}
		relPath := filepath.Clean(tf.Name())
		rm := contents.mapper(relPath)
		if rm == nil {
			continue
		}
		if r, ok := rangeOf(fset, rm, rel.Pos, rel.End); ok {
			diag.RelatedInformation = append(diag.RelatedInformation, protocol.DiagnosticRelatedInformation{
				Location: protocol.Location{URI: pathToURI(relPath), Range: r},
				Message:  rel.Message,
			})
		}
	}
	f := finding{diag: diag}
	for _, sf := range d.SuggestedFixes {
		fx := fix{title: sf.Message}
		for _, e := range sf.TextEdits {
			tf := fset.File(e.Pos)
			if tf == nil || filepath.Clean(tf.Name()) != path {
				fx.edits = nil // only edits to the diagnostic's own file are offered
				break
			}
			r, ok := rangeOf(fset, m, e.Pos, e.End)
			if !ok {
				fx.edits = nil
				break
			}
			fx.edits = append(fx.edits, protocol.TextEdit{Range: r, NewText: string(e.NewText)})
		}
		if len(fx.edits) > 0 {
			slices.SortStableFunc(fx.edits, func(a, b protocol.TextEdit) int { return comparePos(a.Range.Start, b.Range.Start) })
			f.fixes = append(f.fixes, fx)
		}
	}
	return f, true
}

// rangeOf maps [pos, end) to an LSP range in m's content; end may be NoPos.
func rangeOf(fset *token.FileSet, m *mapper, pos, end token.Pos) (protocol.Range, bool) {
	tf := fset.File(pos)
	if m == nil || tf == nil {
		return protocol.Range{}, false
	}
	start := tf.Offset(pos)
	stop := start
	if end.IsValid() && fset.File(end) == tf {
		stop = tf.Offset(end)
	}
	return m.rangeOf(start, stop), true
}

// contentCache gives the text the analysis saw: an open file's snapshot,
// else the file on disk.
type contentCache struct {
	snap    *snapshot
	mappers map[string]*mapper
}

func (c *contentCache) mapper(path string) *mapper {
	if m, ok := c.mappers[path]; ok {
		return m
	}
	if c.mappers == nil {
		c.mappers = map[string]*mapper{}
	}
	var m *mapper
	if d, ok := c.snap.docs[path]; ok {
		m = newMapper(d.content)
	} else if data, err := os.ReadFile(path); err == nil {
		m = newMapper(data)
	}
	c.mappers[path] = m
	return m
}

func comparePos(a, b protocol.Position) int {
	return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Character, b.Character))
}

// compareFindings orders diagnostics by position, then check, then message,
// so the output never depends on the order analyzers finished in.
func compareFindings(a, b finding) int {
	return cmp.Or(
		comparePos(a.diag.Range.Start, b.diag.Range.Start),
		comparePos(a.diag.Range.End, b.diag.Range.End),
		strings.Compare(a.diag.Code, b.diag.Code),
		strings.Compare(a.diag.Message, b.diag.Message),
	)
}
