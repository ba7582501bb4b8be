package ssapos_test

import (
	"fmt"
	"go/ast"
	"go/token"
	"testing"

	"github.com/heaplint/heaplint/internal/ssapos"
	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

import "fmt"

type T struct{ a, b int }

func (T) M(x any, rest ...any) {}

func F(p T, n int, xs []int) {
	fmt.Println("n", n, p)
	p.M(n)
	p.M(n, p, xs)
	T.M(p, xs)
	for range xs {
		go func() { _ = n }()
	}
}
`

// makeInterfaces returns F's MakeInterface instructions with the calls that
// use them, in order.
func makeInterfaces(fn *ssa.Function) (mis []*ssa.MakeInterface, calls []*ssa.Call) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				for _, a := range call.Call.Args {
					if mi, ok := a.(*ssa.MakeInterface); ok {
						mis, calls = append(mis, mi), append(calls, call)
					}
				}
				if len(call.Call.Args) > 0 {
					if s, ok := call.Call.Args[len(call.Call.Args)-1].(*ssa.Slice); ok {
						for _, r := range *s.X.Referrers() {
							if ia, ok := r.(*ssa.IndexAddr); ok {
								for _, u := range *ia.Referrers() {
									if st, ok := u.(*ssa.Store); ok {
										if mi, ok := st.Val.(*ssa.MakeInterface); ok {
											mis, calls = append(mis, mi), append(calls, call)
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	return
}

func TestArgExpr(t *testing.T) {
	pkg, file := ssatest.Build(t, src)
	fn := ssatest.Func(t, pkg, "F")
	mis, calls := makeInterfaces(fn)
	var got []string
	for i, mi := range mis {
		e := ssapos.ArgExpr(nil, fn, &calls[i].Call, calls[i].Pos(), mi)
		if e == nil {
			t.Errorf("no syntax for %s in %s", mi, calls[i])
			continue
		}
		got = append(got, render(file, e))
	}
	// Without type info, T.M(p, xs) is read as a method call; the receiver
	// skip then maps xs onto its real syntax all the same because the
	// receiver p is not an interface conversion.
	want := []string{`"n"`, "n", "p", "n", "n", "p", "xs", "xs"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("arg %d: got %s, want %s (all: %q)", i, got[i], want[i], got)
		}
	}
}

func render(f *ast.File, e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.BasicLit:
		return e.Value
	}
	return "?"
}

func TestPosAndSyntax(t *testing.T) {
	pkg, _ := ssatest.Build(t, src)
	fn := ssatest.Func(t, pkg, "F")
	var closure *ssa.MakeClosure
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok {
				closure = mc
			}
		}
	}
	if closure == nil {
		t.Fatal("no closure")
	}
	lit := ssapos.FuncLit(closure)
	if lit == nil {
		t.Fatal("FuncLit = nil")
	}
	if loop := ssapos.EnclosingLoop(fn, lit.Pos()); loop == nil {
		t.Error("the closure is inside a range loop")
	}
	inner := closure.Fn.(*ssa.Function)
	if loop := ssapos.EnclosingLoop(inner, lit.Body.Pos()+1); loop != nil {
		t.Error("EnclosingLoop looked past the function literal")
	}
	if ssapos.Pos(closure) == token.NoPos {
		t.Error("Pos(closure) = NoPos")
	}
	if path := ssapos.Path(fn, lit.Pos()); len(path) < 2 || path[1] != lit {
		t.Error("Path did not find the literal at its position")
	}
}

func TestAlloc(t *testing.T) {
	pkg, _ := ssatest.Build(t, `package p

type T struct{ a int }

var sink []*T

func G(n int) {
	sink = append(sink, &T{a: n})
	sink = append(sink, &T{})
	sink = append(sink, new(T))
	v := T{a: n}
	sink = append(sink, &v)
	sink = append(sink, []*T{{a: 1}}...)
}
`)
	fn := ssatest.Func(t, pkg, "G")
	var got []string
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			a, ok := instr.(*ssa.Alloc)
			if !ok || !a.Heap {
				continue
			}
			if syn, ok := ssapos.Alloc(fn, a, "T"); ok {
				got = append(got, fmt.Sprintf("%s %v", syn.What, syn.Variable))
			}
		}
	}
	want := []string{"&T{...} false", "&T{} false", "new(T) false", "v true", "&T{...} false"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Alloc: got %q, want %q", got, want)
	}
}
