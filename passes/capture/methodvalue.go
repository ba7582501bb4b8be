package capture

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// boundMethod returns the method of a method value x.M, when mc makes one
// (a closure of go/ssa's bound method wrapper, which holds the receiver).
func boundMethod(mc *ssa.MakeClosure) (*types.Func, bool) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || !strings.HasSuffix(fn.Name(), "$bound") || len(mc.Bindings) != 1 {
		return nil, false
	}
	m, ok := fn.Object().(*types.Func)
	return m, ok
}

// methodValue reports a method value x.M that escapes: like a func
// literal, it is a closure (the code pointer and a copy of the receiver)
// that the compiler allocates on the heap each time the expression runs.
func methodValue(pass *analysis.Pass, cfg *Config, lps *loops.Result, fn *ssa.Function, mc *ssa.MakeClosure,
	depth int, site escape.Site, unknown *ssa.Function) {
	sel := selectorAt(fn, mc)
	if sel == nil {
		return
	}
	x := types.ExprString(sel.X)
	if len(x) > 30 {
		x = "the receiver"
	}
	name := types.ExprString(sel)
	if len(name) > 40 {
		name = "the method value"
	}
	f := report.Finding{Pos: sel.Pos(), End: sel.End(), Block: mc.Block()}
	verb := "allocates"
	if unknown != nil {
		verb = "may allocate"
	}
	f.Claim = fmt.Sprintf("method value %s %s a closure", name, verb)
	switch {
	case unknown != nil:
		f.Why = fmt.Sprintf("it holds %s and escapes if %s keeps it, which heaplint cannot tell", x, strings.TrimSuffix(site.Desc, "'s argument"))
	case site.Via != nil:
		f.Why = fmt.Sprintf("it holds %s and is %s", x, site.String())
	default:
		f.Why = fmt.Sprintf("it holds %s and escapes through %s", x, site.Desc)
	}
	f.Advice = methodValueAdvice(lps, fn, mc, depth, site, x, sel.Sel.Name)
	if p := site.Pos; p.IsValid() && pass.Fset.Position(p).Line != pass.Fset.Position(f.Pos).Line {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: "escapes here: " + site.Desc})
	}
	report.Emit(pass, cfg.Scope, f)
}

// selectorAt returns the x.M expression of a method value.
func selectorAt(fn *ssa.Function, mc *ssa.MakeClosure) *ast.SelectorExpr {
	for _, n := range ssapos.Path(fn, mc.Pos()) {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Pos() == mc.Pos() {
			return sel
		}
	}
	return nil
}

// methodValueAdvice says what helps: making the method value once when
// its receiver does not change in the loop, or keeping receivers instead
// of method values when they are stored. A method value handed to a
// function that keeps it (time.AfterFunc, a callback registry) has no
// cheaper form: a func literal calling x.M() is a closure too.
func methodValueAdvice(lps *loops.Result, fn *ssa.Function, mc *ssa.MakeClosure, depth int, site escape.Site, x, m string) string {
	loop := lps.Of(fn).Innermost(mc.Block())
	if depth > 0 && loop != nil && loops.Invariant(mc.Bindings[0], loop) {
		return fmt.Sprintf("make it once before the loop (f := %s.%s): %s does not change in the loop", x, m, x)
	}
	switch site.Kind {
	case escape.Append, escape.Store, escape.MapPut, escape.Send, escape.Global:
		if site.Via == nil {
			return fmt.Sprintf("if every func stored there is this method, store %s itself and call %s() where it is used", x, m)
		}
	}
	return ""
}
