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
	"github.com/heaplint/heaplint/internal/engine"
	"github.com/heaplint/heaplint/internal/hotness"
	"golang.org/x/tools/go/analysis"
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
	eng, severity := s.engine, s.severity
	s.mu.Unlock()

	slices.Sort(dirs)
	for _, dir := range dirs {
		if s.ctx.Err() != nil {
			return
		}
		pubs := s.analyzeDir(s.ctx, eng, dir, &snap, severity)
		s.publish(pubs)
	}
}

// analyzeDir analyzes the package(s) of the open files in dir with the
// snapshot's overlays, and returns one publication per open file in dir,
// in path order. A file whose package does not load or type-check gets an
// empty one: no heaplint diagnostics for broken code.
func (s *server) analyzeDir(ctx context.Context, eng *engine.Engine, dir string, snap *snapshot, severity protocol.DiagnosticSeverity) []publication {
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
	pkgs, stats, err := eng.Analyze(ctx, engine.Request{Dir: dir, Patterns: []string{"."}, Tests: tests, Overlay: snap.overlay})
	if err != nil {
		if ctx.Err() == nil {
			s.logf(protocol.MessageError, "analyzing %s: %v", dir, err)
		}
		return pubs()
	}

	// Each open file gets one package: the plain package for its own files,
	// the test variant only for _test.go files (the shortest ID does that:
	// "p" < "p [p.test]"; an external test package has only one).
	owner := map[string]*engine.Package{}
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
	for _, path := range open {
		if owner[path] == nil {
			s.logf(protocol.MessageLog, "%s: in no package of %s", path, dir)
		}
	}
	contents := contentCache{snap: snap}
	for _, pkg := range pkgs {
		if len(pkg.Errors) > 0 {
			// It does not compile: gopls says why; heaplint says nothing.
			s.logf(protocol.MessageLog, "%s does not compile, not analyzed: %s", pkg.ID, pkg.Errors[0])
			continue
		}
		for _, err := range pkg.Failures {
			s.logf(protocol.MessageError, "%s: %v", pkg.ID, err)
		}
		for _, d := range pkg.Diagnostics {
			tf := pkg.Fset.File(d.Pos)
			if tf == nil {
				continue
			}
			path := filepath.Clean(tf.Name())
			r, ok := results[path]
			if !ok || owner[path] != pkg {
				continue // a file that is not open, or that another variant owns
			}
			if f, ok := s.convert(d.Analyzer, pkg.Fset, d.Diagnostic, path, &contents, severity); ok {
				r.findings = append(r.findings, f)
			}
		}
	}
	s.logf(protocol.MessageLog, "analyzed %s in %v: %v", dir, time.Since(t0).Round(time.Millisecond), stats)
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
			s.logf(protocol.MessageError, "publish %s: %v", p.doc.path, err)
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
		Severity: severityOf(severity, d.Category),
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

// severityOf is the severity of a diagnostic of the given Category:
// heaplint's checks put a finding's heat there (see internal/report), and
// a hot finding (in a loop, or where a profile shows weight) is shown one
// step stronger than the setting, so that it stands out from warm ones.
func severityOf(setting protocol.DiagnosticSeverity, category string) protocol.DiagnosticSeverity {
	if category == hotness.Hot.String() && setting > protocol.SeverityWarning {
		return setting - 1
	}
	return setting
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
