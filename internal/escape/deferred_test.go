package escape_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// TestDeferredAgrees checks that the Analyzer, which defers test functions
// nothing else calls, answers Of for every value of every function as
// analyzing the whole package at once does: code calling code, a test
// global set through a test function (analyzed at once), test functions
// calling each other and code (deferred).
func TestDeferredAgrees(t *testing.T) {
	pkg, files := ssatest.BuildFiles(t,
		ssatest.File{Name: "a.go", Src: `package p

var sink any

func Keep(p *int) { sink = p }
func Drop(p *int) int { return *p }
func Use() { x := new(int); Keep(x); y := new(int); _ = Drop(y) }
`},
		ssatest.File{Name: "a_test.go", Src: `package p

type T struct{ n int }

var g = mk(&T{})

func mk(t *T) *T { return t }

func helper(p *int) { sink = p }
func other(p *int) int { return *p + 1 }

func TestX() {
	a := new(int)
	helper(a)
	b := new(int)
	_ = other(b)
	c := new(int)
	Keep(c)
	d := new(int)
	_ = Drop(d)
	f := func() { sink = b }
	f()
}
`},
	)
	fset := pkg.Prog.Fset
	funcs := allFuncs(pkg)
	if init := pkg.Func("init"); init != nil {
		funcs = append(funcs, init)
	}
	pass := &analysis.Pass{
		Fset:     fset,
		Files:    files,
		ResultOf: map[*analysis.Analyzer]any{buildssa.Analyzer: &buildssa.SSA{Pkg: pkg, SrcFuncs: funcs}},
	}
	res, err := escape.Analyzer.Run(pass)
	if err != nil {
		t.Fatal(err)
	}
	split := res.(*escape.Result)
	whole := escape.Analyze(pkg.Pkg, funcs)
	compared := 0
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				v, ok := instr.(ssa.Value)
				if !ok {
					continue
				}
				s1, e1 := split.Of(v)
				s2, e2 := whole.Of(v)
				if e1 != e2 || s1.String() != s2.String() {
					t.Errorf("%s: %s: deferred analysis says %v %q, whole package %v %q", fn, v.Name(), e1, s1, e2, s2)
				}
				if _, isAlloc := v.(*ssa.Alloc); isAlloc {
					compared++
				}
			}
		}
	}
	if compared < 6 {
		t.Errorf("compared only %d allocations", compared)
	}
}
