package escape_test

import (
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/ssatest"
	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// mark is an expectation written in testdata/cases.go.
type mark struct {
	line int
	heap bool
	desc string // must occur in Site.String()
}

var markRE = regexp.MustCompile(`//esc:(heap|local)(?: (.*))?$`)

func readMarks(t *testing.T, src string) []mark {
	var marks []mark
	for i, l := range strings.Split(src, "\n") {
		if m := markRE.FindStringSubmatch(l); m != nil {
			marks = append(marks, mark{line: i + 1, heap: m[1] == "heap", desc: strings.TrimSpace(m[2])})
		}
	}
	if len(marks) == 0 {
		t.Fatal("no marks")
	}
	return marks
}

// allFuncs returns pkg's source functions and their closures, in source
// order, as buildssa's SrcFuncs does.
func allFuncs(pkg *ssa.Package) []*ssa.Function {
	var out []*ssa.Function
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg == pkg && fn.Synthetic == "" && fn.Origin() == nil {
			out = append(out, fn)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// allocations returns the allocations of interest in fn with their lines.
func allocations(fset *token.FileSet, fn *ssa.Function) map[int][]ssa.Value {
	out := map[int][]ssa.Value{}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			var v ssa.Value
			switch in := instr.(type) {
			case *ssa.MakeInterface:
				if !typeshape.PointerShaped(in.X.Type()) {
					if _, isConst := in.X.(*ssa.Const); !isConst {
						v = in
					}
				}
			case *ssa.Alloc:
				if in.Comment != "varargs" && in.Comment != "slicelit" {
					v = in
				}
			case *ssa.MakeClosure, *ssa.MakeSlice, *ssa.MakeMap:
				v = in.(ssa.Value)
			}
			if v == nil {
				continue
			}
			pos := v.Pos()
			if mc, ok := v.(*ssa.MakeClosure); ok {
				pos = mc.Fn.Pos()
			}
			for j := i; !pos.IsValid() && j < len(b.Instrs); j++ {
				pos = b.Instrs[j].Pos()
			}
			if pos.IsValid() {
				line := fset.Position(pos).Line
				out[line] = append(out[line], v)
			}
		}
	}
	return out
}

func TestCases(t *testing.T) {
	src, err := os.ReadFile("testdata/cases.go")
	if err != nil {
		t.Fatal(err)
	}
	pkg, _ := ssatest.Build(t, string(src))
	funcs := allFuncs(pkg)
	res := escape.Analyze(pkg.Pkg, funcs)
	byLine := map[int][]ssa.Value{}
	for _, fn := range funcs {
		for l, vs := range allocations(pkg.Prog.Fset, fn) {
			byLine[l] = append(byLine[l], vs...)
		}
	}
	for _, m := range readMarks(t, string(src)) {
		vs := byLine[m.line]
		if len(vs) == 0 {
			t.Errorf("line %d: no allocation found", m.line)
			continue
		}
		for _, v := range vs {
			site, esc := res.Of(v)
			switch {
			case esc != m.heap:
				t.Errorf("line %d: %v: escapes=%v (%v), want %v", m.line, v, esc, site, m.heap)
			case esc && !strings.Contains(site.String(), m.desc):
				t.Errorf("line %d: %v: site %q, want it to mention %q", m.line, v, site.String(), m.desc)
			}
		}
	}
}

func TestSummaries(t *testing.T) {
	src, err := os.ReadFile("testdata/cases.go")
	if err != nil {
		t.Fatal(err)
	}
	pkg, _ := ssatest.Build(t, string(src))
	res := escape.Analyze(pkg.Pkg, allFuncs(pkg))
	for name, want := range map[string]string{
		"keep":        "p0:-",
		"leak":        "p0:heap=value",
		"id":          "p0:r0=value",
		"content":     "p0:heap=content",
		"notContent":  "p0:-",
		"two":         "p0:r0=value",
		"rec":         "p0:heap=value p1:-",
		"recKeep":     "p0:- p1:-",
		"generic":     "p0:heap=value",
		"genericKeep": "p0:-",
	} {
		if got := res.Summary(pkg.Func(name)).String(); got != want {
			t.Errorf("%s: summary %s, want %s", name, got, want)
		}
	}
}

// TestCompilerAgrees checks the marks of testdata/cases.go against the
// compiler's escape analysis (go build -gcflags=-m): a heap mark needs an
// "escapes to heap" or "moved to heap" on its line, a local mark a "does
// not escape" and neither of those.
func TestCompilerAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiler")
	}
	src, err := os.ReadFile("testdata/cases.go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module p\n\ngo 1.26\n"), 0o666))
	must(t, os.WriteFile(filepath.Join(dir, "cases.go"), src, 0o666))
	cmd := exec.Command("go", "build", "-gcflags=-m", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	msgs := map[int][]string{}
	lineRE := regexp.MustCompile(`^\./cases\.go:(\d+):\d+: (.*)$`)
	for _, l := range strings.Split(string(out), "\n") {
		if m := lineRE.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[1])
			msgs[n] = append(msgs[n], m[2])
		}
	}
	for _, m := range readMarks(t, string(src)) {
		joined := strings.Join(msgs[m.line], "; ")
		heap := strings.Contains(joined, "escapes to heap") || strings.Contains(joined, "moved to heap")
		if m.heap != heap {
			t.Errorf("line %d: marked heap=%v, compiler says %q", m.line, m.heap, joined)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var _ = fmt.Sprint

func TestTable(t *testing.T) {
	src := `package p

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
)

type T struct{ a, b, c int }

var pool sync.Pool
var m sync.Map

func F(t T, b *strings.Builder, xs []T, k int) {
	fmt.Println(t)
	b.WriteString("x")
	pool.Put(t)
	slices.SortFunc(xs, func(a, b T) int { return a.a - b.a + k })
	_ = fmt.Sprint(t)
	_ = reflect.TypeOf(t)
	m.Load(t)
	m.Store(t, t)
}
`
	pkg, _ := ssatest.Build(t, src)
	res := escape.Analyze(pkg.Pkg, allFuncs(pkg))
	var got []string
	for _, b := range pkg.Func("F").Blocks {
		for _, instr := range b.Instrs {
			switch v := instr.(type) {
			case *ssa.MakeInterface, *ssa.MakeClosure:
				site, ok := res.Of(v.(ssa.Value))
				got = append(got, fmt.Sprintf("%v %s", ok, site))
			}
		}
	}
	want := []string{
		"true fmt.Println's argument",
		"true (*sync.Pool).Put's argument",
		"false ",
		"true fmt.Sprint's argument",
		"false ",
		"false ",
		"true (*sync.Map).Store's argument",
		"true (*sync.Map).Store's argument",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTableSorted checks what the binary search in lookupLine relies on,
// and that every line of the table is found.
func TestTableSorted(t *testing.T) {
	data, err := os.ReadFile("stdtable.txt")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		k, _, ok := strings.Cut(l, "\t")
		if !ok {
			t.Fatalf("line without a tab: %q", l)
		}
		keys = append(keys, k)
	}
	if !sort.StringsAreSorted(keys) {
		t.Fatal("stdtable.txt is not sorted by key")
	}
	if len(keys) < 3000 {
		t.Fatalf("only %d entries", len(keys))
	}
	for _, k := range keys {
		if _, ok := escape.LookupForTest(k); !ok {
			t.Errorf("%s not found", k)
		}
	}
	for _, k := range []string{"", "a", "fmt.Print", "fmt.Printx", "zzz"} {
		if _, ok := escape.LookupForTest(k); ok && k != "fmt.Print" {
			t.Errorf("%q found", k)
		}
	}
}
