package engine

import (
	"context"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"
)

// The test analyzers, on testdata/mod (a dependency a, and b with an
// in-package and an external test):
//
//   - noreturn reports each call statement whose callee ctrlflow says does
//     not return: facts of a dependency (a.Die), of the standard library
//     (t.FailNow), and of the package itself;
//   - marks declares facts of its own: it marks functions named Mark* and
//     reports calls of marked functions of other packages;
//   - boom panics on package b_test.
func testAnalyzers() []*analysis.Analyzer {
	noreturn := &analysis.Analyzer{
		Name:     "noreturn",
		Doc:      "report calls that do not return",
		Requires: []*analysis.Analyzer{ctrlflow.Analyzer, inspect.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
			ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
			ins.Preorder([]ast.Node{(*ast.ExprStmt)(nil)}, func(n ast.Node) {
				call, ok := n.(*ast.ExprStmt).X.(*ast.CallExpr)
				if !ok {
					return
				}
				var id *ast.Ident
				switch fun := call.Fun.(type) {
				case *ast.Ident:
					id = fun
				case *ast.SelectorExpr:
					id = fun.Sel
				}
				if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok && cfgs.NoReturn(fn) {
					pass.Reportf(call.Pos(), "%s does not return", fn.FullName())
				}
			})
			return nil, nil
		},
	}
	marks := &analysis.Analyzer{
		Name:      "marks",
		Doc:       "report calls of functions another package marked",
		FactTypes: []analysis.Fact{new(markFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && strings.HasPrefix(fd.Name.Name, "Mark") {
						pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], &markFact{Name: fd.Name.Name})
					}
				}
				ast.Inspect(f, func(n ast.Node) bool {
					if sel, ok := n.(*ast.SelectorExpr); ok {
						var m markFact
						if fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &m) {
							pass.Reportf(sel.Pos(), "%s is marked (%s)", fn.FullName(), m.Name)
						}
					}
					return true
				})
			}
			return nil, nil
		},
	}
	boom := &analysis.Analyzer{
		Name: "boom",
		Doc:  "panic on package b_test",
		Run: func(pass *analysis.Pass) (any, error) {
			if pass.Pkg.Name() == "b_test" {
				panic("boom")
			}
			return nil, nil
		},
	}
	return []*analysis.Analyzer{noreturn, marks, boom}
}

type markFact struct{ Name string }

func (*markFact) AFact()           {}
func (m *markFact) String() string { return "mark " + m.Name }

// testModule copies testdata/mod to a fresh directory.
func testModule(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mod")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "mod"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// findings formats the diagnostics of pkgs, sorted, one per line, with
// the package ID and paths relative to root.
func findings(root string, pkgs []*Package) []string {
	var out []string
	for _, p := range pkgs {
		for _, d := range p.Diagnostics {
			pos := p.Fset.Position(d.Pos)
			rel, _ := filepath.Rel(root, pos.Filename)
			out = append(out, fmt.Sprintf("%s: %s:%d:%d: %s: %s", p.ID, rel, pos.Line, pos.Column, d.Analyzer.Name, d.Message))
		}
	}
	slices.Sort(out)
	return out
}

func analyze(t *testing.T, e *Engine, req Request) ([]*Package, Stats) {
	t.Helper()
	pkgs, stats, err := e.Analyze(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return pkgs, stats
}

// TestMatchesChecker: the engine reports what go/analysis's checker
// reports on packages loaded wholly from source, test variants included,
// and a panicking analyzer fails alone.
func TestMatchesChecker(t *testing.T) {
	root := testModule(t)
	dir := filepath.Join(root, "b")
	analyzers := testAnalyzers()

	loaded, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}, ".")
	if err != nil || packages.PrintErrors(loaded) > 0 {
		t.Fatalf("loading %s: %v", dir, err)
	}
	graph, err := checker.Analyze(analyzers[:2], loaded, nil) // the checker does not recover boom's panic
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, act := range graph.Roots {
		if strings.HasSuffix(act.Package.ID, ".test") {
			continue // the generated main package of the test binary
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			rel, _ := filepath.Rel(root, pos.Filename)
			want = append(want, fmt.Sprintf("%s: %s:%d:%d: %s: %s", act.Package.ID, rel, pos.Line, pos.Column, act.Analyzer.Name, d.Message))
		}
	}
	slices.Sort(want)

	e, err := New(Options{Analyzers: analyzers, ToolID: "test", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, _ := analyze(t, e, Request{Dir: dir, Patterns: []string{"."}, Tests: true})
	got := findings(root, pkgs)
	if !slices.Equal(got, want) {
		t.Errorf("engine:\n%s\nchecker:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Again: b comes from the disk cache, the same; b_test failed (boom),
	// so it is analyzed again, and with it the test variant it imports.
	again, stats := analyze(t, e, Request{Dir: dir, Patterns: []string{"."}, Tests: true})
	if got := findings(root, again); !slices.Equal(got, want) || stats.Cached != 1 {
		t.Errorf("engine, again (%v; want b from the cache):\n%s", stats, strings.Join(got, "\n"))
	}
	for _, w := range []string{
		"example.com/mod/b: b/b.go:8:3: noreturn: example.com/mod/a.Die does not return",
		"example.com/mod/b [example.com/mod/b.test]: b/b_test.go:11:3: noreturn: example.com/mod/a.Die does not return",
		"example.com/mod/b_test [example.com/mod/b.test]: b/bx_test.go:12:3: noreturn: (*testing.common).FailNow does not return",
		"example.com/mod/b: b/b.go:11:9: marks: example.com/mod/a.Mark is marked (Mark)",
	} {
		if !slices.Contains(got, w) {
			t.Errorf("no finding %q: the test no longer covers it", w)
		}
	}
	var ids []string
	for _, p := range pkgs {
		ids = append(ids, p.ID)
		failed := len(p.Failures) == 1 && strings.HasPrefix(p.Failures[0].Error(), "panic in boom on package example.com/mod/b_test [example.com/mod/b.test]: boom")
		if failed != (p.Name == "b_test") || len(p.Errors) > 0 {
			t.Errorf("%s: failures %v, errors %q; want boom's panic on b_test only", p.ID, p.Failures, p.Errors)
		}
	}
	if want := []string{"example.com/mod/b", "example.com/mod/b [example.com/mod/b.test]", "example.com/mod/b_test [example.com/mod/b.test]"}; !slices.Equal(ids, want) {
		t.Errorf("packages %q, want %q", ids, want)
	}
}

// TestCache: a second engine (a restart) reads every dependency's facts
// from the disk cache and finds the same; a dependency whose body changes
// has its facts, and only its own, computed again, and the change shows.
func TestCache(t *testing.T) {
	root := testModule(t)
	dir := filepath.Join(root, "b")
	cache := t.TempDir()
	req := Request{Dir: dir, Patterns: []string{"."}}
	newEngine := func() *Engine {
		e, err := New(Options{Analyzers: testAnalyzers(), ToolID: "test", CacheDir: cache})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	first, stats := analyze(t, newEngine(), req)
	if stats.Computed != stats.Deps || stats.OnDisk != 0 {
		t.Errorf("cold: %v; want every dependency computed", stats)
	}
	if stats.Cached != 0 {
		t.Errorf("cold: %v; want no results from the disk cache", stats)
	}
	second, stats := analyze(t, newEngine(), req)
	if stats.OnDisk != stats.Deps || stats.Computed != 0 || stats.Cached != 1 || !second[0].Cached {
		t.Errorf("restart: %v; want every dependency's facts and b's results from the disk cache", stats)
	}
	if a, b := findings(root, first), findings(root, second); !slices.Equal(a, b) || len(a) != 2 {
		t.Errorf("cold %q, restart %q", a, b)
	}

	// Die returns now: a's export data is the same (Die is not inlined),
	// but its facts are not.
	aFile := filepath.Join(root, "a", "a.go")
	src, _ := os.ReadFile(aFile)
	os.WriteFile(aFile, []byte(strings.Replace(string(src), "os.Exit(code)", "println(code)\n\tos.Getpid()", 1)), 0o666)
	third, stats := analyze(t, newEngine(), req)
	if stats.Computed != 1 || stats.OnDisk != stats.Deps-1 || stats.Cached != 0 {
		t.Errorf("after editing a: %v; want a computed again, the rest from the disk cache, b analyzed", stats)
	}
	if got := findings(root, third); len(got) != 1 || !strings.Contains(got[0], "marks:") {
		t.Errorf("after editing a: %q; want the mark only", got)
	}
}

// TestOverlay: the editor's unsaved content is what is analyzed, a new
// import in it included.
func TestOverlay(t *testing.T) {
	root := testModule(t)
	dir := filepath.Join(root, "b")
	e, err := New(Options{Analyzers: testAnalyzers(), ToolID: "test", CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "b.go")
	unsaved := `package b

import (
	"log"

	"example.com/mod/a"
)

func Run(ok bool) int {
	if !ok {
		log.Fatal("no")
	}
	return a.Mark()
}
`
	pkgs, stats := analyze(t, e, Request{Dir: dir, Patterns: []string{"."}, Overlay: map[string][]byte{file: []byte(unsaved)}})
	want := []string{
		"example.com/mod/b: b/b.go:11:3: noreturn: log.Fatal does not return",
		"example.com/mod/b: b/b.go:13:9: marks: example.com/mod/a.Mark is marked (Mark)",
	}
	if got := findings(root, pkgs); !slices.Equal(got, want) {
		t.Errorf("with the overlay: %q, want %q", got, want)
	}
	if stats.Relisted {
		t.Errorf("the imports guessed from the overlay were not the package's: %v", stats)
	}
	// The same content again: the results come from the cache, positions
	// and all.
	pkgs, stats = analyze(t, e, Request{Dir: dir, Patterns: []string{"."}, Overlay: map[string][]byte{file: []byte(unsaved)}})
	if got := findings(root, pkgs); !slices.Equal(got, want) || stats.Cached != 1 {
		t.Errorf("with the overlay again: %q (%v), want %q from the cache", got, stats, want)
	}
	// A type error: no analysis, and the error says where.
	pkgs, _ = analyze(t, e, Request{Dir: dir, Patterns: []string{"."}, Overlay: map[string][]byte{file: []byte(strings.Replace(unsaved, "a.Mark()", "a.Nope()", 1))}})
	if len(pkgs) != 1 || len(pkgs[0].Errors) == 0 || !strings.Contains(pkgs[0].Errors[0], "b.go:13:11: undefined: a.Nope") || len(pkgs[0].Diagnostics) != 0 {
		t.Errorf("ill-typed overlay: %+v", pkgs[0])
	}
}
