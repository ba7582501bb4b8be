package capture

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
var Info = checkinfo.Info{Name: "capture", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// OutsideLoops also reports closures that escape outside loops: one
	// allocation per call of the enclosing function.
	OutsideLoops bool `json:"outside-loops,omitempty"`
	// UnknownCallees also reports closures that escape only through a
	// call of another package's function whose escape behaviour heaplint
	// does not know, as "may allocate".
	UnknownCallees bool `json:"unknown-callees,omitempty"`
}

// Validate rejects contradictory settings, naming them.
func (c Config) Validate() error {
	return c.CheckOutsideLoops(c.OutsideLoops)
}

// Analyzer is the check with default settings.
var Analyzer = New(Config{})

// analyzerDoc is Analyzer.Doc, cut out of doc.go once per process (go vet
// starts one per package) rather than per New.
var analyzerDoc = analysisdoc.Must(doc, Info.Name)

// New returns a fresh analyzer bound to its own copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Info.Name,
		Doc:      analyzerDoc,
		URL:      report.URL(Info.Name),
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, escape.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.BoolVar(&cfg.OutsideLoops, "outside-loops", cfg.OutsideLoops, "also report escaping closures outside loops")
	a.Flags.BoolVar(&cfg.UnknownCallees, "unknown-callees", cfg.UnknownCallees,
		"also report closures passed to other packages' functions whose escape behaviour is unknown (may allocate)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	funcs := cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	lps := pass.ResultOf[loops.Analyzer].(*loops.Result)
	esc := pass.ResultOf[escape.Analyzer].(*escape.Result)
	var caps map[*ast.FuncDecl]*twoWays // by top-level function, computed on demand
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mc, ok := instr.(*ssa.MakeClosure)
				if !ok {
					continue
				}
				lit := ssapos.FuncLit(mc)
				_, isMethodValue := boundMethod(mc)
				if lit == nil && !isMethodValue {
					continue // a range-over-func body
				}
				depth := lps.DepthIn(fn, b)
				if depth == 0 && !cfg.OutsideLoops {
					continue
				}
				site, escapes := esc.Of(mc)
				if !escapes {
					continue
				}
				if testingAPI(site) {
					continue // a subtest's body: allocated per case by design, with no remedy
				}
				unknown := esc.Assumed(site)
				if unknown != nil && !cfg.UnknownCallees {
					continue
				}
				if isMethodValue {
					methodValue(pass, cfg, lps, fn, mc, depth, site, unknown)
					continue
				}
				decl := topLevel(fn)
				if decl == nil {
					continue
				}
				c := caps[decl]
				if c == nil {
					if caps == nil {
						caps = map[*ast.FuncDecl]*twoWays{}
					}
					v := report.GoVersion(pass, decl.Pos())
					c = &twoWays{
						analyzeCaptures(pass.TypesInfo, decl, v, false),
						analyzeCaptures(pass.TypesInfo, decl, v, true),
					}
					caps[decl] = c
				}
				emit(pass, cfg, lps, fn, mc, lit, depth, site, unknown, c)
			}
		}
	}
	return nil, nil
}

// topLevel returns the declaration of the function fn belongs to.
func topLevel(fn *ssa.Function) *ast.FuncDecl {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	decl, _ := fn.Syntax().(*ast.FuncDecl)
	return decl
}

// testingAPI reports whether the closure escapes through a function or
// method of package testing (t.Run, b.Run, f.Fuzz, b.RunParallel).
func testingAPI(site escape.Site) bool {
	if site.Kind != escape.Call {
		return false
	}
	call, ok := site.Instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	callee := call.Common().StaticCallee()
	if callee == nil {
		return false
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj, ok := callee.Object().(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == "testing"
}

// spawnArgs reports whether the go or defer statement of site passes
// arguments: then the compiler wraps the call in a closure of its own, and
// a closure made once before the loop would not save an allocation.
func spawnArgs(site escape.Site) bool {
	switch in := site.Instr.(type) {
	case *ssa.Go:
		return len(in.Call.Args) > 0
	case *ssa.Defer:
		return len(in.Call.Args) > 0
	}
	return false
}

// twoWays is a function's capture information with directly called
// closures kept (notInlined) and inlined: the compiler inlines them when
// they are small, which the syntax alone cannot tell.
type twoWays struct {
	notInlined, inlined *captures
}

// byRef reports whether the compiler captures v by reference either way.
func (c *twoWays) byRef(sizes types.Sizes, v *types.Var) bool {
	a, _ := c.notInlined.byRef(sizes, v)
	b, _ := c.inlined.byRef(sizes, v)
	return a && b
}

// captured is one variable a closure captures.
type captured struct {
	v       *types.Var
	byRef   bool
	perIter bool // declared inside the closure's innermost loop
	shared  bool // a loop variable shared by all iterations (before Go 1.22)
}

func emit(pass *analysis.Pass, cfg *Config, lps *loops.Result, fn *ssa.Function, mc *ssa.MakeClosure, lit *ast.FuncLit,
	depth int, site escape.Site, unknown *ssa.Function, c *twoWays) {
	vars := capturedVars(pass, lps, fn, mc, c)
	var moved, shared []string
	invariant := depth > 0 && !spawnArgs(site)
	for _, cv := range vars {
		if cv.byRef {
			moved = append(moved, cv.v.Name())
		}
		if cv.shared {
			shared = append(shared, cv.v.Name())
		}
		if cv.perIter || cv.shared {
			invariant = false
		}
	}

	f := report.Finding{Pos: lit.Pos(), End: lit.Type.End(), Block: mc.Block()}
	if unknown != nil {
		f.Claim = "func literal may allocate a closure"
	} else {
		f.Claim = "func literal allocates a closure"
	}
	var b strings.Builder
	switch {
	case unknown != nil:
		fmt.Fprintf(&b, "it escapes if %s keeps it, which heaplint cannot tell", strings.TrimSuffix(site.Desc, "'s argument"))
	case site.Via != nil:
		fmt.Fprintf(&b, "it is %s", site.String())
	default:
		fmt.Fprintf(&b, "it escapes through %s", site.Desc)
	}
	if len(moved) > 0 {
		fmt.Fprintf(&b, ", and moves %s to the heap", list(moved))
	}
	if len(shared) > 0 {
		verb := "is one variable"
		if len(shared) > 1 {
			verb = "are variables"
		}
		fmt.Fprintf(&b, " (%s %s for the whole loop before Go 1.22)", list(shared), verb)
	}
	f.Why = b.String()
	f.Advice = advice(depth, site, invariant, moved)
	if p := site.Pos; p.IsValid() && pass.Fset.Position(p).Line != pass.Fset.Position(f.Pos).Line {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: "escapes here: " + site.Desc})
	}
	report.Emit(pass, cfg.Scope, f)
}

// advice says what helps, given where the closure escapes and what it
// captures. It never suggests go f(x) for go func() { f(x) }(): the
// compiler wraps a go statement's call with arguments in a closure too.
func advice(depth int, site escape.Site, invariant bool, moved []string) string {
	switch {
	case depth > 0 && site.Kind == escape.Defer && site.Via == nil:
		return "if it may run at the end of each iteration, move the loop body into a function that defers it"
	case invariant:
		return "create it once before the loop: it captures nothing declared inside the loop"
	case depth > 0 && site.Kind == escape.Go && site.Via == nil:
		return "start a fixed set of workers before the loop and send them the values over a channel"
	case len(moved) > 1:
		return fmt.Sprintf("capture one pointer to a struct holding %s instead", list(moved))
	case depth > 0 && (site.Kind == escape.Append || site.Kind == escape.Store || site.Kind == escape.MapPut || site.Kind == escape.Global || site.Kind == escape.Send):
		return "store the captured values instead of closures and pass them as arguments to one function"
	case depth > 0:
		return "create one closure before the loop and pass it the values as arguments (or over a channel)"
	}
	return "if this runs often, create the closure once and reuse it"
}

func list(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// capturedVars returns the variables the closure captures, in order, with
// how the compiler captures them and whether each is declared inside the
// innermost loop around the closure.
func capturedVars(pass *analysis.Pass, lps *loops.Result, fn *ssa.Function, mc *ssa.MakeClosure, c *twoWays) []captured {
	closure := mc.Fn.(*ssa.Function)
	loop := lps.Of(fn).Innermost(mc.Block())
	// The body of a range-over-func loop is a function of its own, run
	// once per iteration: its own variables are per iteration.
	yieldBody := loop == nil && fn.Synthetic == "range-over-func yield"
	var out []captured
	for _, v := range c.notInlined.freeVars(ssapos.FuncLit(mc)) {
		cv := captured{v: v}
		cv.byRef = c.byRef(pass.TypesSizes, v)
		cv.shared = c.notInlined.shared(v)
		for i, fv := range closure.FreeVars {
			if fv.Name() == v.Name() && i < len(mc.Bindings) {
				cv.perIter = declaredIn(mc.Bindings[i], loop, yieldBody)
				break
			}
		}
		out = append(out, cv)
	}
	return out
}

// declaredIn reports whether the variable bound as v (its Alloc, or a phi
// of the Allocs of a Go 1.22 three-clause loop variable) is allocated
// inside loop, or, for the body of a range-over-func loop, in that body.
func declaredIn(v ssa.Value, loop *loops.Loop, yieldBody bool) bool {
	in := func(a *ssa.Alloc) bool {
		if loop != nil {
			return loop.Contains(a.Block())
		}
		return yieldBody
	}
	switch v := v.(type) {
	case *ssa.Alloc:
		return in(v)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if a, ok := e.(*ssa.Alloc); ok && in(a) {
				return true
			}
		}
	}
	return false
}
