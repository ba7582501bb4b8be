package loops_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/loops"
	"golang.org/x/tools/go/ssa"
)

// Each function has loops whose header line carries the expected trip
// count as a comment: "// trip: <kind> <count> exact|upto" or "// trip: none".
const boundSrc = `package p

func rangeSlice(xs []int) {
	for range xs { // trip: range over slice len(xs) exact
		sink(0)
	}
	for _, s := range []string{"a", "b", "c"} { // trip: range over slice 3 exact
		sink(len(s))
	}
	for i := range xs { // trip: range over slice len(xs) upto
		if i > 3 {
			break
		}
	}
}

func rangeArray(a [4]int, p *[3]int) {
	for _, x := range a { // trip: range over array 4 exact
		sink(x)
	}
	for i := range p { // trip: range over array 3 exact
		sink(i)
	}
}

func rangeInt(n int, u uint) {
	for i := range n { // trip: range over int n exact
		sink(i)
	}
	for range 7 { // trip: range over int 7 exact
		sink(0)
	}
	for i := range u { // trip: range over int u exact
		sink(int(i))
	}
}

func rangeOther(m map[string]int, s string, c chan int) {
	for k := range m { // trip: range over map len(m) exact
		sink(len(k))
	}
	for k := range m { // trip: none
		delete(m, k)
	}
	for _, r := range s { // trip: range over string len(s) upto
		sink(int(r))
	}
	for x := range c { // trip: none
		sink(x)
	}
}

func counted(a, b int, xs []int) {
	for i := 0; i < b; i++ { // trip: counted b exact
		sink(i)
	}
	for i := a; i < b; i++ { // trip: counted b-a exact
		sink(i)
	}
	for i := 1; i <= b; i++ { // trip: counted b exact
		sink(i)
	}
	for i := len(xs) - 1; i >= 0; i-- { // trip: counted len(xs) exact
		sink(i)
	}
	for i := b; i > a; i-- { // trip: counted b-a exact
		sink(i)
	}
	for i := b - 1; i >= a; i-- { // trip: counted b-a exact
		sink(i)
	}
	for i := (b + 2); i > a; i-- { // trip: counted b-a+2 exact
		sink(i)
	}
	for i := 0; i < len(xs); i++ { // trip: counted len(xs) exact
		sink(i)
	}
	for i := 0; i < 10; i++ { // trip: counted 10 exact
		sink(i)
	}
	for i := 0; i < 10; i++ { // trip: counted 10 upto
		if i == b {
			return
		}
	}
}

func notCounted(b int, xs []int) {
	for i := 0; i < b; i++ { // trip: none
		b--
	}
	for i := 0; i < b; i += 2 { // trip: none
		sink(i)
	}
	for i := 0; i < len(xs); i++ { // trip: none
		xs = xs[1:]
	}
	for i := 0; i < b; i++ { // trip: none
		if i%2 == 0 {
			i++
		}
	}
	for i := 0; i > b; i++ { // trip: none
		sink(i)
	}
	for len(xs) > 0 { // trip: none
		xs = xs[1:]
	}
}

func nested(rows [][]int, n int) {
	for i := range n { // trip: range over int n exact
		for j := range n { // trip: range over int n exact
			sink(i + j)
		}
	}
	for _, row := range rows { // trip: range over slice len(rows) exact
		for _, x := range row { // trip: range over slice len(row) exact
			sink(x)
		}
	}
	for i := range n { // trip: range over int n exact
		for _, x := range get(i) { // trip: range over slice len(get(i)) exact
			sink(x)
		}
	}
	for i := 0; i < len(rows); i++ { // trip: counted len(rows) exact
		for { // not a loop: its body always leaves
			sink(i)
			break
		}
	}
	i := 0
again:
	sink(i)
	i++
	if i < n {
		goto again
	}
	// n is captured by f: a counted loop up to n reloads it each time,
	// but range n reads it once.
	for i := 0; i < n; i++ { // trip: none
		sink(i)
	}
	f := func() {
		for range n { // trip: range over int n exact
			sink(1)
		}
	}
	f()
}

func sink(int) {}

func get(int) []int { return nil }
`

// build type-checks src and builds its SSA, keeping the type information
// (ssatest.Build does not return it).
func build(t *testing.T, src string) (*ssa.Package, *types.Info, *token.FileSet, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	prog := ssa.NewProgram(fset, ssa.InstantiateGenerics)
	ssapkg := prog.CreatePackage(pkg, []*ast.File{f}, info, false)
	ssapkg.Build()
	return ssapkg, info, fset, f
}

func render(c loops.Count) string {
	var b strings.Builder
	for _, t := range c.Terms {
		if t.Coef < 0 {
			b.WriteString("-")
		} else if b.Len() > 0 {
			b.WriteString("+")
		}
		if t.Len {
			fmt.Fprintf(&b, "len(%s)", types.ExprString(t.Expr))
		} else {
			b.WriteString(types.ExprString(t.Expr))
		}
	}
	switch {
	case b.Len() == 0:
		fmt.Fprint(&b, c.Const)
	case c.Const > 0:
		fmt.Fprintf(&b, "+%d", c.Const)
	case c.Const < 0:
		fmt.Fprintf(&b, "%d", c.Const)
	}
	return b.String()
}

func TestTrips(t *testing.T) {
	pkg, info, fset, file := build(t, boundSrc)
	want := map[int]string{}
	for _, g := range file.Comments {
		for _, c := range g.List {
			if s, ok := strings.CutPrefix(c.Text, "// trip: "); ok {
				want[fset.Position(c.Pos()).Line] = s
			}
		}
	}
	var fns []*ssa.Function
	for _, m := range pkg.Members {
		if fn, ok := m.(*ssa.Function); ok && fn.Synthetic == "" {
			fns = append(fns, fn)
			fns = append(fns, fn.AnonFuncs...)
		}
	}
	seen := map[int]bool{}
	noStmt := 0
	for _, fn := range fns {
		f := loops.Find(fn)
		trips := loops.FindTrips(fn, f, info)
		for _, l := range f.Loops() {
			s := trips.Stmt(l)
			if s == nil {
				noStmt++ // only the goto loop has none
				continue
			}
			line := fset.Position(s.Pos()).Line
			seen[line] = true
			got := "none"
			if tr := trips.Of(l); tr != nil {
				if tr.Stmt != s || tr.Loop != l {
					t.Errorf("line %d: trip's loop or statement differs", line)
				}
				if tr.Test == nil || !l.Contains(tr.Test) || l.Contains(tr.Test.Succs[1]) {
					t.Errorf("line %d: Test %v does not leave the loop by Succs[1]", line, tr.Test)
				}
				exact := "upto"
				if tr.Exact {
					exact = "exact"
				}
				got = fmt.Sprintf("%s %s %s", tr.Kind, render(tr.Count), exact)
			}
			if got != want[line] {
				t.Errorf("line %d (%s): got %q, want %q", line, fn.Name(), got, want[line])
			}
		}
	}
	if noStmt != 1 {
		t.Errorf("%d loops without a statement, want 1 (the goto loop)", noStmt)
	}
	for line := range want {
		if !seen[line] {
			t.Errorf("line %d: no SSA loop matched this statement", line)
		}
	}
}

func TestCountNonNegative(t *testing.T) {
	pkg, info, _, _ := build(t, boundSrc)
	fn := pkg.Func("rangeInt")
	f := loops.Find(fn)
	trips := loops.FindTrips(fn, f, info)
	var got []string
	for _, l := range f.Loops() {
		c := trips.Of(l).Count
		n, isConst := c.IsConst()
		got = append(got, fmt.Sprintf("%v/%v/%d", c.NonNegative(), isConst, n))
	}
	for _, l := range f.Loops() {
		// Range over int is tested at the bottom, behind a guard.
		if g := trips.Of(l).Guard; g == nil || g.Succs[0] != l.Header {
			t.Errorf("loop at block %d: guard %v", l.Header.Index, g)
		}
	}
	// range n (signed), range 7, range u (unsigned)
	if want := "false/false/0 true/true/7 true/false/0"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func TestCountLenNonNegative(t *testing.T) {
	pkg, info, fset, _ := build(t, boundSrc)
	fn := pkg.Func("counted")
	f := loops.Find(fn)
	trips := loops.FindTrips(fn, f, info)
	for _, l := range f.Loops() {
		tr := trips.Of(l)
		if tr == nil || render(tr.Count) != "len(xs)" {
			continue
		}
		// i < len(xs): a term that is a len call never needs clamping.
		if !tr.Count.NonNegative() {
			t.Errorf("%s: len(xs) may be negative", fset.Position(tr.Stmt.Pos()))
		}
		return
	}
	t.Error("no counted loop up to len(xs)")
}

func TestInvariant(t *testing.T) {
	pkg, _, _, _ := build(t, boundSrc)
	fn := pkg.Func("counted")
	f := loops.Find(fn)
	// In the loop "for i := 0; i < len(xs); i++", len(xs) is computed in the
	// header from a parameter: invariant; the counter phi is not.
	var checked bool
	for _, l := range f.Loops() {
		for _, instr := range l.Header.Instrs {
			switch v := instr.(type) {
			case *ssa.Phi:
				if loops.Invariant(v, l) {
					t.Errorf("phi %s is invariant", v)
				}
			case *ssa.Call:
				if !loops.Invariant(v, l) {
					t.Errorf("%s is not invariant", v)
				}
				checked = true
			}
		}
	}
	if !checked {
		t.Error("no len call in a loop header")
	}
}

func TestTripsNilForest(t *testing.T) {
	trips := loops.FindTrips(nil, nil, nil)
	if trips.Of(nil) != nil || trips.Stmt(nil) != nil {
		t.Error("empty Trips answered")
	}
}
