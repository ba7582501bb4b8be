package addrescape

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
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
var Info = checkinfo.Info{Name: "addrescape", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// OutsideLoops also reports addresses that escape outside loops, such
	// as a constructor's return &T{...}: one allocation per call.
	OutsideLoops bool `json:"outside-loops,omitempty"`
	// UnknownCallees also reports addresses that escape only through a
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
	a.Flags.BoolVar(&cfg.OutsideLoops, "outside-loops", cfg.OutsideLoops, "also report addresses that escape outside loops")
	a.Flags.BoolVar(&cfg.UnknownCallees, "unknown-callees", cfg.UnknownCallees,
		"also report addresses passed to other packages' functions whose escape behaviour is unknown (may allocate)")
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
	var reported []token.Pos // per function: variables already reported (a Go 1.22 loop variable has several Allocs)
	for _, fn := range funcs {
		reported = reported[:0]
		for _, b := range fn.Blocks {
			depth := -1
			for _, instr := range b.Instrs {
				a, ok := instr.(*ssa.Alloc)
				if !ok || !a.Heap {
					continue
				}
				switch a.Comment {
				case "varargs", "makeslice":
					continue // the backing arrays of slices: not addresses
				}
				if depth < 0 {
					depth = lps.DepthIn(fn, b)
				}
				if depth == 0 && !cfg.OutsideLoops {
					continue
				}
				site, escapes := esc.Of(a)
				if !escapes || site.Kind == escape.MapPut {
					continue // maps of pointers are mapptr's
				}
				if !reportable(a, site, depth) {
					continue
				}
				if escape.Devirtualizable(site) {
					continue // the compiler may resolve the callee and keep it on the stack
				}
				if capturedByEscaping(esc, a) {
					continue // capture reports the closure and what it moves
				}
				unknown := esc.Assumed(site)
				if unknown != nil && !cfg.UnknownCallees {
					continue
				}
				if a.Pos().IsValid() && contains(reported, a.Pos()) {
					continue
				}
				if depth == 0 && perIterationCopy(fn, a, lps) {
					continue // a Go 1.22 loop variable's first copy: reported with the loop's
				}
				if emit(pass, cfg, lps, fn, a, depth, site, unknown) {
					reported = append(reported, a.Pos())
				}
			}
		}
	}
	return nil, nil
}

// reportable reports whether the escape of a is one the check speaks
// about. A variable's address escaping anywhere is: the variable could be
// a value, an element of the source, or declared once. A &T{...} or new(T)
// is only when it is collected, appended to a slice, stored into a slice
// element or sent on a channel, where a slice of values or one batch
// allocation would do, or when, in a loop, it is handed to an interface
// method, a func value or a parameter that leaks, where one value reset on
// each iteration would do if the callee does not keep it; stored into a
// field or returned it is how the program builds its objects, except for
// the constructor's return &T{...} that outside-loops asks about. A slice
// literal ([]T{...}) is only when handed to a callee in a loop.
func reportable(a *ssa.Alloc, site escape.Site, depth int) bool {
	switch a.Comment {
	case "complit", "new", "slicelit":
	default:
		return true
	}
	if site.Via != nil {
		return false
	}
	if site.Kind == escape.Call || site.Kind == escape.Dynamic {
		return depth > 0 && handedOver(a, site)
	}
	if a.Comment == "slicelit" {
		return false
	}
	switch site.Kind {
	case escape.Append, escape.Send:
		return true
	case escape.Store:
		return site.Desc == "a store into a slice element"
	case escape.Return:
		return depth == 0
	}
	return false
}

// handedOver reports whether a is itself an argument of the call at site
// (not stored into something that is), and the callee one whose keeping
// it is in doubt: an interface method, a func value, or a standard library
// function whose parameter leaks (json.Encoder.Encode's: through
// reflection, not kept). A function of the package whose parameter leaks
// keeps it: that is how the program builds its objects (tree nodes, error
// lists), as with a store into a field, and reusing one value would be
// wrong.
func handedOver(a *ssa.Alloc, site escape.Site) bool {
	call, ok := site.Instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	if _, isGo := call.(*ssa.Go); isGo {
		return false // a goroutine keeps what it is given
	}
	c := call.Common()
	if site.Kind == escape.Call && !escape.InTable(c.StaticCallee()) {
		return false
	}
	for _, arg := range append([]ssa.Value{c.Value}, c.Args...) {
		if mi, ok := arg.(*ssa.MakeInterface); ok {
			arg = mi.X // a pointer in an interface: no box of its own
		}
		if arg == a || (a.Comment == "slicelit" && sliceOf(arg, a)) {
			return true
		}
	}
	return false
}

// sliceOf reports whether v is the slice of a slice literal's array a.
func sliceOf(v ssa.Value, a *ssa.Alloc) bool {
	s, ok := v.(*ssa.Slice)
	return ok && s.X == a
}

// perIterationCopy reports whether another Alloc of the variable a
// declares (same position) is inside a loop: a Go 1.22 three-clause loop
// variable has one copy before the loop and one per iteration.
func perIterationCopy(fn *ssa.Function, a *ssa.Alloc, lps *loops.Result) bool {
	if !a.Pos().IsValid() {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if o, ok := instr.(*ssa.Alloc); ok && o != a && o.Pos() == a.Pos() && lps.DepthIn(fn, b) > 0 {
				return true
			}
		}
	}
	return false
}

func contains(ps []token.Pos, p token.Pos) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// capturedByEscaping reports whether a (a variable) is captured by a
// closure that escapes: capture owns that finding.
func capturedByEscaping(esc *escape.Result, a *ssa.Alloc) bool {
	var check func(v ssa.Value, depth int) bool
	check = func(v ssa.Value, depth int) bool {
		if depth > 2 || v.Referrers() == nil {
			return false
		}
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.MakeClosure:
				if _, escapes := esc.Of(r); escapes {
					return true
				}
			case *ssa.Phi: // a Go 1.22 three-clause loop variable
				if check(r, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return check(a, 0)
}

// emit reports a and says whether it did.
func emit(pass *analysis.Pass, cfg *Config, lps *loops.Result, fn *ssa.Function, a *ssa.Alloc,
	depth int, site escape.Site, unknown *ssa.Function) bool {
	qual := report.Qualifier(pass.Pkg)
	elem := a.Type().(*types.Pointer).Elem()
	t := types.TypeString(elem, qual)
	path := ssapos.Path(fn, a.Pos())
	syn, ok := allocSyntax(fn, a, t)
	if !ok {
		return false
	}
	pos, end, what, variable := syn.Pos, syn.End, syn.What, syn.Variable
	loop := lps.Of(fn).Innermost(a.Block())

	verb := "allocates"
	if unknown != nil {
		verb = "may allocate"
	}
	f := report.Finding{Pos: pos, End: end, Block: a.Block()}
	subject := "it"
	if variable {
		f.Claim = fmt.Sprintf("moving %s to the heap %s a new %s", what, verb, t)
		subject = "its address"
	} else {
		f.Claim = what + " " + verb
	}
	switch {
	case unknown != nil:
		f.Why = fmt.Sprintf("%s escapes if %s keeps it, which heaplint cannot tell", subject, strings.TrimSuffix(site.Desc, "'s argument"))
	case site.Via != nil:
		f.Why = subject + " is " + site.String()
	default:
		f.Why = subject + " escapes through " + site.Desc
	}
	if variable && depth > 0 && perIterationLoopVar(pass, path, a) {
		f.Why += " (loop variables are per iteration since Go 1.22)"
	}
	f.Advice = advice(pass, path, a, variable, site, loop, t, what)
	if p := site.Pos; p.IsValid() && pass.Fset.Position(p).Line != pass.Fset.Position(pos).Line {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: "escapes here: " + site.Desc})
	}
	return report.Emit(pass, cfg.Scope, f)
}

// allocSyntax is ssapos.Alloc, and for a slice literal its []T{...}.
func allocSyntax(fn *ssa.Function, a *ssa.Alloc, t string) (ssapos.AllocSyntax, bool) {
	if a.Comment != "slicelit" {
		return ssapos.Alloc(fn, a, t)
	}
	for _, n := range ssapos.Path(fn, a.Pos()) {
		if lit, ok := n.(*ast.CompositeLit); ok && lit.Lbrace == a.Pos() {
			what := "[]" + elemName(t) + "{...}"
			if lit.Type != nil {
				what = types.ExprString(lit.Type) + "{...}"
			}
			return ssapos.AllocSyntax{Pos: lit.Pos(), End: lit.End(), What: what}, true
		}
	}
	return ssapos.AllocSyntax{}, false
}

// elemName turns the name of an array type "[3]T" into T's.
func elemName(t string) string {
	if i := strings.IndexByte(t, ']'); i >= 0 && strings.HasPrefix(t, "[") {
		return t[i+1:]
	}
	return t
}

// rangeOver returns the range statement that declares the variable at
// a's position as its value, if that range is over a slice or an array
// (or a pointer to one), so that &xs[i] points at the same element.
func rangeOver(pass *analysis.Pass, path []ast.Node, a *ssa.Alloc) *ast.RangeStmt {
	for i, n := range path {
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() != a.Pos() || i+1 >= len(path) {
			continue
		}
		rs, ok := path[i+1].(*ast.RangeStmt)
		if !ok || rs.Value != id || rs.Tok != token.DEFINE {
			return nil
		}
		tv, ok := pass.TypesInfo.Types[rs.X]
		if !ok {
			return nil
		}
		t := tv.Type.Underlying()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem().Underlying()
		}
		switch t.(type) {
		case *types.Slice, *types.Array:
			return rs
		}
		return nil
	}
	return nil
}

// perIterationLoopVar reports whether a is a loop variable that Go 1.22
// made per iteration (a range or three-clause loop variable in a file of
// Go 1.22 or later).
func perIterationLoopVar(pass *analysis.Pass, path []ast.Node, a *ssa.Alloc) bool {
	for i, n := range path {
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() != a.Pos() || i+1 >= len(path) {
			continue
		}
		switch s := path[i+1].(type) {
		case *ast.RangeStmt:
			if s.Tok != token.DEFINE {
				return false
			}
		case *ast.AssignStmt:
			if i+2 >= len(path) || s.Tok != token.DEFINE {
				return false
			}
			f, ok := path[i+2].(*ast.ForStmt)
			if !ok || f.Init != s {
				return false
			}
		default:
			return false
		}
		return report.GoAtLeast(pass, a.Pos(), "go1.22")
	}
	return false
}

// advice says what helps.
func advice(pass *analysis.Pass, path []ast.Node, a *ssa.Alloc, variable bool, site escape.Site,
	loop *loops.Loop, t, what string) string {
	if variable {
		if rs := rangeOver(pass, path, a); rs != nil {
			x := types.ExprString(rs.X)
			if len(x) > 30 || strings.ContainsAny(x, "()") {
				x = "the slice"
			}
			i := "i"
			if id, ok := rs.Key.(*ast.Ident); ok && id.Name != "_" {
				i = id.Name
			}
			return fmt.Sprintf("point into %s with &%s[%s] instead of copying each element", x, x, i)
		}
		if loop != nil && site.Instr != nil && site.Instr.Block() != nil && !loop.Contains(site.Instr.Block()) {
			return fmt.Sprintf("copy %s into a new variable where its address is needed, so that only that iteration allocates", what)
		}
		switch site.Kind {
		case escape.Append:
			return fmt.Sprintf("append %s itself to a []%s instead of its address", what, t)
		case escape.Call, escape.Dynamic:
			callee := "the callee"
			if site.Kind == escape.Call {
				callee = strings.TrimSuffix(site.Desc, "'s argument")
			}
			return fmt.Sprintf("declare %s before the loop and reset it on each iteration, unless %s keeps the pointer", what, callee)
		}
		// The pointer may be how the code finds the value again (a tree
		// that links its nodes and changes them through the links): say
		// when the advice holds.
		return fmt.Sprintf("keep %s values instead of pointers, where no code relies on the pointer (changing the value through it, or comparing it)", t)
	}
	if site.Kind == escape.Call || site.Kind == escape.Dynamic {
		callee := "the callee"
		if site.Kind == escape.Call {
			callee = strings.TrimSuffix(site.Desc, "'s argument")
		}
		if a.Comment == "slicelit" {
			if constElems(a) {
				return fmt.Sprintf("its elements are constants: if %s neither keeps nor changes it, make it once, before the loop or in a package-level variable", callee)
			}
			return fmt.Sprintf("if %s does not keep it, make one slice before the loop and refill it on each iteration with append(s[:0], ...)", callee)
		}
		return fmt.Sprintf("if %s does not keep it, allocate one %s before the loop and reset it on each iteration (*p = %s{...}); "+
			"if it does, allocate them together with one make([]%s, n) and pass &buf[i]", callee, t, t, t)
	}
	if site.Kind == escape.Append {
		return fmt.Sprintf("append %s values to a []%s instead, or allocate them together with one make([]%s, n) and take &buf[i]", t, t, t)
	}
	if loop != nil {
		return fmt.Sprintf("allocate them together with one make([]%s, n) before the loop and take &buf[i], or keep values", t)
	}
	return fmt.Sprintf("return %s by value if callers can take one", t)
}

// constElems reports whether every element stored into the array of the
// slice literal a is a constant.
func constElems(a *ssa.Alloc) bool {
	for _, r := range *a.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, rr := range *ia.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == ia {
				if _, isConst := st.Val.(*ssa.Const); !isConst {
					return false
				}
			}
		}
	}
	return true
}
