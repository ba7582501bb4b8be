package suppress_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/heaplint/heaplint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// newFake returns a check named name that reports every call of the
// function fn, asking suppress.Suppressed first, as report.Emit does.
func newFake(name, fn string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      "report calls of " + fn,
		Requires: []*analysis.Analyzer{suppress.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == fn && !suppress.Suppressed(pass, call.Pos()) {
						pass.Reportf(call.Pos(), "%s finding", name)
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

// TestDirectives: the line, own-line and file-wide forms silence exactly
// the checks they name; malformed, unknown and stale directives are
// reported, a directive naming a check that is switched off is not, nor are
// directives in generated files, nor in test files unless tests are
// analyzed. The expectations are the testdata's `// want` comments
// (analysistest's form, plus "want+N" for line N below and "want tests"
// for expectations that hold only with tests).
func TestDirectives(t *testing.T) {
	for _, tests := range []bool{false, true} {
		t.Run(fmt.Sprintf("tests=%v", tests), func(t *testing.T) {
			fake, other := newFake("fake", "alloc"), newFake("other", "alloc2")
			directives := suppress.NewDirectives(suppress.DirectivesConfig{
				Checks: []*analysis.Analyzer{fake, other},
				Known:  []string{"other", "fake", "off"},
				Tests:  tests,
			})
			got, fset, files := run(t, tests, fake, other, directives)
			expected := wants(t, fset, files, tests)
			for _, d := range got {
				i := slices.IndexFunc(expected, func(w want) bool { return w.line == d.line && w.file == d.file && w.rx.MatchString(d.msg) })
				if i < 0 {
					t.Errorf("%s:%d: unexpected finding: %s", d.file, d.line, d.msg)
					continue
				}
				expected = slices.Delete(expected, i, i+1)
			}
			for _, w := range expected {
				t.Errorf("%s:%d: no finding matches %s", w.file, w.line, w.rx)
			}
		})
	}
}

type diag struct {
	file string
	line int
	msg  string
}

// run analyzes testdata/a (with its test files when tests) and returns the
// diagnostics of every analyzer given.
func run(t *testing.T, tests bool, analyzers ...*analysis.Analyzer) ([]diag, *token.FileSet, []*ast.File) {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadSyntax, Dir: "testdata/a", Tests: tests}, ".")
	if err != nil {
		t.Fatal(err)
	}
	var pkg *packages.Package
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatal(p.Errors)
		}
		if p.ID == "example.com/a" && !tests || strings.HasPrefix(p.ID, "example.com/a [") {
			pkg = p
		}
	}
	graph, err := checker.Analyze(analyzers, []*packages.Package{pkg}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []diag
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatal(act.Err)
		}
		for _, d := range act.Diagnostics {
			p := pkg.Fset.Position(d.Pos)
			out = append(out, diag{filepath.Base(p.Filename), p.Line, d.Message})
		}
	}
	return out, pkg.Fset, pkg.Syntax
}

type want struct {
	file string
	line int
	rx   *regexp.Regexp
}

var wantRE = regexp.MustCompile("// want(\\+[0-9]+)?( tests)?((?: `[^`]*`)+)")

// wants reads the expectations of files.
func wants(t *testing.T, fset *token.FileSet, files []*ast.File, tests bool) []want {
	var out []want
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				m := wantRE.FindStringSubmatch(c.Text)
				if m == nil || m[2] != "" && !tests {
					continue
				}
				p := fset.Position(c.Pos())
				line := p.Line
				if m[1] != "" {
					n, _ := strconv.Atoi(m[1][1:])
					line += n
				}
				for _, q := range regexp.MustCompile("`[^`]*`").FindAllString(m[3], -1) {
					out = append(out, want{filepath.Base(p.Filename), line, regexp.MustCompile(q[1 : len(q)-1])})
				}
			}
		}
	}
	return out
}

// TestConcurrentChecks: checks running in parallel on one package share
// the Result (go test -race checks the sharing); every match is recorded.
func TestConcurrentChecks(t *testing.T) {
	const src = `package p

func f() {
	_ = 1 //heaplint:ignore c0,c1,c2,c3,c4,c5,c6,c7 reason
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	r := suppress.Parse(fset, []*ast.File{f})
	pos := fset.File(f.FileStart).LineStart(4)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				if !r.Suppressed(pos, fmt.Sprintf("c%d", i)) {
					t.Errorf("c%d not suppressed", i)
					return
				}
			}
		})
	}
	wg.Wait()
	d := r.Directives()[0]
	for i := range d.Checks {
		if !d.Matched(i) {
			t.Errorf("%s: match not recorded", d.Checks[i])
		}
	}
	if r.Suppressed(pos, "c8") || r.Suppressed(fset.File(f.FileStart).LineStart(3), "c0") {
		t.Error("suppressed a check or a line the directive does not name")
	}
	var nilResult *suppress.Result
	if nilResult.Suppressed(pos, "c0") {
		t.Error("a nil Result suppressed something")
	}
}
