package reuse

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
var Info = checkinfo.Info{Name: "reuse", Since: "v0.2.0", Default: false, Fix: checkinfo.FixNone}

// The compiler's limits that decide whether a non-escaping allocation
// stays on the stack (Go 1.26): see dynmake, which owns what is over the
// implicit limit.
const (
	// maxImplicitStackVarSize is the largest new(T), &T{} or constant
	// make kept on the stack (ir.MaxImplicitStackVarSize).
	maxImplicitStackVarSize = 64 * 1024
	// variableMakeThreshold is the stack buffer of a non-escaping
	// make([]T, n) with a non-constant n (base.Debug.VariableMakeThreshold).
	variableMakeThreshold = 32
	// mapStackEntries is how many entries a non-escaping map holds in
	// the group the compiler puts on the stack (abi.MapGroupSlots); a
	// larger size hint, or growth past it, allocates tables on the heap.
	mapStackEntries = 8
)

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
}

// Validate reports no error: every combination of settings is valid.
func (c Config) Validate() error { return nil }

// Analyzer is the check with default settings.
var Analyzer = New(Config{})

// analyzerDoc is Analyzer.Doc, cut out of doc.go once per process.
var analyzerDoc = analysisdoc.Must(doc, Info.Name)

// New returns a fresh analyzer bound to its own copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Info.Name,
		Doc:      analyzerDoc,
		URL:      report.URL(Info.Name),
		Requires: []*analysis.Analyzer{buildssa.Analyzer, escape.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
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
	c := &checker{
		pass: pass,
		cfg:  cfg,
		esc:  pass.ResultOf[escape.Analyzer].(*escape.Result),
		hot:  pass.ResultOf[hotness.Analyzer].(*hotness.Result),
	}
	for _, fn := range funcs {
		if !report.HotFunc(pass, cfg.Scope, fn) {
			continue // what a function allocates per call matters when it is called often
		}
		c.fn = fn
		for _, b := range fn.Blocks {
			if c.hot.Of(b).Heat == hotness.Hot {
				continue // loops belong to the per-iteration checks (cold code is Emit's to drop)
			}
			for _, instr := range b.Instrs {
				switch v := instr.(type) {
				case *ssa.MakeSlice:
					c.makeSlice(v)
				case *ssa.MakeMap:
					c.makeMap(v)
				case *ssa.Alloc:
					c.alloc(v)
				}
			}
		}
	}
	return nil, nil
}

type checker struct {
	pass *analysis.Pass
	cfg  *Config
	esc  *escape.Result
	hot  *hotness.Result
	fn   *ssa.Function
}

func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, report.Qualifier(c.pass.Pkg))
}

// makeSlice looks at make([]T, n) with a non-constant n (go/ssa builds a
// constant-size make as an array Alloc: see alloc).
func (c *checker) makeSlice(m *ssa.MakeSlice) {
	call := ssapos.CallExpr(c.fn, m.Pos())
	if call == nil {
		return
	}
	elem := m.Type().Underlying().(*types.Slice).Elem()
	size, known := typeshape.Size(c.pass.TypesSizes, elem)
	if known && size == 0 {
		return
	}
	if k, ok := intConst(m.Cap); ok && known && k*size <= maxImplicitStackVarSize {
		// A variable holding a constant: the compiler sees through it and
		// treats it as a constant make (stack unless it escapes); above
		// the limit dynmake owns it.
		if _, escapes := c.esc.Of(m); !escapes {
			return
		}
	}
	f := report.Finding{Pos: call.Pos(), End: call.End(), Block: m.Block()}
	if !c.heap(m, types.ExprString(call), &f) {
		if !known {
			return // a type parameter: its size decides, per instance
		}
		life := c.lifetime(m)
		if !life.reusable() {
			return
		}
		f.Claim = types.ExprString(call) + " goes to the heap"
		if size > variableMakeThreshold {
			f.Why = fmt.Sprintf("its %d-byte elements do not fit the %d-byte stack buffer the compiler gives a make with a non-constant size", size, variableMakeThreshold)
		} else {
			f.Why = fmt.Sprintf("when it needs more than the %d-byte stack buffer the compiler gives a make with a non-constant size (%d elements of %d bytes)", variableMakeThreshold, variableMakeThreshold/size, size)
		}
		f.Advice = life.hedge + c.sliceAdvice(call, m.Type())
		c.emit(f)
		return
	}
	f.Advice += c.sliceAdvice(call, m.Type())
	c.emit(f)
}

// makeMap looks at make(map[K]V, ...) and map literals.
func (c *checker) makeMap(m *ssa.MakeMap) {
	expr := c.mapExpr(m.Pos())
	if expr == nil {
		return
	}
	what := types.ExprString(expr)
	if lit, ok := expr.(*ast.CompositeLit); ok {
		what = c.typeString(m.Type()) + "{...}"
		if len(lit.Elts) == 0 {
			what = c.typeString(m.Type()) + "{}"
		}
	}
	f := report.Finding{Pos: expr.Pos(), End: expr.End(), Block: m.Block()}
	if !c.heap(m, what, &f) {
		if !c.mapGrows(m) {
			return // up to 8 entries on the stack
		}
		life := c.lifetime(m)
		if !life.reusable() {
			return
		}
		f.Claim = what + " goes to the heap"
		f.Why = fmt.Sprintf("the compiler keeps a map that does not escape on the stack only up to %d entries, and this one is sized or filled beyond that", mapStackEntries)
		f.Advice = life.hedge
	}
	if lit, ok := expr.(*ast.CompositeLit); ok && c.constantTable(m, lit) {
		f.Advice += "build it once, into a package-level variable: it holds only constants and is only read"
	} else {
		f.Advice += "keep one map across calls (" + c.home() + ") and empty it with clear at the start of each call; a sync.Pool if calls run concurrently"
	}
	c.emit(f)
}

// constantTable reports whether the map literal lit, made by m, holds only
// constant keys and values and is never written after it is built: a
// lookup table, to build once rather than to reuse and clear.
func (c *checker) constantTable(m *ssa.MakeMap, lit *ast.CompositeLit) bool {
	if len(lit.Elts) == 0 {
		return false
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok || c.pass.TypesInfo.Types[kv.Key].Value == nil || c.pass.TypesInfo.Types[kv.Value].Value == nil {
			return false
		}
	}
	writes := 0
	written := c.anyAlias(m, func(y ssa.Value, r ssa.Instruction) bool {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			writes++
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") {
				return true
			}
		}
		return false
	})
	return !written && writes == len(lit.Elts)
}

// mapGrows reports whether a map that does not escape needs heap tables:
// a size hint that is not a constant of at most 8, or stores into it
// inside a loop (or more than 8 entries in its literal).
func (c *checker) mapGrows(m *ssa.MakeMap) bool {
	if m.Reserve != nil {
		k, ok := intConst(m.Reserve)
		if !ok || k > mapStackEntries {
			return true
		}
	}
	stores := 0
	grows := false
	c.anyAlias(m, func(y ssa.Value, r ssa.Instruction) bool {
		if u, ok := r.(*ssa.MapUpdate); ok && u.Map == y {
			stores++
			if c.hot.Of(u.Block()).Heat == hotness.Hot || u.Parent() != c.fn {
				grows = true
			}
		}
		return false
	})
	return grows || stores > mapStackEntries
}

// alloc looks at allocations of a constant size: make([]T, k), new(T),
// &T{...}, []T{...} and variables moved to the heap.
func (c *checker) alloc(a *ssa.Alloc) {
	if !a.Heap {
		return
	}
	elem := a.Type().(*types.Pointer).Elem()
	size, ok := typeshape.Size(c.pass.TypesSizes, elem)
	if !ok || size == 0 || size > maxImplicitStackVarSize {
		return // unknown, never allocated, or dynmake's (over the stack limit)
	}
	var (
		at   ast.Node
		what string
		kind = "value"
	)
	switch a.Comment {
	case "makeslice", "slicelit":
		lit := c.sliceExpr(a.Pos(), a.Comment)
		if lit == nil {
			return
		}
		at, what, kind = lit, types.ExprString(lit), "slice"
		if cl, ok := lit.(*ast.CompositeLit); ok {
			what = c.typeString(c.sliceType(a)) + "{...}"
			at = cl
		}
	case "new", "complit":
		if !composite(elem) {
			return
		}
		s, ok := ssapos.Alloc(c.fn, a, c.typeString(elem))
		if !ok {
			return
		}
		at, what = posNode{s.Pos, s.End}, s.What
	case "varargs", "rangeindex", "rangeint.iter":
		return
	default:
		if !composite(elem) {
			return // a pointer, string or interface target (errors.As, Unmarshal into a string): too small to reuse
		}
		s, ok := ssapos.Alloc(c.fn, a, c.typeString(elem))
		if !ok || !s.Variable || c.isParam(s.Pos) {
			return // a parameter moved to the heap cannot be reused
		}
		at = posNode{s.Pos, s.End}
		what = fmt.Sprintf("%s (%s, %d bytes)", s.What, c.typeString(elem), size)
	}
	f := report.Finding{Pos: at.Pos(), End: at.End(), Block: a.Block()}
	if !c.heap(a, what, &f) {
		return // on the stack
	}
	if kind == "slice" {
		f.Advice += c.sliceAdvice(at, c.sliceType(a))
	} else {
		reset := "*p = " + c.typeString(elem) + "{}"
		if hasReset(elem) {
			reset = "its Reset method"
		}
		f.Advice += "keep one " + c.typeString(elem) + " across calls (" + c.home() + ") and reset it with " + reset + " at the start of each call; a sync.Pool of *" + c.typeString(elem) + " if calls run concurrently"
	}
	c.emit(f)
}

// heap fills f's claim and why when v escapes in a way reuse can avoid,
// and its advice with the hedge that applies, and reports whether it
// did. It returns false, leaving f alone, when v does not escape, and
// also when it escapes but outlives the call (then the finding is
// dropped: f.Claim stays empty).
func (c *checker) heap(v ssa.Value, what string, f *report.Finding) bool {
	site, escapes := c.esc.Of(v)
	if !escapes {
		return false
	}
	life := c.lifetime(v)
	if !life.reusable() || !c.compilerSees(site) {
		f.Claim = ""
		return true
	}
	verb := " allocates"
	if c.esc.Assumed(site) != nil {
		verb = " may allocate"
	}
	f.Claim = what + verb
	f.Why = "it escapes through " + site.String()
	f.Advice = life.hedge
	if site.Pos.IsValid() {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: site.Pos, Message: "it escapes here, through " + site.Desc})
	}
	return true
}

// compilerSees reports whether the compiler, too, must let v escape at
// site: a call through an interface or func value escapes for it only
// when it cannot see what is behind the value (inlining can reveal a value
// made or returned by a call in the function, and devirtualize it).
func (c *checker) compilerSees(site escape.Site) bool {
	if site.Kind != escape.Dynamic {
		return true
	}
	call, ok := site.Instr.(ssa.CallInstruction)
	return ok && escape.Opaque(call.Common().Value)
}

func (c *checker) emit(f report.Finding) {
	if f.Claim == "" {
		return
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}

// sliceAdvice says how to reuse a slice made by expr.
func (c *checker) sliceAdvice(expr ast.Node, t types.Type) string {
	reset := "reset it with buf = buf[:0]"
	if call, ok := expr.(*ast.CallExpr); ok && len(call.Args) == 2 {
		reset = "resize it with buf = buf[:n] (clear(buf) if it is read before written)"
	}
	return "keep one buffer across calls (" + c.home() + ") and " + reset + " at the start of each call; a sync.Pool of *" + c.typeString(t) + " if calls run concurrently"
}

// home says where a reused value can live: the receiver's fields, or a
// value the caller owns.
func (c *checker) home() string {
	if recv := c.fn.Signature.Recv(); recv != nil {
		if p, ok := recv.Type().(*types.Pointer); ok {
			if n, ok := types.Unalias(p.Elem()).(*types.Named); ok {
				return "a field of *" + n.Obj().Name()
			}
		}
	}
	return "one the caller passes in"
}

// isParam reports whether pos declares one of the function's parameters or
// results: those are moved to the heap per call, and no reuse applies.
func (c *checker) isParam(pos token.Pos) bool {
	var body *ast.BlockStmt
	switch s := c.fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = s.Body
	case *ast.FuncLit:
		body = s.Body
	}
	return body == nil || pos < body.Lbrace
}

// mapExpr returns the make(map...) call or map literal at pos.
func (c *checker) mapExpr(pos token.Pos) ast.Expr {
	for _, n := range ssapos.Path(c.fn, pos) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Lparen == pos {
				return n
			}
		case *ast.CompositeLit:
			if n.Lbrace == pos {
				return n
			}
		}
	}
	return nil
}

// sliceExpr returns the make([]T, k) call or slice literal at pos.
func (c *checker) sliceExpr(pos token.Pos, comment string) ast.Expr {
	for _, n := range ssapos.Path(c.fn, pos) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if comment == "makeslice" && n.Lparen == pos {
				return n
			}
		case *ast.CompositeLit:
			if comment == "slicelit" && n.Lbrace == pos {
				return n
			}
		}
	}
	return nil
}

// sliceType is the slice type made from the array a allocates.
func (c *checker) sliceType(a *ssa.Alloc) types.Type {
	if a.Referrers() != nil {
		for _, r := range *a.Referrers() {
			if s, ok := r.(*ssa.Slice); ok {
				return s.Type()
			}
		}
	}
	arr, _ := a.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
	if arr == nil {
		return a.Type()
	}
	return types.NewSlice(arr.Elem())
}

// posNode is a range of source as an ast.Node.
type posNode struct{ pos, end token.Pos }

func (p posNode) Pos() token.Pos { return p.pos }
func (p posNode) End() token.Pos { return p.end }

func intConst(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// hasReset reports whether *T has a method Reset() with no parameters and
// results, as bytes.Buffer and strings.Builder do.
func hasReset(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), false, nil, "Reset")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 0
}

// composite reports whether t is a struct or an array: a value that a
// reset (*p = T{}) can reuse and that is worth reusing. Pointers, strings,
// interfaces and maps moved to the heap (the target of errors.As, a
// string decoded into) are a word or two, and reset differently.
func composite(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Struct, *types.Array:
		return true
	}
	return false
}
