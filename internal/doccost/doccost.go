// Package doccost holds a check's documentation to its measurements, for
// the check's cost_test.go: the Bad and Good code of doc.go must be the code
// the test measures (token for token, in the bodies of named functions),
// the Good form and every remedy the check advises must allocate less than
// what it replaces, and the Cost paragraph must quote the figures the same
// functions measure. It is a test helper: nothing outside tests imports it.
package doccost

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Forms checks that every code fragment of doc.go's Bad form (fragments are
// separated by blank lines) appears, token for token, in the body of one of
// the functions named bad in the Go file, and every fragment of the Good
// form in one of good's: the measured functions are the documented ones.
func Forms(t testing.TB, docSrc, check, file string, bad, good []string) {
	t.Helper()
	badCode, goodCode, err := codeOf(docSrc, check)
	if err != nil {
		t.Fatal(err)
	}
	bodies, err := funcBodies(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []struct {
		label string
		code  string
		funcs []string
	}{{"Bad", badCode, bad}, {"Good", goodCode, good}} {
		for _, frag := range fragments(form.code) {
			want := tokens(frag)
			found := false
			for _, name := range form.funcs {
				body, ok := bodies[name]
				if !ok {
					t.Fatalf("%s: no function %s", file, name)
				}
				if containsRun(tokens(body), want) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s doc.go: the %s code\n%s\nis in none of %s in %s: measure what the doc shows", check, form.label, frag, strings.Join(form.funcs, ", "), file)
			}
		}
	}
}

// codeOf returns the Bad and Good code of check's section in docSrc, all
// its fragments: analysisdoc keeps only the first.
func codeOf(docSrc, check string) (bad, good string, err error) {
	d, err := analysisdoc.Parse(docSrc, check)
	if err != nil {
		return "", "", err
	}
	var cur *string
	var lines []string
	flush := func() {
		if cur != nil {
			*cur = strings.Join(lines, "\n")
		}
		lines = lines[:0]
	}
	for _, line := range strings.Split(d.Body, "\n") {
		switch {
		case line == "Bad:":
			flush()
			cur = &bad
		case line == "Good:":
			flush()
			cur = &good
		case cur == nil:
		case strings.HasPrefix(line, "\t"):
			lines = append(lines, strings.TrimPrefix(line, "\t"))
		case line == "":
			lines = append(lines, "")
		default:
			flush()
			cur = nil
		}
	}
	flush()
	return strings.TrimSpace(bad), strings.TrimSpace(good), nil
}

// fragments splits code at blank lines that separate independent pieces:
// a blank line followed by an unindented line.
func fragments(code string) []string {
	var out []string
	var cur []string
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		if l == "" && i+1 < len(lines) && !strings.HasPrefix(lines[i+1], "\t") && len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
			continue
		}
		cur = append(cur, l)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

func funcBodies(file string) (map[string]string, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, 0)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		start, end := fset.Position(fd.Body.Lbrace).Offset, fset.Position(fd.Body.Rbrace).Offset
		out[fd.Name.Name] = string(src[start+1 : end])
	}
	return out, nil
}

// tokens returns the tokens of src as text, without comments and
// semicolons, so that layout does not matter.
func tokens(src string) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	b := []byte(src)
	s.Init(fset.AddFile("", -1, len(b)), b, nil, 0)
	var out []string
	for {
		_, tok, lit := s.Scan()
		switch {
		case tok == token.EOF:
			return out
		case tok == token.SEMICOLON:
		case lit != "":
			out = append(out, lit)
		default:
			out = append(out, tok.String())
		}
	}
}

func containsRun(hay, needle []string) bool {
	if len(needle) == 0 {
		return true
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		match := true
		for j, n := range needle {
			if hay[i+j] != n {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// Cost is what one run of a function allocates, on average.
type Cost struct {
	Allocs, Bytes float64
}

func (c Cost) String() string {
	return fmt.Sprintf("%.0f allocs/op and %.0f B/op", c.Allocs, c.Bytes)
}

// Measure runs f runs times after one warm-up run, as testing.AllocsPerRun
// does (with GOMAXPROCS set to 1), and returns its mean allocations and
// bytes per run.
func Measure(runs int, f func()) Cost {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return Cost{
		Allocs: float64(after.Mallocs-before.Mallocs) / float64(runs),
		Bytes:  float64(after.TotalAlloc-before.TotalAlloc) / float64(runs),
	}
}

// Less fails t unless remedy allocates fewer times per run than bad, and
// returns both costs.
func Less(t testing.TB, name string, bad, remedy func()) (Cost, Cost) {
	t.Helper()
	b, r := Measure(20, bad), Measure(20, remedy)
	if r.Allocs >= b.Allocs {
		t.Errorf("%s: the remedy costs %v, the code it replaces %v: it must allocate less", name, r, b)
	} else {
		t.Logf("%s: %v, remedied %v", name, b, r)
	}
	return b, r
}

// Same fails t unless a and b allocate as often: where a check is silent
// because a remedy would save nothing.
func Same(t testing.TB, name string, a, b func()) {
	t.Helper()
	ca, cb := Measure(20, a), Measure(20, b)
	if ca.Allocs != cb.Allocs {
		t.Errorf("%s: %v against %v: the check is silent here because they should allocate as often", name, ca, cb)
	} else {
		t.Logf("%s: %v either way", name, ca)
	}
}

var figure = regexp.MustCompile(`([0-9][0-9,]*(?:\.[0-9]+)?) (allocs/op|B/op)`)

// Quoted fails t unless the Cost paragraph of check's doc quotes each cost:
// its allocs/op exactly and its B/op within tolerance (a fraction: map
// layouts vary with the hash seed), each as "N allocs/op" and "N B/op"
// with or without thousands separators.
func Quoted(t testing.TB, docSrc, check string, tolerance float64, costs ...Cost) {
	t.Helper()
	d, err := analysisdoc.Parse(docSrc, check)
	if err != nil {
		t.Fatal(err)
	}
	var allocs, bytes []float64
	cost := strings.Join(strings.Fields(d.Cost), " ")
	for _, m := range figure.FindAllStringSubmatch(cost, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		if err != nil {
			continue
		}
		if m[2] == "allocs/op" {
			allocs = append(allocs, v)
		} else {
			bytes = append(bytes, v)
		}
	}
	near := func(vs []float64, x, tol float64) bool {
		for _, v := range vs {
			if math.Abs(v-x) <= tol*math.Max(x, 1) {
				return true
			}
		}
		return false
	}
	for _, c := range costs {
		if !near(allocs, math.Round(c.Allocs), tolerance) || !near(bytes, c.Bytes, tolerance) {
			t.Errorf("%s doc.go: Cost does not quote the measured %v (it says: %s)", check, c, d.Cost)
		}
	}
}

// Example runs a on the bundled example module in dir and holds the check's
// file there (its base name, e.g. "unsizedmake.go") to its comments: every
// function whose doc comment says "<check> reports" has a finding of a,
// and no other function of the file has one, so that the better form the
// example shows next to each pattern is not flagged itself.
func Example(t testing.TB, a *analysis.Analyzer, dir, file string) {
	t.Helper()
	// Dependencies need syntax: ctrlflow, which hotness requires, has facts.
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the example does not load")
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var found []token.Position
	for act := range graph.All() {
		if act.Analyzer != a || act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			if p := act.Package.Fset.Position(d.Pos); filepath.Base(p.Filename) == file {
				found = append(found, p)
			}
		}
	}
	checked := 0
	for _, pkg := range pkgs {
		for i, f := range pkg.Syntax {
			if filepath.Base(pkg.CompiledGoFiles[i]) != file {
				continue
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				start, end := pkg.Fset.Position(fd.Pos()), pkg.Fset.Position(fd.End())
				n := 0
				for _, p := range found {
					if p.Line >= start.Line && p.Line <= end.Line {
						n++
					}
				}
				doc := strings.Join(strings.Fields(fd.Doc.Text()), " ")
				switch says := strings.Contains(doc, a.Name+" reports"); {
				case says && n == 0:
					t.Errorf("%s: %s says %s reports it, but it reports nothing there", file, fd.Name.Name, a.Name)
				case !says && n > 0:
					t.Errorf("%s: %s is flagged %d times by %s, but its comment does not say so: the example must not flag its own advice", file, fd.Name.Name, n, a.Name)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Errorf("the example has no functions in %s", file)
	}
}
