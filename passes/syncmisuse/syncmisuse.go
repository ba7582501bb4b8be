package syncmisuse

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/sinkflow"
	"github.com/heaplint/heaplint/internal/ssapos"
	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
var Info = checkinfo.Info{Name: "syncmisuse", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// MinSize is the size in bytes under which a non-pointer sync.Pool
	// value is not reported; 0 reports every value that is boxed.
	MinSize int64 `json:"min-size,omitempty"`
	// AllMapValues reports every plain map stored as a sync.Map value, not
	// only maps stored empty (to be filled per key later): a map filled
	// first and stored whole is usually an immutable snapshot.
	AllMapValues bool `json:"all-map-values,omitempty"`
}

// Validate rejects bad values, naming the setting.
func (c Config) Validate() error {
	if c.MinSize < 0 {
		return fmt.Errorf("min-size: %d is negative", c.MinSize)
	}
	return nil
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
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.Int64Var(&cfg.MinSize, "min-size", cfg.MinSize, "do not report sync.Pool values smaller than this many bytes")
	a.Flags.BoolVar(&cfg.AllMapValues, "all-map-values", cfg.AllMapValues, "report every map stored into a sync.Map, not only empty ones")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	if !sinkflow.DependsOn(pass.Pkg, "sync") {
		return nil, nil
	}
	funcs, others := cfg.Scope.Split(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	// The pool's Puts tell whether values are boxed: those of the
	// functions not reported in (tests, generated files) count too.
	var puts []*ssa.CallCommon
	reported := map[*ssa.CallCommon]bool{} // Puts in functions findings are reported in: boxing's
	recordPut := func(instr ssa.Instruction) {
		if call, ok := instr.(ssa.CallInstruction); ok && syncMethod(call.Common()) == "Pool.Put" {
			puts = append(puts, call.Common())
		}
	}
	findAndRecord := func(instr ssa.Instruction) (sinkflow.Sink, bool) {
		if call, ok := instr.(ssa.CallInstruction); ok && syncMethod(call.Common()) == "Pool.Put" {
			reported[call.Common()] = true
		}
		recordPut(instr)
		return find(instr)
	}
	// The other functions' Puts are read only when a Get needs them.
	readOthers := func() {
		for _, fn := range others {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					recordPut(instr)
				}
			}
		}
		others = nil // read once
	}
	for _, u := range sinkflow.Uses(funcs, findAndRecord) {
		fn := u.Instr.Parent()
		var f report.Finding
		var sinkNote string
		switch sink := u.Sink.(type) {
		case *ssa.TypeAssert:
			readOthers()
			recv := receiver(&sink.X.(*ssa.Call).Call)
			if u.Callee == nil && !putsBox(pass, puts, recv) {
				continue
			}
			if u.Callee == nil && boxingPutReported(pass, puts, reported, recv) {
				continue // boxing reports the Put, where the allocation is: one finding
			}
			f = poolFinding(pass, cfg, u)
			sinkNote = "asserted from sync.Pool.Get here"
		case ssa.CallInstruction:
			f = mapFinding(pass, cfg, u, sink)
			sinkNote = "stored into the sync.Map here"
		}
		if f.Claim == "" {
			continue
		}
		f.Pos, f.End = exprRange(fn, u.Instr)
		f.Block = u.Instr.Block()
		if u.Callee != nil {
			if p, _ := exprRange(u.Sink.Parent(), u.Sink); p.IsValid() {
				f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: sinkNote})
			}
		}
		report.Emit(pass, cfg.Scope, f)
	}
	return nil, nil
}

// find reports values stored into a sync.Map (the value argument of Store,
// LoadOrStore, Swap and CompareAndSwap's new value: the last argument in
// every call form) and types asserted on sync.Pool.Get's result.
func find(instr ssa.Instruction) (sinkflow.Sink, bool) {
	switch instr := instr.(type) {
	case ssa.CallInstruction:
		c := instr.Common()
		if c.IsInvoke() || len(c.Args) == 0 {
			return sinkflow.Sink{}, false
		}
		if m := syncMethod(c); m == "Map.Store" || m == "Map.LoadOrStore" || m == "Map.Swap" || m == "Map.CompareAndSwap" {
			return sinkflow.Sink{Iface: c.Args[len(c.Args)-1]}, true
		}
	case *ssa.TypeAssert:
		call, ok := instr.X.(*ssa.Call)
		if !ok || syncMethod(&call.Call) != "Pool.Get" {
			return sinkflow.Sink{}, false
		}
		return sinkflow.Sink{Type: instr.AssertedType, Value: instr}, true
	}
	return sinkflow.Sink{}, false
}

// syncMethod returns "Type.Method" when c statically calls a method of a
// type in package sync, else "".
func syncMethod(c *ssa.CallCommon) string {
	callee := c.StaticCallee()
	if callee == nil {
		return ""
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return ""
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok {
		return ""
	}
	return n.Obj().Name() + "." + obj.Name()
}

// receiver returns the receiver of a static method call, in a plain call,
// a method expression or a bound method value.
func receiver(c *ssa.CallCommon) ssa.Value {
	if mc, ok := c.Value.(*ssa.MakeClosure); ok {
		if len(mc.Bindings) > 0 {
			return mc.Bindings[0]
		}
		return nil
	}
	if len(c.Args) > 0 {
		return c.Args[0]
	}
	return nil
}

// putsBox reports whether the pool whose address is recv may get boxed
// values: some Put on it converts a value that needs a heap box, or no Put
// on it is in sight. Putting back the interface Get returned (a known trick
// to avoid boxing) boxes nothing.
func putsBox(pass *analysis.Pass, puts []*ssa.CallCommon, recv ssa.Value) bool {
	seen := false
	for _, put := range puts {
		if !samePool(receiver(put), recv) || len(put.Args) == 0 {
			continue
		}
		seen = true
		if boxes(pass, put.Args[len(put.Args)-1], 0) {
			return true
		}
	}
	return !seen
}

// boxingPutReported reports whether a Put of the pool recv into boxes its
// value in a function whose findings are reported: boxing reports that
// Put, the allocation itself.
func boxingPutReported(pass *analysis.Pass, puts []*ssa.CallCommon, reported map[*ssa.CallCommon]bool, recv ssa.Value) bool {
	for _, put := range puts {
		if reported[put] && samePool(receiver(put), recv) && len(put.Args) > 0 && boxes(pass, put.Args[len(put.Args)-1], 0) {
			return true
		}
	}
	return false
}

// samePool reports whether two receiver expressions name the same pool: one
// value, one global (any element of a global array of pools), or one field
// of one struct type.
func samePool(a, b ssa.Value) bool {
	if a == nil || b == nil {
		return false
	}
	if a == b {
		return true
	}
	ia, okA := a.(*ssa.IndexAddr)
	ib, okB := b.(*ssa.IndexAddr)
	if okA && okB {
		ga, _ := ia.X.(*ssa.Global)
		return ga != nil && ga == ib.X
	}
	fa, okA := a.(*ssa.FieldAddr)
	fb, okB := b.(*ssa.FieldAddr)
	return okA && okB && fa.Field == fb.Field && types.Identical(fa.X.Type(), fb.X.Type())
}

// boxes reports whether the interface value v was made here by converting a
// value that the runtime must copy into a new heap object.
func boxes(pass *analysis.Pass, v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.MakeInterface:
		if _, isConst := v.X.(*ssa.Const); isConst {
			return false // constants are boxed in read-only data
		}
		t := v.X.Type()
		if typeshape.HasTypeParam(t) {
			return true
		}
		n, ok := typeshape.Size(pass.TypesSizes, t)
		return !typeshape.PointerShaped(t) && ok && n > 1
	case *ssa.ChangeType:
		return typeshape.HasTypeParam(v.X.Type())
	case *ssa.Phi:
		if depth > 4 {
			return false
		}
		for _, e := range v.Edges {
			if e != v && boxes(pass, e, depth+1) {
				return true
			}
		}
	}
	return false
}

// poolFinding judges a type asserted on sync.Pool.Get's result: a value
// that is not pointer-shaped was boxed, on the heap, by every Put. The
// zero Finding means nothing to report.
func poolFinding(pass *analysis.Pass, cfg *Config, u sinkflow.Use) report.Finding {
	t := u.Type
	if types.IsInterface(t) || typeshape.PointerShaped(t) || typeshape.ZeroSize(pass.TypesSizes, t) {
		return report.Finding{}
	}
	size, ok := typeshape.Size(pass.TypesSizes, t)
	if !ok || size == 1 || size < cfg.MinSize {
		return report.Finding{} // the runtime boxes single bytes from static data
	}
	ts := types.TypeString(t, report.Qualifier(pass.Pkg))
	pool := "sync.Pool"
	if u.Callee != nil {
		pool += " (through " + u.Callee.RelString(pass.Pkg) + ")"
	}
	advice := fmt.Sprintf("pool *%s and put back the pointer Get returned", ts)
	if _, isSlice := t.Underlying().(*types.Slice); isSlice {
		// Put(&buf) of a local buf would move buf to the heap: the same
		// allocation again. The pointer from Get is reused instead.
		advice = fmt.Sprintf("pool *%s and put back the pointer Get returned, after storing the slice in it (p := pool.Get().(*%s); ... *p = buf[:0]; pool.Put(p)): Put(&buf) would allocate buf anew", ts, ts)
	}
	return report.Finding{
		Claim:  fmt.Sprintf("%s of %s values (%d bytes) costs a heap object per Put", pool, ts, size),
		Why:    "Put boxes the value, copying it into a new heap object",
		Advice: advice,
	}
}

// mapFinding judges a value stored into a sync.Map: a *sync.Map (or a type
// that is just one) or a map makes a nested map with one map per key. The
// zero Finding means nothing to report.
func mapFinding(pass *analysis.Pass, cfg *Config, u sinkflow.Use, sink ssa.CallInstruction) report.Finding {
	var what, empty string
	switch {
	case concurrentMap(u.Type, 0):
		what = "nested sync.Map"
	case isMap(u.Type):
		what = "sync.Map of maps"
		if storedEmpty(u) {
			empty = " made empty"
		} else if !cfg.AllMapValues {
			return report.Finding{}
		}
	default:
		return report.Finding{}
	}
	values := "values are "
	if u.Callee != nil {
		values = u.Callee.RelString(pass.Pkg) + " stores "
	}
	f := report.Finding{
		Claim:  fmt.Sprintf("%s (%s%s%s) allocates a map per outer key", what, values, types.TypeString(u.Type, report.Qualifier(pass.Pkg)), empty),
		Advice: "key one map by a struct of both keys (behind a mutex, or sharded)",
	}
	if u.Callee == nil && syncMethod(sink.Common()) == "Map.LoadOrStore" && freshOnLine(pass.Fset, u) {
		f.Why = "LoadOrStore's new value is made on every call, even when the key exists"
	}
	return f
}

// freshOnLine reports whether the stored value is made on the call's own
// line (&T{}, new(T), make(map...)), so that the call allocates it anew.
func freshOnLine(fset *token.FileSet, u sinkflow.Use) bool {
	var pos token.Pos
	switch v := u.Value.(type) {
	case *ssa.Alloc:
		pos = v.Pos()
	case *ssa.MakeMap:
		pos = v.Pos()
	default:
		return false
	}
	at := ssapos.Pos(u.Instr)
	return pos.IsValid() && at.IsValid() && fset.Position(pos).Line == fset.Position(at).Line
}

// storedEmpty reports whether the map stored is made in the reporting
// function and stored before anything is put into it: a map to be filled
// per inner key through the sync.Map, rather than a snapshot filled first.
// An update is before the store when a path leads from it to the store
// without making the map anew.
func storedEmpty(u sinkflow.Use) bool {
	v := u.Value
	if ct, ok := v.(*ssa.ChangeType); ok {
		v = ct.X
	}
	mm, ok := v.(*ssa.MakeMap)
	if !ok || mm.Parent() != u.Instr.Parent() {
		return false
	}
	for _, r := range *mm.Referrers() {
		if up, ok := r.(*ssa.MapUpdate); ok && up.Map == mm && before(up, u.Instr, mm.Block()) {
			return false
		}
	}
	return true
}

// before reports whether b can run after a on the same value: in one
// block, a comes first; otherwise a path leads from a's block to b's
// without passing through remake, the block that makes the value anew (it
// precedes every use of the value in that block).
func before(a, b ssa.Instruction, remake *ssa.BasicBlock) bool {
	ab, bb := a.Block(), b.Block()
	if ab == bb && slices.Index(ab.Instrs, a) < slices.Index(ab.Instrs, b) {
		return true
	}
	seen := make([]bool, len(ab.Parent().Blocks))
	stack := slices.Clone(ab.Succs)
	for len(stack) > 0 {
		blk := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[blk.Index] || blk == remake {
			continue
		}
		if blk == bb {
			return true
		}
		seen[blk.Index] = true
		stack = append(stack, blk.Succs...)
	}
	return false
}

// concurrentMap reports whether t is a sync.Map, a pointer to one, or a
// struct whose only field is one (a named wrapper around a sync.Map).
func concurrentMap(t types.Type, depth int) bool {
	if depth > 4 {
		return false
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Map" {
		return true
	}
	s, ok := t.Underlying().(*types.Struct)
	return ok && s.NumFields() == 1 && concurrentMap(s.Field(0).Type(), depth+1)
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

// exprRange returns the extent of the reported expression: the call for a
// store or a wrapper call, the whole x.Get().(T) for an assertion.
func exprRange(fn *ssa.Function, instr ssa.Instruction) (token.Pos, token.Pos) {
	pos := ssapos.Pos(instr)
	if ta, ok := instr.(*ssa.TypeAssert); ok {
		// A TypeAssert's position is its Lparen; the TypeAssertExpr spans
		// x.Get().(T).
		for _, n := range ssapos.Path(fn, ta.Pos()) {
			if e, ok := n.(*ast.TypeAssertExpr); ok && e.Lparen == ta.Pos() {
				return e.Pos(), e.End()
			}
		}
		return pos, token.NoPos
	}
	if call := ssapos.CallExpr(fn, pos); call != nil {
		return call.Pos(), call.End()
	}
	return pos, token.NoPos
}
