package dynmake

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
var Info = checkinfo.Info{Name: "dynmake", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// The compiler's stack limits (cmd/compile/internal/ir/cfg.go and
// base/flag.go, Go 1.26; -smallframes lowers the first two to 64 KiB and
// 16 KiB).
const (
	// maxStackVarSize is the largest explicit variable (var x T, x := T{})
	// kept on the stack: ir.MaxStackVarSize.
	maxStackVarSize = 128 * 1024
	// maxImplicitStackVarSize is the largest implicit one (new(T), &T{},
	// make([]T, k) with a constant k): ir.MaxImplicitStackVarSize.
	maxImplicitStackVarSize = 64 * 1024
	// variableMakeThreshold is the stack buffer a non-escaping make([]T,
	// n) with a non-constant n gets since Go 1.25: base.Debug's
	// VariableMakeThreshold. Larger sizes call makeslice on the heap.
	variableMakeThreshold = 32
)

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// SmallStack also reports, inside loops, a non-escaping make([]T, n)
	// with a non-constant n in files for go1.25 and later: it gets a
	// 32-byte stack buffer and allocates only when n·sizeof(T) is larger.
	SmallStack bool `json:"small-stack,omitempty"`
}

// Validate reports no error: every combination of settings is valid.
func (c Config) Validate() error { return nil }

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
	a.Flags.BoolVar(&cfg.SmallStack, "small-stack", cfg.SmallStack, "also report non-escaping make([]T, n) in loops, which allocates only above 32 bytes")
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
	c := &checker{pass: pass, cfg: cfg, esc: esc}
	for _, fn := range funcs {
		c.fn, c.forest = fn, lps.Of(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch v := instr.(type) {
				case *ssa.MakeSlice:
					c.makeSlice(v)
				case *ssa.Alloc:
					c.alloc(v)
				}
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass   *analysis.Pass
	cfg    *Config
	esc    *escape.Result
	fn     *ssa.Function
	forest *loops.Forest
}

func (c *checker) qual(p *types.Package) string {
	return report.Qualifier(c.pass.Pkg)(p)
}

// makeSlice looks at make([]T, n) with a non-constant n (go/ssa builds a
// constant-size make as an array allocation, see alloc).
func (c *checker) makeSlice(m *ssa.MakeSlice) {
	call := ssapos.CallExpr(c.fn, m.Pos())
	if call == nil {
		return
	}
	elem := sliceElem(m.Type())
	if elem == nil {
		return
	}
	if k, ok := intConst(m.Cap); ok {
		// A variable holding a constant: the compiler sees through it.
		c.constantMake(m, call, elem, k)
		return
	}
	depth := c.forest.Depth(m.Block())
	if depth == 0 {
		return // once per call: nothing to hoist
	}
	if c.carried(m) || c.leavesLoop(m) {
		return // already the reused buffer, or what a retry loop produces
	}
	what := types.ExprString(call)
	site, escapes := c.esc.Of(m)
	if escapes {
		how, ok := c.avoidable(m, site)
		if !ok {
			return
		}
		c.emit(call, m.Block(), site, report.Finding{
			Claim:  what + " allocates",
			Why:    "it escapes through " + site.Desc,
			Advice: how + "hoist one buffer out of the loop and reuse it (buf = buf[:n] when cap(buf) >= n, else a new make), or keep buffers in a sync.Pool of *" + types.TypeString(m.Type(), c.qual),
		})
		return
	}
	if c.retained(m) {
		return
	}
	size, known := typeshape.Size(c.pass.TypesSizes, elem)
	if known && size == 0 {
		return // zero-size elements never allocate
	}
	// The stack buffer is the compiler's (go1.25 on), whatever the file's
	// language version: a go1.24 module built by go1.26 allocates nothing
	// here (measured), so the file's version is not asked.
	if !known {
		return // a type parameter: its size decides, per instance
	}
	if size > variableMakeThreshold {
		c.emit(call, m.Block(), escape.Site{}, report.Finding{
			Claim:  what + " goes to the heap",
			Why:    fmt.Sprintf("although it does not escape, its %d-byte elements do not fit the %d-byte stack buffer the compiler gives a make with a non-constant size", size, variableMakeThreshold),
			Advice: "hoist one buffer out of the loop and reuse it (buf = buf[:n] when cap(buf) >= n)",
		})
		return
	}
	if c.cfg.SmallStack {
		c.emit(call, m.Block(), escape.Site{}, report.Finding{
			Claim:  what + " may allocate",
			Why:    fmt.Sprintf("when it needs more than %d bytes (%d elements of %d bytes): only that much fits the stack buffer the compiler gives a make with a non-constant size", variableMakeThreshold, variableMakeThreshold/size, size),
			Advice: "hoist one buffer out of the loop and reuse it, or use a constant size",
		})
	}
}

// avoidable reports whether a make that escapes at site could be one buffer
// reused across iterations, and a hedge for the message: it is returned
// (only the last iteration's buffer is kept), or handed to a callee the
// compiler cannot see into (an interface method, a func value) or whose
// parameter leaks, in this package (a reader or writer does not keep the buffer; a callee
// that does makes reuse wrong). It is not avoidable when it is kept: stored,
// sent, captured, boxed, or handed to a go statement.
func (c *checker) avoidable(v ssa.Value, site escape.Site) (string, bool) {
	return c.avoidableAt(v, site, 0)
}

func (c *checker) avoidableAt(v ssa.Value, site escape.Site, depth int) (string, bool) {
	if site.Via != nil || c.retained(v) {
		return "", false
	}
	switch site.Kind {
	case escape.Return:
		return "", true
	case escape.Dynamic, escape.Call:
		call, ok := site.Instr.(ssa.CallInstruction)
		if !ok {
			return "", false
		}
		if _, isGo := call.(*ssa.Go); isGo {
			return "", false
		}
		common := call.Common()
		if common.IsInvoke() {
			if !escape.Opaque(common.Value) {
				return "", false // the compiler may devirtualize it
			}
			return "if the callee does not keep it, ", true
		}
		callee := common.StaticCallee()
		switch {
		case callee == nil:
			if !escape.Opaque(common.Value) {
				return "", false // the compiler may inline it
			}
			return "if the callee does not keep it, ", true
		case site.Kind == escape.Call && callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg && depth < 3:
			// A callee of this package (other packages' callees are
			// assumed to leak): its parameter must escape the same way.
			for i, arg := range common.Args {
				if i >= len(callee.Params) || !derives(arg, v) {
					continue
				}
				p := callee.Params[i]
				psite, escapes := c.esc.Of(p)
				if !escapes {
					return "", false
				}
				if _, ok := c.avoidableAt(p, psite, depth+1); !ok {
					return "", false
				}
				return "if " + callee.Name() + " does not keep it, ", true
			}
		}
	}
	return "", false
}

// aliasOf returns the value r derives from y when it may share y's backing
// array: a phi, a slice or a type change of y, or an append to y.
func aliasOf(y ssa.Value, r ssa.Instruction) (ssa.Value, bool) {
	switch r := r.(type) {
	case *ssa.Phi, *ssa.Slice, *ssa.ChangeType:
		return r.(ssa.Value), true
	case *ssa.Call:
		if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && r.Call.Args[0] == y {
			return r, true
		}
	}
	return nil, false
}

// anyUse walks v and its aliases (see aliasOf) and reports whether use
// holds for any of their uses r, where y is the alias r uses.
func anyUse(v ssa.Value, use func(y ssa.Value, r ssa.Instruction) bool) bool {
	work := []ssa.Value{v}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		y := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[y] || y.Referrers() == nil {
			continue
		}
		seen[y] = true
		for _, r := range *y.Referrers() {
			if use(y, r) {
				return true
			}
			if d, ok := aliasOf(y, r); ok {
				work = append(work, d)
			}
		}
	}
	return false
}

// derives reports whether x is v, a slice of it, or an append to it.
func derives(x, v ssa.Value) bool {
	return x == v || anyUse(v, func(y ssa.Value, r ssa.Instruction) bool {
		d, ok := aliasOf(y, r)
		return ok && d == x
	})
}

// leavesLoop reports whether v, a slice of it or an append to it is used
// after the loop it is made in (a retry loop that makes a bigger buffer
// until one is enough, a search that returns the buffer it found): the
// loop is there to produce it, and usually runs once.
func (c *checker) leavesLoop(v ssa.Value) bool {
	l := c.forest.Innermost(v.(ssa.Instruction).Block())
	if l == nil {
		return false
	}
	return anyUse(v, func(_ ssa.Value, r ssa.Instruction) bool { return !l.Contains(r.Block()) })
}

// carried reports whether v (or a slice of it) is carried to the next
// iteration of a loop around it, as a hoisted buffer is when it is grown:
// if cap(buf) < n { buf = make([]byte, n) }.
func (c *checker) carried(v ssa.Value) bool {
	work := []ssa.Value{v}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] || x.Referrers() == nil {
			continue
		}
		seen[x] = true
		for _, r := range *x.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi:
				if l := c.forest.Innermost(r.Block()); l != nil && l.Header == r.Block() {
					for i, e := range r.Edges {
						if e == x && l.Contains(r.Block().Preds[i]) {
							return true
						}
					}
				}
				work = append(work, r)
			case *ssa.Slice, *ssa.ChangeType:
				work = append(work, r.(ssa.Value))
			}
		}
	}
	return false
}

// retained reports whether v, or a slice of it, is kept beyond the
// iteration in a way that reuse would break or that this check does not
// follow: stored into memory, a map or a channel, captured, boxed into an
// interface, or handed to a go or defer statement.
func (c *checker) retained(v ssa.Value) bool {
	return anyUse(v, func(x ssa.Value, r ssa.Instruction) bool {
		switch r := r.(type) {
		case *ssa.Store:
			return r.Val == x
		case *ssa.MapUpdate:
			return r.Key == x || r.Value == x
		case *ssa.Send:
			return r.X == x
		case *ssa.MakeInterface, *ssa.MakeClosure, *ssa.Go, *ssa.Defer:
			return true
		}
		return false
	})
}

// alloc looks at allocations of a constant size: make([]T, k) (an array
// allocation in SSA), new(T) and &T{}, and explicit variables.
func (c *checker) alloc(a *ssa.Alloc) {
	t := a.Type().(*types.Pointer).Elem()
	size, ok := typeshape.Size(c.pass.TypesSizes, t)
	if !ok || size <= maxImplicitStackVarSize {
		return
	}
	switch a.Comment {
	case "makeslice":
		call := ssapos.CallExpr(c.fn, a.Pos())
		if call == nil {
			return
		}
		arr, ok := t.Underlying().(*types.Array)
		if !ok {
			return
		}
		c.constantMake(a, call, arr.Elem(), arr.Len())
	case "new", "complit":
		if !a.Heap {
			return // a composite literal's temporary, not &T{}
		}
		expr := c.exprAt(a.Pos())
		if expr == nil {
			return
		}
		c.tooLarge(a, expr, t, size, maxImplicitStackVarSize, "implicit")
	case "varargs", "slicelit", "rangeindex", "rangeint.iter":
	default:
		// A named variable (go/ssa marks it Heap when its address is
		// taken, which says nothing about the compiler's decision).
		if size > maxStackVarSize {
			if id := c.identAt(a.Pos(), a.Comment); id != nil {
				c.tooLarge(a, id, t, size, maxStackVarSize, "explicit")
			}
		}
	}
}

// constantMake looks at make([]T, k) with a constant k.
func (c *checker) constantMake(v ssa.Value, call *ast.CallExpr, elem types.Type, k int64) {
	size, ok := typeshape.Size(c.pass.TypesSizes, elem)
	if !ok || size == 0 || k <= maxImplicitStackVarSize/size {
		return
	}
	c.tooLarge(v, call, types.NewArray(elem, k), size*k, maxImplicitStackVarSize, "implicit")
}

// tooLarge reports an allocation of a constant size that the compiler puts
// on the heap for its size alone, when keeping it on the stack or reusing
// it would help: it does not escape otherwise, or only into calls.
func (c *checker) tooLarge(v ssa.Value, at ast.Node, t types.Type, size, limit int64, kind string) {
	site, escapes := c.esc.Of(v)
	hedge := ""
	if escapes {
		how, ok := c.avoidable(v, site)
		if !ok || site.Kind == escape.Return {
			return // it has to live on: its size is not the reason
		}
		hedge = how // reuse is right only if the callee does not keep it
	} else if c.retained(v) {
		return
	}
	what := types.ExprString(at.(ast.Expr))
	typ := types.TypeString(t, c.qual)
	var f report.Finding
	switch {
	case kind == "explicit":
		f.Claim = "var " + what + " allocates"
		f.Why = fmt.Sprintf("%s is %d bytes, over the compiler's %d KiB limit for stack variables", typ, size, limit/1024)
		f.Advice = hedge + "reuse one buffer (hoisted out of loops, or from a sync.Pool) or make it smaller"
	case !escapes && size <= maxStackVarSize:
		f.Claim = what + " allocates"
		f.Why = fmt.Sprintf("%d bytes is over the compiler's %d KiB limit for implicit stack allocations", size, limit/1024)
		f.Advice = fmt.Sprintf("declare a variable (var buf %s) and use it instead, which stays on the stack up to %d KiB", typ, maxStackVarSize/1024)
	default:
		f.Claim = what + " allocates"
		f.Why = fmt.Sprintf("%d bytes is over the compiler's %d KiB limit for stack allocations", size, limit/1024)
		f.Advice = hedge + "reuse one buffer (hoisted out of loops, or from a sync.Pool)"
	}
	c.emit(at, v.(ssa.Instruction).Block(), escape.Site{}, f) // the size is the reason, not the escape
}

// emit reports f at node n, in block b, with the escape site as related
// information.
func (c *checker) emit(n ast.Node, b *ssa.BasicBlock, site escape.Site, f report.Finding) {
	f.Pos, f.End, f.Block = n.Pos(), n.End(), b
	if site.Pos.IsValid() {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: site.Pos, Message: "it escapes here, through " + site.Desc})
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}

// exprAt returns the new(T) call or &T{} expression at pos.
func (c *checker) exprAt(pos token.Pos) ast.Expr {
	for _, n := range ssapos.Path(c.fn, pos) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Lparen == pos || n.Pos() == pos {
				return n
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				return n
			}
		case *ast.CompositeLit:
			if n.Lbrace == pos {
				continue // its & is outside
			}
		}
	}
	return nil
}

// identAt returns the identifier declaring the variable name at pos.
func (c *checker) identAt(pos token.Pos, name string) *ast.Ident {
	for _, n := range ssapos.Path(c.fn, pos) {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && id.Pos() == pos {
			if _, isVar := c.pass.TypesInfo.Defs[id].(*types.Var); isVar {
				return id
			}
		}
	}
	return nil
}

// sliceElem returns the element type of a slice type, or of the slice
// types a type parameter's constraint allows when they agree; nil
// otherwise.
func sliceElem(t types.Type) types.Type {
	if s, ok := t.Underlying().(*types.Slice); ok {
		return s.Elem()
	}
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return nil
	}
	iface, ok := tp.Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var elem types.Type
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		u, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			continue
		}
		for j := 0; j < u.Len(); j++ {
			s, ok := u.Term(j).Type().Underlying().(*types.Slice)
			if !ok || (elem != nil && !types.Identical(elem, s.Elem())) {
				return nil
			}
			elem = s.Elem()
		}
	}
	return elem
}

func intConst(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}
