package strconcat

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
var Info = checkinfo.Info{Name: "strconcat", Since: "v0.1.0", Default: true, Fix: checkinfo.FixManual}

// Config holds the check's settings; the zero value means the documented
// defaults. The check has no settings of its own: every finding is inside
// a loop by construction.
type Config struct {
	report.Scope
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
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, &cfg) }
	return a
}

// how is the way a string is built up.
type how uint8

const (
	appendOp  how = iota // s += x, s = s + x + y
	prependOp            // s = x + s: the parts go in front
	sprintf              // s = fmt.Sprintf("%s...", s, ...)
)

// site is one statement that builds a string up from its previous value,
// inside a loop.
type site struct {
	top   ssa.Instruction // the concatenation or call whose result is the new value
	how   how
	stmt  *ast.AssignStmt // the statement, nil when it is not an assignment
	pos   token.Pos
	end   token.Pos
	name  string      // the variable or field as written: "s", "b.out"
	obj   *types.Var  // the local variable, nil for fields and globals
	loop  *loops.Loop // the innermost loop around top
	first bool        // the first site of its variable in its loop: reported
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	funcs := cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	lps := pass.ResultOf[loops.Analyzer].(*loops.Result)
	heat := pass.ResultOf[hotness.Analyzer].(*hotness.Result)
	var sites []*site
	fixed := map[*types.Var]bool{} // variables whose fix is already offered
	for _, fn := range funcs {
		forest := lps.Of(fn)
		sites = sites[:0]
		for _, b := range fn.Blocks {
			loop := forest.Innermost(b)
			if loop == nil && heat.Of(b).Heat != hotness.Hot {
				continue // not in a loop, nor in a literal called in one
			}
			for _, instr := range b.Instrs {
				if s := accumulation(instr, loop); s != nil {
					s.loop = loop
					sites = append(sites, s)
				}
			}
		}
		for _, s := range sites {
			locate(pass, fn, s)
		}
		for _, s := range group(sites) {
			emit(pass, cfg, fn, s, sites, fixed)
		}
	}
	return nil, nil
}

// accumulation returns the site instr is when it computes a string from
// that string's value on the previous iteration of loop: a concatenation
// (the outermost of a chain, s + a + b) with the previous value among its
// operands, or a fmt.Sprintf/Sprint call with it among its arguments. loop
// is nil for a function literal called in place in a loop: there only a
// location outside it (a captured variable, a field, a global) can carry a
// string from one iteration to the next.
func accumulation(instr ssa.Instruction, loop *loops.Loop) *site {
	switch in := instr.(type) {
	case *ssa.BinOp:
		if in.Op != token.ADD || !isString(in.Type()) || operandOfConcat(in) {
			return nil
		}
		for i, leaf := range concatLeaves(in, nil) {
			if previous(leaf, in, loop) {
				h := appendOp
				if i > 0 {
					h = prependOp
				}
				return &site{top: in, how: h}
			}
		}
	case *ssa.Call:
		if !isSprint(in) {
			return nil
		}
		for _, x := range boxedArgs(in.Call.Args[len(in.Call.Args)-1]) {
			if previous(x, in, loop) {
				return &site{top: in, how: sprintf}
			}
		}
	}
	return nil
}

// isSprint reports whether call is fmt.Sprintf or fmt.Sprint.
func isSprint(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "fmt" {
		return false
	}
	n := callee.Name()
	return (n == "Sprintf" || n == "Sprint") && len(call.Call.Args) > 0
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// operandOfConcat reports whether v is an inner operand of a string
// concatenation chain (its only use is as an operand of another
// concatenation): then the chain's outermost concatenation is the site.
func operandOfConcat(v *ssa.BinOp) bool {
	refs := *v.Referrers()
	if len(refs) != 1 {
		return false
	}
	o, ok := refs[0].(*ssa.BinOp)
	return ok && o.Op == token.ADD && isString(o.Type())
}

// concatLeaves returns the operands of the concatenation chain v, left to
// right: s + a + b is (s + a) + b, whose leaves are s, a and b. An inner
// concatenation used elsewhere too is a leaf: it is a value of its own.
func concatLeaves(v *ssa.BinOp, out []ssa.Value) []ssa.Value {
	for _, x := range []ssa.Value{v.X, v.Y} {
		if b, ok := x.(*ssa.BinOp); ok && b.Op == token.ADD && isString(b.Type()) && len(*b.Referrers()) == 1 {
			out = concatLeaves(b, out)
		} else {
			out = append(out, x)
		}
	}
	return out
}

// boxedArgs returns the values converted to interfaces and stored into the
// variadic array behind args (fmt's ...any), in order.
func boxedArgs(args ssa.Value) []ssa.Value {
	sl, ok := args.(*ssa.Slice)
	if !ok {
		return nil
	}
	arr, ok := sl.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var out []ssa.Value
	for _, r := range *arr.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok {
			continue
		}
		for _, rr := range *ia.Referrers() {
			if st, ok := rr.(*ssa.Store); ok && st.Addr == ia {
				if mi, ok := st.Val.(*ssa.MakeInterface); ok {
					out = append(out, mi.X)
				}
			}
		}
	}
	return out
}

// previous reports whether leaf is the value, on the previous iteration of
// loop, of what top's result becomes: a phi that top's result flows back
// into (directly, or through earlier appends of the same iteration), or a
// load of a location (a variable on the heap, a field, a global) that
// top's result is stored back into, and that is the same location on
// every iteration.
func previous(leaf ssa.Value, top ssa.Value, loop *loops.Loop) bool {
	if l, ok := leaf.(*ssa.UnOp); ok {
		if l.Op != token.MUL || !sameEveryIteration(l.X, loop, 0) {
			return false
		}
		for _, r := range *top.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Val == top && sameLocation(st.Addr, l.X, 0) {
				return true
			}
		}
		return false
	}
	for _, phi := range carried(leaf, nil, 0) {
		if feedsBack(top, phi) {
			return true
		}
	}
	return false
}

// carried returns the phis whose value v is built from: v itself, or the
// phis carried by the operands of a concatenation or the arguments of an
// fmt.Sprint call that v is (s = s + a; s = s + b: the second append's s
// is the first's result).
func carried(v ssa.Value, out []*ssa.Phi, depth int) []*ssa.Phi {
	if depth > 8 {
		return out
	}
	switch v := v.(type) {
	case *ssa.Phi:
		return append(out, v)
	case *ssa.BinOp:
		if v.Op == token.ADD && isString(v.Type()) {
			for _, l := range concatLeaves(v, nil) {
				out = carried(l, out, depth+1)
			}
		}
	case *ssa.Call:
		if isSprint(v) {
			for _, x := range boxedArgs(v.Call.Args[len(v.Call.Args)-1]) {
				out = carried(x, out, depth+1)
			}
		}
	}
	return out
}

// feedsBack reports whether v flows into phi: it is one of the values phi
// takes, or flows there through other phis and through concatenations
// that use it (line += ","; line += f: the first append's result is the
// second's operand).
func feedsBack(v ssa.Value, phi *ssa.Phi) bool {
	seen := []ssa.Value{v}
	for i := 0; i < len(seen) && i < 32; i++ {
		refs := seen[i].Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			var next ssa.Value
			switch r := r.(type) {
			case *ssa.Phi:
				if r == phi {
					return true
				}
				next = r
			case *ssa.BinOp:
				if r.Op == token.ADD && isString(r.Type()) {
					next = r
				}
			}
			if next != nil && !slices.Contains(seen, next) {
				seen = append(seen, next)
			}
		}
	}
	return false
}

// sameEveryIteration reports whether the address addr denotes the same
// location on every iteration of loop: a global, a variable declared
// outside the loop, or a field of one.
func sameEveryIteration(addr ssa.Value, loop *loops.Loop, depth int) bool {
	if depth > 4 {
		return false
	}
	switch a := addr.(type) {
	case *ssa.Global, *ssa.FreeVar, *ssa.Parameter:
		return true
	case *ssa.Alloc:
		return loop != nil && !loop.Contains(a.Block())
	case *ssa.FieldAddr:
		return sameEveryIteration(a.X, loop, depth+1)
	case *ssa.UnOp:
		// A field of a struct reached through a pointer variable that
		// is itself the same on every iteration (p.f where p is a
		// parameter or a captured variable).
		return a.Op == token.MUL && sameEveryIteration(a.X, loop, depth+1)
	}
	return false
}

// sameLocation reports whether the addresses a and b denote the same
// location: the same value, or the same field of the same location.
func sameLocation(a, b ssa.Value, depth int) bool {
	if a == b {
		return true
	}
	if depth > 4 {
		return false
	}
	switch fa := a.(type) {
	case *ssa.FieldAddr:
		fb, ok := b.(*ssa.FieldAddr)
		return ok && fa.Field == fb.Field && sameLocation(fa.X, fb.X, depth+1)
	case *ssa.UnOp:
		ub, ok := b.(*ssa.UnOp)
		return ok && fa.Op == token.MUL && ub.Op == token.MUL && sameLocation(fa.X, ub.X, depth+1)
	}
	return false
}

// locate fills in the syntax of s: the assignment around its top
// instruction, what it assigns, and the variable.
func locate(pass *analysis.Pass, fn *ssa.Function, s *site) {
	pos := s.top.Pos()
	s.pos, s.end = pos, pos
	for _, n := range ssapos.Path(fn, pos) {
		stmt, ok := n.(ast.Stmt)
		if !ok {
			continue
		}
		s.pos, s.end = stmt.Pos(), stmt.End()
		as, ok := stmt.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Tok == token.DEFINE {
			break // t := s + x: the string built is s, named from SSA
		}
		s.stmt = as
		s.name = types.ExprString(as.Lhs[0])
		if id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident); ok {
			s.obj, _ = pass.TypesInfo.ObjectOf(id).(*types.Var)
		}
		break
	}
	if s.name == "" {
		s.name = nameOf(s)
	}
}

// nameOf names what s builds from SSA, when its statement is not an
// assignment to it.
func nameOf(s *site) string {
	var leaves []ssa.Value
	switch top := s.top.(type) {
	case *ssa.BinOp:
		leaves = concatLeaves(top, nil)
	case *ssa.Call:
		leaves = boxedArgs(top.Call.Args[len(top.Call.Args)-1])
	}
	for _, l := range leaves {
		switch l := l.(type) {
		case *ssa.Phi:
			if l.Comment != "" {
				return l.Comment
			}
		case *ssa.UnOp:
			if a, ok := l.X.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return "the string"
}

// group marks the first site of each variable in each loop and returns
// those, in order: a loop that appends to s in three places is one
// finding (the parts could all go to one builder), with the other
// statements counted in it.
func group(sites []*site) []*site {
	var firsts []*site
	for _, s := range sites {
		s.first = !slices.ContainsFunc(firsts, func(f *site) bool { return sameTarget(f, s) })
		if s.first {
			firsts = append(firsts, s)
		}
	}
	slices.SortStableFunc(firsts, func(a, b *site) int { return int(a.pos - b.pos) })
	return firsts
}

func sameTarget(a, b *site) bool {
	if a.loop != b.loop {
		return false
	}
	if a.obj != nil && b.obj != nil {
		return a.obj == b.obj
	}
	return a.name == b.name
}

func emit(pass *analysis.Pass, cfg *Config, fn *ssa.Function, s *site, sites []*site, fixed map[*types.Var]bool) {
	var others []*site
	for _, o := range sites {
		if o != s && sameTarget(o, s) {
			others = append(others, o)
		}
	}
	f := report.Finding{Pos: s.pos, End: s.end, Block: s.top.Block()}
	f.Claim = claim(s, others)
	f.Why = "a string cannot grow in place, so each append copies all of it"
	f.Advice = advice(pass, s)
	for _, o := range others {
		f.Weigh = append(f.Weigh, o.pos)
	}
	if s.obj != nil && !fixed[s.obj] {
		if fix := builderFix(pass, fn, s.obj); fix != nil {
			f.Fix = fix
		}
	}
	if report.Emit(pass, cfg.Scope, f) && f.Fix != nil {
		fixed[s.obj] = true
	}
}

// claim says what allocates. A += concatenation is never reported by the
// compiler's -m (it rewrites s += x after escape analysis, always onto the
// heap), so the claim speaks of copying to the heap, not of an allocation
// the compiler would list.
func claim(s *site, others []*site) string {
	var b strings.Builder
	switch {
	case s.how == prependOp:
		fmt.Fprintf(&b, "prepending to %s copies it to a new string on the heap", s.name)
	case s.how == sprintf:
		fmt.Fprintf(&b, "rebuilding %s with fmt.%s copies it to a new string on the heap", s.name, calleeName(s.top))
	case s.stmt != nil && s.stmt.Tok == token.ADD_ASSIGN:
		fmt.Fprintf(&b, "%s += copies %s to a new string on the heap", s.name, s.name)
	default:
		fmt.Fprintf(&b, "appending to %s with + copies it to a new string on the heap", s.name)
	}
	if n := onOnePath(append([]*site{s}, others...)); n > 1 {
		fmt.Fprintf(&b, " %d times", n)
	}
	return b.String()
}

// onOnePath returns how many of sites (of one loop) can run in one
// iteration: the longest chain of sites each reaching the next within the
// loop's body. Sites in exclusive branches (a switch's cases) count once.
func onOnePath(sites []*site) int {
	reaches := func(a, b *site) bool {
		if a.top.Block() == b.top.Block() {
			return instrIndex(a.top) < instrIndex(b.top)
		}
		seen := map[*ssa.BasicBlock]bool{}
		stack := []*ssa.BasicBlock{a.top.Block()}
		for len(stack) > 0 {
			blk := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, next := range blk.Succs {
				if next == b.top.Block() {
					return true
				}
				if next != a.loop.Header && a.loop.Contains(next) && !seen[next] {
					seen[next] = true
					stack = append(stack, next)
				}
			}
		}
		return false
	}
	// Longest chain by dynamic programming over the sites in an order
	// that follows reachability (source order is one for structured code).
	best := 0
	chain := make([]int, len(sites))
	sorted := slices.Clone(sites)
	slices.SortFunc(sorted, func(a, b *site) int { return int(a.pos - b.pos) })
	for i, s := range sorted {
		chain[i] = 1
		for j := range i {
			if reaches(sorted[j], s) {
				chain[i] = max(chain[i], chain[j]+1)
			}
		}
		best = max(best, chain[i])
	}
	return best
}

// instrIndex returns instr's index in its block.
func instrIndex(instr ssa.Instruction) int {
	for i, in := range instr.Block().Instrs {
		if in == instr {
			return i
		}
	}
	return -1
}

func calleeName(instr ssa.Instruction) string {
	if c, ok := instr.(*ssa.Call); ok {
		if callee := c.Call.StaticCallee(); callee != nil {
			return callee.Name()
		}
	}
	return "Sprintf"
}

// advice says what to write instead.
func advice(pass *analysis.Pass, s *site) string {
	switch {
	case s.how == prependOp:
		return "collect the parts in a []string and join them once in the order wanted, or write them to a strings.Builder in that order"
	case s.obj == nil:
		return fmt.Sprintf("build it in a local strings.Builder and assign %s = b.String() once after the loop, if nothing reads %s in between", s.name, s.name)
	case s.how == sprintf || appendsSprintf(pass, s):
		return fmt.Sprintf("make %s a strings.Builder: fmt.Fprintf(&%s, ...) appends, %s.String() reads", s.name, s.name, s.name)
	}
	return fmt.Sprintf("make %s a strings.Builder: %s.WriteString(x) appends, %s.String() reads", s.name, s.name, s.name)
}

// appendsSprintf reports whether s appends the result of fmt.Sprintf.
func appendsSprintf(pass *analysis.Pass, s *site) bool {
	if s.stmt == nil {
		return false
	}
	_, ok := sprintfCall(pass.TypesInfo, appended(pass.TypesInfo, s.stmt))
	return ok
}

// sprintfCall returns e as a call of fmt.Sprintf without a ... argument.
func sprintfCall(info *types.Info, e ast.Expr) (*ast.CallExpr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	obj, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "fmt" || obj.Name() != "Sprintf" {
		return nil, false
	}
	if _, ok := ast.Unparen(sel.X).(*ast.Ident); !ok {
		return nil, false
	}
	return call, true
}

// appended returns what an accumulation statement appends: x in s += x,
// a + b in s = s + a + b; nil for other forms.
func appended(info *types.Info, as *ast.AssignStmt) ast.Expr {
	switch as.Tok {
	case token.ADD_ASSIGN:
		return as.Rhs[0]
	case token.ASSIGN:
		if inner := innermostConcat(info, as); inner != nil {
			if inner == ast.Unparen(as.Rhs[0]) {
				return inner.Y
			}
		}
	}
	return nil
}

// innermostConcat returns, for s = s + a + b, the concatenation s + a
// whose left operand is the assigned variable itself.
func innermostConcat(info *types.Info, as *ast.AssignStmt) *ast.BinaryExpr {
	lhs, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	e := ast.Unparen(as.Rhs[0])
	for {
		b, ok := e.(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			return nil
		}
		if id, ok := b.X.(*ast.Ident); ok {
			if info.Uses[id] == nil || info.Uses[id] != info.ObjectOf(lhs) {
				return nil
			}
			return b
		}
		e = b.X
	}
}

// formatRest returns the format of fmt.Sprintf(format, s, ...) without its
// leading verb for s ("%s" or "%v"), when format is a string literal.
func formatRest(info *types.Info, format ast.Expr) (string, bool) {
	lit, ok := ast.Unparen(format).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	tv, ok := info.Types[lit]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	f := constant.StringVal(tv.Value)
	for _, verb := range []string{"%s", "%v"} {
		if rest, ok := strings.CutPrefix(f, verb); ok {
			return rest, true
		}
	}
	return "", false
}
