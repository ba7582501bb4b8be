package boxing

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

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
var Info = checkinfo.Info{Name: "boxing", Since: "v0.1.0", Default: true, Fix: checkinfo.FixManual}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// SkipSmallInts drops the findings about 2-, 4- and 8-byte integers,
	// which the runtime boxes without allocating when their value is below
	// 256 (reported as "may allocate" otherwise).
	SkipSmallInts bool `json:"skip-small-ints,omitempty"`
	// MinSize is the size in bytes under which a boxed value is not
	// reported; 0 reports every size that allocates.
	MinSize int64 `json:"min-size,omitempty"`
	// ErrorPaths is the old name of cold (report.Scope), kept as an
	// alias: boxing's own failure-path rule was replaced by the suite's
	// hotness, which applies to every check.
	ErrorPaths bool `json:"error-paths,omitempty"`
	// UnknownCallees also reports values that escape only if another
	// module's function keeps them, which heaplint cannot tell ("may
	// allocate"), as capture's and addrescape's setting of the same name.
	UnknownCallees bool `json:"unknown-callees,omitempty"`
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
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, escape.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.BoolVar(&cfg.SkipSmallInts, "skip-small-ints", cfg.SkipSmallInts, "do not report 2-, 4- and 8-byte integers, which allocate only for values of 256 and more")
	a.Flags.Int64Var(&cfg.MinSize, "min-size", cfg.MinSize, "do not report values smaller than this many bytes")
	a.Flags.BoolVar(&cfg.ErrorPaths, "error-paths", cfg.ErrorPaths, "old name of -cold, kept as an alias")
	a.Flags.BoolVar(&cfg.UnknownCallees, "unknown-callees", cfg.UnknownCallees, "also report values that escape only if another module's function keeps them (may allocate)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		run := cfg // read after flag parsing
		run.Scope.Cold = run.Scope.Cold || run.ErrorPaths
		return check(pass, &run)
	}
	return a
}

type checker struct {
	pass     *analysis.Pass
	cfg      *Config
	lps      *loops.Result
	esc      *escape.Result
	qual     types.Qualifier
	fn       *ssa.Function
	boxed    map[*ssa.Function][]boxedParam // generic functions: the type parameters they box
	done     map[*ssa.Function]bool         // boxed is final (or being computed) for the function
	reported map[token.Pos]bool             // conversions reported, by position
	queue    []boxed                        // conversions of c.fn to report, see flush
	enums    map[*types.Named]bool
	// instantiated holds the generic functions of the package called
	// with concrete type arguments somewhere in it.
	instantiated map[*ssa.Function]bool
	// boxes holds the calls of c.fn some argument of which is boxed
	// (reported or not); fmtCallsIn, its calls of fmt functions fmtfix may
	// rewrite, in order.
	boxes      map[ssa.CallInstruction]bool
	fmtCallsIn []ssa.CallInstruction
	pkgUses    map[*types.PkgName]int // uses of each import in its file
	sources    map[*ast.File][]byte
}

// boxedParam is a type parameter that a generic function's body converts
// to an interface that escapes.
type boxedParam struct {
	tparam *types.TypeParam
	iface  types.Type
	site   escape.Site
	conv   ssa.Value // the ChangeType in the generic body (or in a generic callee)
	inside string    // the generic function whose body boxes it, when not this one
}

func check(pass *analysis.Pass, cfg *Config) (any, error) {
	c := &checker{
		pass:         pass,
		cfg:          cfg,
		lps:          pass.ResultOf[loops.Analyzer].(*loops.Result),
		esc:          pass.ResultOf[escape.Analyzer].(*escape.Result),
		qual:         report.Qualifier(pass.Pkg),
		boxed:        map[*ssa.Function][]boxedParam{},
		done:         map[*ssa.Function]bool{},
		instantiated: map[*ssa.Function]bool{},
		reported:     map[token.Pos]bool{},
		boxes:        map[ssa.CallInstruction]bool{},
		enums:        map[*types.Named]bool{},
	}
	funcs, others := cfg.Scope.Split(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	// What is left out (test files, generated files) is not reported in,
	// but its instantiations still mean a generic body's boxing is judged
	// at them, not in the body.
	c.noteInstantiations(others)
	c.noteInstances(pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).Pkg.Prog)
	for _, fn := range funcs {
		c.fn = fn
		dead := deadBlocks(fn)
		for _, b := range fn.Blocks {
			if dead != nil && dead[b.Index] {
				continue // under a constant false condition: compiled away
			}
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.MakeInterface:
					c.conversion(b, in, in.X)
				case ssa.CallInstruction:
					c.genericCall(b, in)
					if fmtCalls[calleeKey(in)] {
						c.fmtCallsIn = append(c.fmtCallsIn, in)
					}
				}
			}
		}
		c.flush()
	}
	// Generic bodies whose package never instantiates them (library
	// code): the conversion allocates for every non-pointer type argument.
	for _, fn := range funcs {
		if !isGeneric(fn) || c.instantiated[fn] {
			continue
		}
		c.fn = fn
		for _, bp := range c.boxedParams(fn) {
			if bp.inside == "" {
				c.genericBody(bp)
			}
		}
	}
	return nil, nil
}

// deadBlocks returns, by block index, the blocks of fn that only a
// constant condition leads to (if debug { ... } with const debug = false),
// which the compiler removes; nil when there are none.
func deadBlocks(fn *ssa.Function) []bool {
	constant := false
	for _, b := range fn.Blocks {
		if len(b.Instrs) > 0 {
			if i, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				if _, ok := i.Cond.(*ssa.Const); ok {
					constant = true
				}
			}
		}
	}
	if !constant || len(fn.Blocks) == 0 {
		return nil
	}
	live := make([]bool, len(fn.Blocks))
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	if fn.Recover != nil {
		stack = append(stack, fn.Recover)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if live[b.Index] {
			continue
		}
		live[b.Index] = true
		succs := b.Succs
		if len(b.Instrs) > 0 {
			if i, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				if k, ok := i.Cond.(*ssa.Const); ok && k.Value != nil {
					if constantBool(k) {
						succs = succs[:1]
					} else {
						succs = succs[1:]
					}
				}
			}
		}
		stack = append(stack, succs...)
	}
	for i := range live {
		live[i] = !live[i]
	}
	return live
}

func constantBool(k *ssa.Const) bool {
	return k.Value.Kind() == constant.Bool && constant.BoolVal(k.Value)
}

// verdict is whether boxing a value of some type allocates.
type verdict int

const (
	free        verdict = iota
	allocates           // always, or for every value but the zero value
	mayAllocate         // 2-, 4-, 8-byte integers: only values >= 256
)

// classify decides whether converting a value of type t to an interface
// allocates, as the compiler's walk (dataWord) and the runtime (convT16,
// convT32, convT64) decide: pointer-shaped, zero-size and single-byte
// values never do, integers of 2, 4 and 8 bytes only from 256 up.
func classify(sizes types.Sizes, t types.Type) (verdict, int64) {
	if typeshape.PointerShaped(t) || types.IsInterface(t) {
		return free, 0
	}
	size, ok := typeshape.Size(sizes, t)
	if !ok {
		return mayAllocate, -1 // a type parameter's shape
	}
	if size == 0 {
		return free, 0
	}
	sole := soleComponent(t)
	if b, ok := sole.Underlying().(*types.Basic); ok {
		info := b.Info()
		if info&types.IsBoolean != 0 || (size == 1 && info&types.IsInteger != 0) {
			return free, size
		}
		if info&types.IsInteger != 0 && (size == 2 || size == 4 || size == 8) && sizes.Alignof(t) == size {
			return mayAllocate, size
		}
	}
	return allocates, size
}

// judge is classify, plus the rule for enumerations: a named integer type
// whose constants (two at least) are all below 256 is boxed from the
// runtime's static table in practice (token.Token, reflect.Kind,
// syscall.Errno), so it is not reported.
func (c *checker) judge(t types.Type) (verdict, int64) {
	v, size := classify(c.pass.TypesSizes, t)
	if v == mayAllocate && size > 0 && c.smallEnum(t) {
		return free, size
	}
	return v, size
}

func (c *checker) smallEnum(t types.Type) bool {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	if e, ok := c.enums[named]; ok {
		return e
	}
	scope := named.Obj().Pkg().Scope()
	n, small := 0, true
	for _, name := range scope.Names() {
		k, ok := scope.Lookup(name).(*types.Const)
		if !ok || !types.Identical(k.Type(), named) {
			continue
		}
		n++
		if u, exact := constant.Uint64Val(constant.ToInt(k.Val())); !exact || u >= 256 {
			small = false
			break
		}
	}
	e := small && n >= 2
	c.enums[named] = e
	return e
}

// soleComponent is the compiler's SoleComponent: the only element of a
// struct with one field or an array of one element, recursively.
func soleComponent(t types.Type) types.Type {
	for {
		switch u := t.Underlying().(type) {
		case *types.Struct:
			if u.NumFields() != 1 {
				return t
			}
			t = u.Field(0).Type()
		case *types.Array:
			if u.Len() != 1 {
				return t
			}
			t = u.Elem()
		default:
			return t
		}
	}
}

// static reports whether the compiler serves v's interface value from
// read-only data: constants, conversions of constants to a named type or
// between integer types of one size (not int32(x) or float64(x) of a
// constant x: boxed at run time, as go build -gcflags=-m shows), composite
// literals of such values, nested
// ones included (order turns them into static data before the
// conversion), and variables that hold one such value all their life (the
// compiler's ir.StaticValue: a local assigned once, also when a closure
// reads it).
func static(sizes types.Sizes, v ssa.Value) bool {
	return staticDepth(sizes, v, 0)
}

// maxStatic bounds how deep static looks through conversions, literals
// and variables.
const maxStatic = 8

func staticDepth(sizes types.Sizes, v ssa.Value, depth int) bool {
	if depth > maxStatic {
		return false
	}
	switch v := v.(type) {
	case *ssa.Const:
		return true
	case *ssa.ChangeType:
		return staticDepth(sizes, v.X, depth+1)
	case *ssa.Convert:
		// Only a no-op conversion (OCONVNOP: integers of one size,
		// int to int64 on 64-bit) keeps the constant static.
		return integer(v.X.Type()) && integer(v.Type()) &&
			sizes.Sizeof(v.X.Type().Underlying()) == sizes.Sizeof(v.Type().Underlying()) && staticDepth(sizes, v.X, depth+1)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return false
		}
		if alloc, ok := v.X.(*ssa.Alloc); ok && alloc.Comment == "complit" {
			return constantLiteral(sizes, alloc, v, depth)
		}
		return staticVar(sizes, v.X, depth+1)
	}
	return false
}

func integer(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// constantLiteral reports whether every store into the composite literal
// alloc stores a static value, and nothing else uses it but load.
func constantLiteral(sizes types.Sizes, alloc *ssa.Alloc, load ssa.Instruction, depth int) bool {
	var ok func(addr ssa.Value) bool
	ok = func(addr ssa.Value) bool {
		for _, r := range *addr.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != addr || !staticDepth(sizes, r.Val, depth+1) {
					return false
				}
			case *ssa.FieldAddr:
				if !ok(r) {
					return false
				}
			case *ssa.IndexAddr:
				if _, isConst := r.Index.(*ssa.Const); !isConst || !ok(r) {
					return false
				}
			case *ssa.DebugRef:
			default:
				if r != load {
					return false
				}
			}
		}
		return true
	}
	return ok(alloc)
}

// staticVar reports whether addr is the address of a variable that holds
// one static value all its life: a local (an Alloc that SSA did not lift,
// as for a variable a closure captures), or a closure's free variable bound
// to one, stored once with a static value before anything else uses it,
// and otherwise only read, here and in the closures that capture it.
func staticVar(sizes types.Sizes, addr ssa.Value, depth int) bool {
	if depth > maxStatic {
		return false
	}
	switch a := addr.(type) {
	case *ssa.FreeVar:
		b := binding(a)
		return b != nil && staticVar(sizes, b, depth+1)
	case *ssa.Alloc:
		if a.Comment == "complit" || a.Block() == nil {
			return false
		}
		var store *ssa.Store
		for _, r := range *a.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if store != nil || r.Addr != a {
					return false
				}
				store = r
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.MakeClosure:
				if !onlyRead(r, a, depth) {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
		return store != nil && storedFirst(a, store) && staticDepth(sizes, store.Val, depth+1)
	}
	return false
}

// binding returns the value the closure of fv's function binds fv to: an
// operand of the MakeClosure in the enclosing function.
func binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	i := slices.Index(fn.FreeVars, fv)
	parent := fn.Parent()
	if i < 0 || parent == nil {
		return nil
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	}
	return nil
}

// onlyRead reports whether the closure mc only reads the variable addr it
// captures (and so do the closures it passes it on to).
func onlyRead(mc *ssa.MakeClosure, addr ssa.Value, depth int) bool {
	if depth > maxStatic {
		return false
	}
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if b != addr {
			continue
		}
		for _, r := range *fn.FreeVars[i].Referrers() {
			switch r := r.(type) {
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.MakeClosure:
				if !onlyRead(r, fn.FreeVars[i], depth+1) {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
	}
	return true
}

// storedFirst reports whether store is the first use of alloc: in its
// block, with no other use of alloc between them.
func storedFirst(alloc *ssa.Alloc, store *ssa.Store) bool {
	if store.Block() != alloc.Block() {
		return false
	}
	seen := false
	for _, instr := range alloc.Block().Instrs {
		switch {
		case instr == alloc:
			seen = true
		case instr == store:
			return seen
		case seen:
			for _, op := range instr.Operands(nil) {
				if *op == alloc {
					return false
				}
			}
		}
	}
	return false
}

// conversion judges one conversion of x to an interface.
func (c *checker) conversion(b *ssa.BasicBlock, conv ssa.Value, x ssa.Value) {
	t := x.Type()
	if typeshape.HasTypeParam(t) {
		return // generic bodies: judged at their instantiations
	}
	v, size := c.judge(t)
	if v == free || static(c.pass.TypesSizes, x) {
		return
	}
	site, escapes := c.esc.Of(conv)
	if !escapes {
		if size <= 1024 || v != allocates {
			return // the compiler boxes it in a stack temporary
		}
		site = escape.Site{} // too large for a stack temporary
	}
	if site.Kind == escape.Panic {
		return // a panic's argument: the cold path by definition
	}
	call := c.argOf(conv, site)
	if call != nil {
		c.boxes[call] = true
		if accumulates(call, x) {
			return // s = fmt.Sprintf("%s...", s, ...): strconcat's, the string building
		}
	}
	if !c.wanted(v, size) {
		return
	}
	pos, end := c.convRange(conv)
	c.add(boxed{pos: pos, end: end, block: b, v: v, t: t, size: size, iface: conv.Type(), site: site, escapes: escapes, conv: conv, call: call})
}

// accumulates reports whether x, an argument of call, is the value call's
// result replaces: s = fmt.Sprintf("%s,%d", s, n) in a loop, where x is the
// loop's phi of s (or a load of the variable or field that the result is
// stored back into).
func accumulates(call ssa.CallInstruction, x ssa.Value) bool {
	result, ok := call.(*ssa.Call)
	if !ok {
		return false
	}
	switch x := x.(type) {
	case *ssa.Phi:
		return phiReaches(x, result, 3)
	case *ssa.UnOp:
		if x.Op != token.MUL || result.Referrers() == nil {
			return false
		}
		for _, r := range *result.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Val == result && sameAddr(st.Addr, x.X) {
				return true
			}
		}
	}
	return false
}

// phiReaches reports whether v is among phi's edges, through at most depth
// nested phis.
func phiReaches(phi *ssa.Phi, v ssa.Value, depth int) bool {
	for _, e := range phi.Edges {
		if e == v {
			return true
		}
		if p, ok := e.(*ssa.Phi); ok && p != phi && depth > 0 && phiReaches(p, v, depth-1) {
			return true
		}
	}
	return false
}

// sameAddr reports whether a and b are the same variable or the same field
// of the same value.
func sameAddr(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*ssa.FieldAddr)
	return ok1 && ok2 && fa.Field == fb.Field && fa.X == fb.X
}

func (c *checker) wanted(v verdict, size int64) bool {
	if v == mayAllocate && c.cfg.SkipSmallInts {
		return false
	}
	return size < 0 || size >= c.cfg.MinSize
}

// noteInstances marks in c.instantiated the generic functions and methods
// of the package that its code instantiates other than by a static call: a
// generic function used as a func value, a generic type whose methods are
// called through an interface or as method values. Their bodies are not
// library code to be judged alone: what allocates depends on the type
// arguments, pointer-shaped ones box nothing, and the static calls of
// the others are judged where they are made.
func (c *checker) noteInstances(prog *ssa.Program) {
	mark := func(obj *types.Func) {
		if fn := prog.FuncValue(obj.Origin()); fn != nil {
			c.instantiated[fn] = true
		}
	}
	for id := range c.pass.TypesInfo.Instances {
		switch obj := c.pass.TypesInfo.Uses[id].(type) {
		case *types.Func:
			if obj.Pkg() == c.pass.Pkg {
				mark(obj)
			}
		case *types.TypeName:
			named, ok := types.Unalias(obj.Type()).(*types.Named)
			if !ok || obj.Pkg() != c.pass.Pkg {
				continue
			}
			named = named.Origin()
			for i := range named.NumMethods() {
				mark(named.Method(i))
			}
		}
	}
}

// noteInstantiations marks in c.instantiated the generic functions of the
// package that funcs instantiate (outside dead blocks), as genericCall does
// for the functions it judges.
func (c *checker) noteInstantiations(funcs []*ssa.Function) {
	for _, fn := range funcs {
		dead := deadBlocks(fn)
		for _, b := range fn.Blocks {
			if dead != nil && dead[b.Index] {
				continue
			}
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					if _, origin := c.localInstance(call); origin != nil {
						c.instantiated[origin] = true
					}
				}
			}
		}
	}
}

// localInstance returns the callee of call and its generic origin when it
// is an instance of one of the package's generic functions; nils otherwise.
func (c *checker) localInstance(call ssa.CallInstruction) (callee, origin *ssa.Function) {
	callee = call.Common().StaticCallee()
	if callee == nil || callee.Origin() == nil {
		return nil, nil
	}
	origin = callee.Origin()
	if origin.Pkg == nil || origin.Pkg.Pkg != c.pass.Pkg {
		return nil, nil
	}
	return callee, origin
}

// genericCall judges a call of an instance of one of the package's
// generic functions, whose body boxes some of its type parameters.
func (c *checker) genericCall(b *ssa.BasicBlock, call ssa.CallInstruction) {
	callee, origin := c.localInstance(call)
	if callee == nil {
		return
	}
	args := callee.TypeArgs()
	concrete := true
	for _, a := range args {
		if typeshape.HasTypeParam(a) {
			concrete = false
		}
	}
	c.instantiated[origin] = true
	if !concrete || isGeneric(c.fn) {
		return // judged at the caller's own instantiations
	}
	tparams := typeParams(origin)
	for _, bp := range c.boxedParams(origin) {
		i := indexOf(tparams, bp.tparam)
		if i < 0 || i >= len(args) {
			continue
		}
		t := args[i]
		v, size := c.judge(t)
		if v == free || !c.wanted(v, size) {
			continue
		}
		inside := bp.inside
		if inside == "" {
			inside = funcName(callee, c.qual)
		}
		pos, end := call.Pos(), token.NoPos
		if ce := ssapos.CallExpr(c.fn, call.Pos()); ce != nil {
			pos, end = ce.Pos(), ce.End()
		}
		c.add(boxed{pos: pos, end: end, block: b, v: v, t: t, size: size, iface: bp.iface, site: bp.site, escapes: true, inside: inside})
	}
}

// genericBody reports a boxing conversion in a generic function that its
// package never instantiates: it allocates for every type argument that is
// not pointer-shaped.
func (c *checker) genericBody(bp boxedParam) {
	pos, end := c.convRange(bp.conv)
	var block *ssa.BasicBlock
	if instr, ok := bp.conv.(ssa.Instruction); ok {
		block = instr.Block()
	}
	c.report(pos, end, block, bp.site, report.Finding{
		Claim:  fmt.Sprintf("converting %s to %s may allocate (for every type argument that is not pointer-shaped)", bp.tparam.Obj().Name(), types.TypeString(bp.iface, c.qual)),
		Why:    escapesThrough(bp.site),
		Advice: "keep the value typed: call a generic function instead of one taking an interface",
		// The type arguments are other packages' to choose: shown when
		// hot, like a finding with no remedy.
		NoRemedy: true,
	})
}

// boxedParams returns the type parameters of the generic function fn that
// its body converts to an escaping interface, directly or through the
// package's generic functions it calls with them.
func (c *checker) boxedParams(fn *ssa.Function) []boxedParam {
	if c.done[fn] {
		return c.boxed[fn]
	}
	c.done[fn] = true // a recursive cycle sees what is known so far
	tparams := typeParams(fn)
	var out []boxedParam
	add := func(bp boxedParam) {
		for _, o := range out {
			if o.tparam == bp.tparam {
				return
			}
		}
		out = append(out, bp)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.ChangeType:
				tp, ok := types.Unalias(in.X.Type()).(*types.TypeParam)
				if !ok || !types.IsInterface(in.Type()) || indexOf(tparams, tp) < 0 {
					continue
				}
				if site, esc := c.esc.Of(in); esc && site.Kind != escape.Panic {
					add(boxedParam{tparam: tp, iface: in.Type(), site: site, conv: in})
				}
			case ssa.CallInstruction:
				callee := in.Common().StaticCallee()
				if callee == nil || callee.Origin() == nil || callee.Origin().Pkg == nil || callee.Origin().Pkg.Pkg != c.pass.Pkg {
					continue
				}
				args := callee.TypeArgs()
				ctps := typeParams(callee.Origin())
				for _, bp := range c.boxedParams(callee.Origin()) {
					i := indexOf(ctps, bp.tparam)
					if i < 0 || i >= len(args) {
						continue
					}
					tp, ok := types.Unalias(args[i]).(*types.TypeParam)
					if !ok || indexOf(tparams, tp) < 0 {
						continue
					}
					inside := bp.inside
					if inside == "" {
						inside = funcName(callee.Origin(), c.qual)
					}
					add(boxedParam{tparam: tp, iface: bp.iface, site: bp.site, conv: bp.conv, inside: inside})
				}
			}
		}
	}
	c.boxed[fn] = out
	return out
}

func isGeneric(fn *ssa.Function) bool {
	return fn.Origin() == nil && typeParams(fn).Len() > 0
}

// typeParams returns fn's type parameters: its own, or its receiver's for
// a method of a generic type.
func typeParams(fn *ssa.Function) *types.TypeParamList {
	if tps := fn.Signature.TypeParams(); tps.Len() > 0 {
		return tps
	}
	if tps := fn.Signature.RecvTypeParams(); tps.Len() > 0 {
		return tps
	}
	return fn.TypeParams()
}

func indexOf(list *types.TypeParamList, tp *types.TypeParam) int {
	for i := range list.Len() {
		if list.At(i) == tp {
			return i
		}
	}
	return -1
}

// boxed is one conversion that allocates, before it is reported: alone,
// or with the other arguments of the same call.
type boxed struct {
	pos, end token.Pos
	block    *ssa.BasicBlock
	v        verdict
	t        types.Type
	size     int64
	iface    types.Type
	site     escape.Site
	escapes  bool
	inside   string              // the generic function whose body boxes it, for an instantiation
	conv     ssa.Value           // the conversion (for an instantiation, nil)
	call     ssa.CallInstruction // the call it is an argument of, when it escapes through it
	expr     ast.Expr            // the converted value's syntax, if known
}

// add queues a conversion of the function being walked; flush reports
// the queue, one finding per call.
func (c *checker) add(bx boxed) {
	if c.esc.Assumed(bx.site) != nil && !c.cfg.UnknownCallees {
		return // it escapes only if another module's function keeps it
	}
	if c.reported[bx.pos] {
		return // one expression, boxed on several paths (copies of a switch's cases)
	}
	c.reported[bx.pos] = true
	bx.expr = c.valueExpr(bx)
	c.queue = append(c.queue, bx)
}

// valueExpr returns the syntax of the value bx converts: the argument of
// its call, or the expression at its range (the operand of an explicit
// conversion any(x)), when that expression has the converted type (and is
// not the interface the value is stored into).
func (c *checker) valueExpr(bx boxed) ast.Expr {
	if bx.conv == nil {
		return nil
	}
	e := ast.Expr(nil)
	if call, ok := argCall(bx.conv); ok {
		e = ssapos.ArgExpr(c.pass.TypesInfo, c.fn, call.Common(), call.Pos(), bx.conv)
	}
	for _, n := range ssapos.Path(c.fn, bx.pos) {
		if e != nil {
			break
		}
		if x, ok := n.(ast.Expr); ok && x.Pos() == bx.pos && x.End() == bx.end {
			e = x
		}
	}
	if ce, ok := e.(*ast.CallExpr); ok && len(ce.Args) == 1 && types.IsInterface(c.pass.TypesInfo.TypeOf(ce.Fun)) {
		e = ce.Args[0] // an explicit conversion any(x): name x
	}
	if e == nil || !types.Identical(c.pass.TypesInfo.TypeOf(e), bx.t) {
		return nil
	}
	return e
}

// argOf returns the call that conv is an argument of when conv escapes
// through that call, so that the arguments of one call make one finding.
func (c *checker) argOf(conv ssa.Value, site escape.Site) ssa.CallInstruction {
	call, ok := argCall(conv)
	if !ok || site.Instr != call {
		return nil
	}
	return call
}

// flush reports the queued conversions: the arguments of one call as one
// finding, each other conversion alone.
func (c *checker) flush() {
	queue := c.queue
	c.queue = c.queue[:0]
	for i, bx := range queue {
		if bx.pos == token.NoPos {
			continue // merged into an earlier argument's finding
		}
		group := []boxed{bx}
		for j := i + 1; bx.call != nil && j < len(queue); j++ {
			if queue[j].call == bx.call {
				group = append(group, queue[j])
				queue[j].pos = token.NoPos
			}
		}
		c.reportGroup(group)
	}
	for _, call := range c.fmtCallsIn {
		if !c.boxes[call] {
			c.fmtOnly(call.Block(), call)
		}
	}
	c.fmtCallsIn = c.fmtCallsIn[:0]
	clear(c.boxes)
}

// reportGroup reports one conversion, or the conversions of one call's
// arguments as one finding at the call.
func (c *checker) reportGroup(group []boxed) {
	first := group[0]
	f := report.Finding{
		Claim:  c.claim(group),
		Advice: c.advice(group),
	}
	if fix, advice, ok := c.fmtRewrite(first.call); ok && first.inside == "" {
		f.Fix, f.Advice = fix, advice
	}
	// Without a rewrite that keeps behaviour, the finding only says what
	// allocates: shown when hot (see report.Finding.NoRemedy).
	f.NoRemedy = f.Fix == nil && (f.Advice == "" || strings.Contains(f.Advice, "no rewrite") || strings.Contains(f.Advice, "no mechanical rewrite"))
	if first.escapes {
		f.Why = escapesThrough(first.site)
	} else {
		f.Why = "it is too large for a stack temporary"
	}
	pos, end := first.pos, first.end
	if len(group) > 1 {
		if ce := ssapos.CallExpr(c.fn, first.call.Pos()); ce != nil {
			pos, end = ce.Pos(), ce.Lparen
		}
		for _, bx := range group {
			f.Related = append(f.Related, analysis.RelatedInformation{Pos: bx.pos, End: bx.end, Message: "converts " + c.valueName(bx)})
		}
	}
	c.report(pos, end, first.block, first.site, f)
}

// claim says what is converted and how many times it allocates:
// "converting p (Point, 24 bytes) to any allocates", "converting name
// (string, 16 bytes) and n (int, 8 bytes) to any allocates 1 to 2 times".
func (c *checker) claim(group []boxed) string {
	var b strings.Builder
	b.WriteString("converting ")
	sure, maybe := 0, 0
	for i, bx := range group {
		switch {
		case i > 0 && i == len(group)-1:
			b.WriteString(" and ")
		case i > 0:
			b.WriteString(", ")
		}
		b.WriteString(c.valueName(bx))
		if bx.v == mayAllocate {
			maybe++
		} else {
			sure++
		}
	}
	b.WriteString(" to ")
	b.WriteString(types.TypeString(group[0].iface, c.qual))
	if group[0].inside != "" {
		b.WriteString(" in ")
		b.WriteString(group[0].inside)
	}
	if unknown := c.esc.Assumed(group[0].site); unknown != nil {
		// The escape rests on what another module's function does
		// with it, which heaplint cannot see.
		name := funcName(unknown, c.qual)
		if unknown.Pkg != nil && unknown.Pkg.Pkg != c.pass.Pkg {
			name = unknown.Pkg.Pkg.Name() + "." + name
		}
		if len(group) == 1 {
			fmt.Fprintf(&b, " may allocate (if %s keeps it, which heaplint cannot tell)", name)
		} else {
			fmt.Fprintf(&b, " may allocate up to %d times (if %s keeps them, which heaplint cannot tell)", len(group), name)
		}
		return b.String()
	}
	switch {
	case maybe == 0 && sure == 1:
		b.WriteString(" allocates")
	case maybe == 0:
		fmt.Fprintf(&b, " allocates %d times", sure)
	case sure == 0 && maybe == 1:
		b.WriteString(" may allocate (for values of 256 and more)")
	case sure == 0:
		fmt.Fprintf(&b, " may allocate up to %d times (for values of 256 and more)", maybe)
	default:
		fmt.Fprintf(&b, " allocates %d to %d times (integers only for values of 256 and more)", sure, sure+maybe)
	}
	return b.String()
}

// valueName names a converted value: its argument expression when short,
// then its type and size, "p (Point, 24 bytes)", or "Point (24 bytes)".
func (c *checker) valueName(bx boxed) string {
	ts := types.TypeString(bx.t, c.qual)
	detail := ts
	if bx.size > 0 {
		detail = fmt.Sprintf("%s, %d bytes", ts, bx.size)
	}
	if bx.expr != nil {
		if name := types.ExprString(bx.expr); len(name) <= 30 && name != ts {
			return name + " (" + detail + ")"
		}
	}
	if bx.size > 0 {
		return fmt.Sprintf("%s (%d bytes)", ts, bx.size)
	}
	return ts
}

func escapesThrough(site escape.Site) string {
	if site.Via != nil {
		return "it is " + site.String()
	}
	return "it escapes through " + site.Desc
}

func isNamed(t types.Type, path, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == name && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path
}

// basicKind names the formatting family of t's underlying basic type.
func basicKind(t types.Type) string {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return ""
	}
	info := b.Info()
	switch {
	case info&types.IsUnsigned != 0:
		return "uint"
	case info&types.IsInteger != 0:
		return "int"
	case info&types.IsFloat != 0:
		return "float"
	case info&types.IsString != 0:
		return "string"
	}
	return ""
}

func calleeFunc(instr ssa.Instruction) *ssa.Function {
	if call, ok := instr.(ssa.CallInstruction); ok {
		if fn := call.Common().StaticCallee(); fn != nil {
			if o := fn.Origin(); o != nil {
				return o
			}
			return fn
		}
	}
	return nil
}

// calleeKey names a static callee as types.Func.FullName does, without
// type arguments: "fmt.Println", "(*sync.Pool).Put".
func calleeKey(instr ssa.Instruction) string {
	fn := calleeFunc(instr)
	if fn == nil {
		return ""
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil || obj.Pkg() == nil {
		return ""
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return obj.Pkg().Path() + "." + obj.Name()
	}
	t, star := recv.Type(), ""
	if p, ok := t.(*types.Pointer); ok {
		t, star = p.Elem(), "*"
	}
	if named, ok := types.Unalias(t).(*types.Named); ok && named.Obj().Pkg() != nil {
		return "(" + star + named.Obj().Pkg().Path() + "." + named.Obj().Name() + ")." + obj.Name()
	}
	return ""
}

// funcName names a function for a message: F, F[int], (*T).M or
// (*Pool[[]byte]).Put.
func funcName(fn *ssa.Function, qual types.Qualifier) string {
	name := fn.Name()
	if o := fn.Origin(); o != nil {
		name = o.Name()
		if fn.Signature.Recv() == nil {
			var args []string
			for _, a := range fn.TypeArgs() {
				args = append(args, types.TypeString(a, qual))
			}
			name += "[" + strings.Join(args, ", ") + "]"
		}
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return "(" + types.TypeString(recv.Type(), qual) + ")." + name
	}
	return name
}

// convRange returns the source range of a conversion: its own expression,
// the argument it was made for, or its use.
func (c *checker) convRange(conv ssa.Value) (token.Pos, token.Pos) {
	if p := conv.Pos(); p.IsValid() {
		return p, c.endAt(p)
	}
	if call, ok := argCall(conv); ok {
		if e := ssapos.ArgExpr(c.pass.TypesInfo, c.fn, call.Common(), call.Pos(), conv); e != nil {
			return e.Pos(), e.End()
		}
	}
	instr, ok := conv.(ssa.Instruction)
	if !ok {
		return token.NoPos, token.NoPos
	}
	// An implicit conversion of a value computed just before it (val =
	// Offset(x), val = f()): the value's own expression.
	x := operand(conv)
	if load, ok := x.(*ssa.UnOp); ok && load.Op == token.MUL {
		if alloc, ok := load.X.(*ssa.Alloc); ok && alloc.Comment == "complit" {
			x = alloc // a composite literal: the literal itself
		}
	}
	if x, ok := x.(ssa.Instruction); ok && x.Block() == instr.Block() && x.Pos().IsValid() {
		if n := c.exprAt(x.Pos()); n != nil {
			return n.Pos(), n.End()
		}
	}
	if onlyPhis(conv) {
		// var v any; ... v = x in one branch: the phi's position is the
		// variable's declaration, not the assignment that converts.
		return token.NoPos, token.NoPos
	}
	if p := ssapos.Pos(instr); p.IsValid() {
		return p, c.endAt(p)
	}
	return token.NoPos, token.NoPos
}

// onlyPhis reports whether every use of v is a phi.
func onlyPhis(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		if _, ok := r.(*ssa.Phi); !ok {
			return false
		}
	}
	return true
}

func operand(conv ssa.Value) ssa.Value {
	switch conv := conv.(type) {
	case *ssa.MakeInterface:
		return conv.X
	case *ssa.ChangeType:
		return conv.X
	}
	return nil
}

// exprAt returns the innermost expression of c.fn that an SSA position
// pos stands for: one starting at pos, or a call or conversion whose
// opening parenthesis is at pos.
func (c *checker) exprAt(pos token.Pos) ast.Expr {
	for _, n := range ssapos.Path(c.fn, pos) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Lparen == pos || n.Pos() == pos {
				return n
			}
		case *ast.CompositeLit:
			if n.Lbrace == pos || n.Pos() == pos {
				return n
			}
		case ast.Expr:
			if n.Pos() == pos {
				return n
			}
		case ast.Stmt:
			return nil
		}
	}
	return nil
}

// endAt returns the end of the outermost expression of c.fn starting at
// pos, or NoPos.
func (c *checker) endAt(pos token.Pos) token.Pos {
	for _, n := range ssapos.Path(c.fn, pos) {
		if n.Pos() == pos {
			if _, ok := n.(ast.Expr); ok {
				return n.End()
			}
		}
	}
	return token.NoPos
}

// argCall returns the call v is an argument of: directly, or stored into
// the implicit slice of a variadic call.
func argCall(v ssa.Value) (ssa.CallInstruction, bool) {
	refs := v.Referrers()
	if refs == nil {
		return nil, false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case ssa.CallInstruction:
			return r, true
		case *ssa.Store:
			ia, ok := r.Addr.(*ssa.IndexAddr)
			if !ok || r.Val != v {
				continue
			}
			alloc, ok := ia.X.(*ssa.Alloc)
			if !ok || alloc.Comment != "varargs" {
				continue
			}
			for _, ar := range *alloc.Referrers() {
				if s, ok := ar.(*ssa.Slice); ok && s.Referrers() != nil {
					for _, sr := range *s.Referrers() {
						if call, ok := sr.(ssa.CallInstruction); ok {
							return call, true
						}
					}
				}
			}
		}
	}
	return nil, false
}

// report emits f at pos with the escape site as related information.
func (c *checker) report(pos, end token.Pos, block *ssa.BasicBlock, site escape.Site, f report.Finding) {
	f.Pos, f.End, f.Block = pos, end, block
	if site.Pos.IsValid() {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: site.Pos, Message: "it escapes here, through " + site.Desc})
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}
