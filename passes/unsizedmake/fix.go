package unsizedmake

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"strings"

	"github.com/heaplint/heaplint/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// report emits the finding for a creation, with a fix when one is safe.
func (c *checker) report(cr *creation, a *accum, g *growth) {
	qual := report.Qualifier(c.pass.Pkg)
	typ := types.TypeString(cr.typ, qual)
	bound := g.total.render(a.atoms)
	upto := ""
	if !g.exact {
		upto = "up to "
	}
	name := cr.name
	var f report.Finding
	if cr.isMap {
		if name == "" {
			name = "the map"
		}
		f.Claim = fmt.Sprintf("%s rehashes as it grows by %s%s assignments in a loop", name, upto, bound)
		f.Why = "it has no size hint"
		if cr.cap > 0 {
			f.Why = fmt.Sprintf("it has a size hint of %d", cr.cap)
		}
		f.Advice = fmt.Sprintf("create it with make(%s, %s)", typ, bound)
	} else {
		if name == "" {
			name = "the slice"
		}
		f.Claim = fmt.Sprintf("%s reallocates as it grows to %s%s elements by append in a loop", name, upto, bound)
		f.Why = "it starts without capacity"
		if cr.cap > 0 {
			f.Why = fmt.Sprintf("it starts with capacity %d", cr.cap)
		}
		f.Advice = fmt.Sprintf("create it with make(%s, 0, %s)", typ, bound)
	}
	fix, why := c.fix(cr, a, g, name, bound)
	if fix == nil && why != "" {
		f.Advice += " (no automatic fix: " + why + ")"
	}
	f.Pos, f.End, f.Fix, f.Block = cr.pos, cr.end, fix, creationBlock(cr, g)
	if s := c.tripsOf().Stmt(g.loop); s != nil {
		f.Related = []analysis.RelatedInformation{{Pos: s.Pos(), End: s.Pos() + token.Pos(len("for")), Message: "the loop it grows in"}}
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}

// creationBlock returns the block where the slice or map is created, whose
// hotness is the finding's: for var s []T (or a named result), which go/ssa
// makes a phi of the loop's header, the block that enters the loop.
func creationBlock(cr *creation, g *growth) *ssa.BasicBlock {
	if _, phi := cr.value.(*ssa.Phi); cr.nilVar || phi {
		return g.loop.Header.Idom()
	}
	if instr, ok := cr.value.(ssa.Instruction); ok {
		return instr.Block()
	}
	return nil
}

// fix returns the rewrite of the creation to a sized make, or why there is
// none.
func (c *checker) fix(cr *creation, a *accum, g *growth, name, bound string) (*analysis.SuggestedFix, string) {
	if !g.exact {
		return nil, "the count is an upper bound"
	}
	if _, ok := cr.syntax.(*ast.Field); ok {
		return nil, name + " is a named result"
	}
	loopStmt := c.tripsOf().Stmt(g.loop)
	if loopStmt == nil {
		return nil, ""
	}
	file := c.fileOf(cr.pos)
	if file == nil {
		return nil, ""
	}
	for _, i := range g.total.uses() {
		at := a.atoms[i]
		if v := c.pass.TypesInfo.FileVersions[file]; at.max && v != "" && version.Compare(v, "go1.21") < 0 {
			return nil, "the bound needs the max builtin of go1.21"
		}
		for _, e := range at.exprs {
			if why := c.evaluable(e, cr.pos, loopStmt.Pos()); why != "" {
				return nil, why
			}
		}
	}
	if cr.nilVar {
		if why := nilObservable(cr.value.(*ssa.Phi)); why != "" {
			return nil, fmt.Sprintf("%s is %s, and it would no longer be nil when the loop does not run", name, why)
		}
	}
	var edits []analysis.TextEdit
	insert := func(pos token.Pos, text string) {
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)})
	}
	replace := func(n ast.Node, text string) {
		edits = append(edits, analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(text)})
	}
	size := ", 0, " + bound
	if cr.isMap {
		size = ", " + bound
	}
	switch s := cr.syntax.(type) {
	case *ast.ValueSpec:
		// var s []T  →  var s = make([]T, 0, n)
		insert(s.Type.Pos(), "= make(")
		insert(s.Type.End(), size+")")
	case *ast.CompositeLit:
		// []T{}  →  make([]T, 0, n)
		if s.Type == nil {
			return nil, ""
		}
		insert(s.Pos(), "make(")
		edits = append(edits, analysis.TextEdit{Pos: s.Lbrace, End: s.Rbrace + 1, NewText: []byte(size + ")")})
	case *ast.CallExpr:
		switch {
		case cr.isMap && len(s.Args) == 1:
			// make(map[K]V)  →  make(map[K]V, n)
			insert(s.Args[0].End(), size)
		case cr.isMap && len(s.Args) == 2:
			// make(map[K]V, 4)  →  make(map[K]V, n)
			replace(s.Args[1], bound)
		case !cr.isMap && len(s.Args) == 2:
			// make([]T, 0)  →  make([]T, 0, n)
			insert(s.Args[1].End(), ", "+bound)
		case !cr.isMap && len(s.Args) == 3:
			// make([]T, 0, 4)  →  make([]T, 0, n)
			replace(s.Args[2], bound)
		default:
			return nil, ""
		}
	default:
		return nil, ""
	}
	msg := "Preallocate " + name
	if strings.HasPrefix(name, "the ") {
		msg = "Preallocate " + strings.TrimPrefix(name, "the ")
	}
	return &analysis.SuggestedFix{Message: msg + " with make", TextEdits: edits}, ""
}

func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// evaluable returns why e cannot be evaluated at the creation (pos) with
// the value the loop (starting at loopPos) sees, or "": e must be free of
// side effects and panics, its names must denote the same objects there,
// and the local variables it reads must not change in between.
func (c *checker) evaluable(e ast.Expr, pos, loopPos token.Pos) string {
	info := c.pass.TypesInfo
	switch e := e.(type) {
	case *ast.BasicLit:
		return ""
	case *ast.ParenExpr:
		return c.evaluable(e.X, pos, loopPos)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL:
			if why := c.evaluable(e.X, pos, loopPos); why != "" {
				return why
			}
			return c.evaluable(e.Y, pos, loopPos)
		}
	case *ast.Ident:
		obj := info.Uses[e]
		switch obj := obj.(type) {
		case *types.Const, *types.Nil:
			return c.visible(e, obj, pos)
		case *types.Var:
			if why := c.visible(e, obj, pos); why != "" {
				return why
			}
			if c.changed(obj, pos, loopPos) {
				return e.Name + " may change before the loop"
			}
			return ""
		}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if pn, ok := info.Uses[id].(*types.PkgName); ok {
				if why := c.visible(id, pn, pos); why != "" {
					return why
				}
				switch info.Uses[e.Sel].(type) {
				case *types.Const, *types.Var:
					return ""
				}
				return types.ExprString(e) + " is not a constant or variable"
			}
		}
		if sel := info.Selections[e]; sel != nil && sel.Kind() == types.FieldVal && !sel.Indirect() {
			return c.evaluable(e.X, pos, loopPos)
		}
		return types.ExprString(e) + " may panic where it is created"
	case *ast.CallExpr:
		if len(e.Args) != 1 {
			break
		}
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				return c.evaluable(e.Args[0], pos, loopPos)
			}
		}
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return c.evaluable(e.Args[0], pos, loopPos)
			}
		}
	}
	return types.ExprString(e) + " may have side effects"
}

// visible reports why the name id does not denote obj at pos.
func (c *checker) visible(id *ast.Ident, obj types.Object, pos token.Pos) string {
	if obj.Parent() == types.Universe {
		return ""
	}
	scope := c.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return id.Name + " is not in scope where it is created"
	}
	if _, found := scope.LookupParent(id.Name, pos); found != obj {
		return id.Name + " is not in scope where it is created"
	}
	return ""
}

// changed reports whether the local variable v may be assigned between pos
// and loopPos: an assignment there, or its address taken or an assignment
// inside a function literal anywhere in the function.
func (c *checker) changed(v *types.Var, pos, loopPos token.Pos) bool {
	if v.Parent() == c.pass.Pkg.Scope() || v.Parent() == nil {
		return false // a package-level variable: beyond a local check
	}
	root := c.fn.Syntax()
	if root == nil {
		return true
	}
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Uses[id] == v || info.Defs[id] == v)
	}
	changed := false
	var lits []*ast.FuncLit
	ast.Inspect(root, func(n ast.Node) bool {
		if changed || n == nil {
			return false
		}
		inLit := false
		for _, l := range lits {
			if l.Pos() <= n.Pos() && n.End() <= l.End() {
				inLit = true
			}
		}
		between := pos < n.Pos() && n.Pos() < loopPos
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if is(l) && n.Tok != token.DEFINE && (between || inLit) {
					changed = true
				}
			}
		case *ast.IncDecStmt:
			if is(n.X) && (between || inLit) {
				changed = true
			}
		case *ast.RangeStmt:
			if n.Tok == token.ASSIGN && ((n.Key != nil && is(n.Key)) || (n.Value != nil && is(n.Value))) && (between || inLit) {
				changed = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				changed = true
			}
		}
		return true
	})
	return changed
}

// nilObservable returns how the program could tell a nil slice from an
// empty one, following the slice from the loop header phi and from the
// phis of the same variable that take the nil: "" when it cannot. len, cap, indexing, ranging, slicing, copying and appending do
// not tell; comparing with nil, returning, storing, passing to a function
// or converting to an interface might.
func nilObservable(phi *ssa.Phi) string {
	// The nil also reaches the code after the loop without passing the
	// header: a loop tested at the bottom is skipped by its guard, and
	// the phi after it takes the nil itself.
	work := []ssa.Value{phi}
	for _, b := range phi.Parent().Blocks {
		for _, instr := range b.Instrs {
			p, ok := instr.(*ssa.Phi)
			if !ok || p == phi || p.Comment != phi.Comment {
				continue
			}
			for _, e := range p.Edges {
				if k, ok := e.(*ssa.Const); ok && k.IsNil() && types.Identical(k.Type(), phi.Type()) {
					work = append(work, p)
					break
				}
			}
		}
	}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] || v.Referrers() == nil {
			continue
		}
		seen[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi, *ssa.ChangeType:
				work = append(work, r.(ssa.Value))
			case *ssa.Slice:
				work = append(work, r)
			case *ssa.Index, *ssa.IndexAddr, *ssa.DebugRef:
			case *ssa.Call:
				if b, ok := r.Call.Value.(*ssa.Builtin); ok {
					switch b.Name() {
					case "len", "cap", "copy":
						continue
					case "append":
						if r.Call.Args[0] != v {
							continue // its elements are appended elsewhere
						}
						if !appendsSome(r) {
							work = append(work, r) // append(nil, empty...) is nil
						}
						continue
					}
				}
				callee := r.Call.StaticCallee()
				if callee != nil && callee.Origin() != nil {
					callee = callee.Origin()
				}
				if callee != nil && blindToNil(callee) {
					continue
				}
				if callee != nil {
					return "passed to " + callee.Name()
				}
				return "passed to a function"
			case *ssa.Return:
				return "returned"
			case *ssa.BinOp:
				return "compared with nil"
			case *ssa.Store, *ssa.MapUpdate, *ssa.Send:
				return "stored"
			case *ssa.MakeInterface:
				return "converted to an interface"
			case *ssa.MakeClosure:
				return "captured by a closure"
			default:
				return "used"
			}
		}
	}
	return ""
}

// blindToNil reports whether fn, a standard library function, treats a
// nil slice argument exactly as an empty one and does not keep it.
func blindToNil(fn *ssa.Function) bool {
	if fn.Pkg == nil || fn.Signature.Recv() != nil {
		return false
	}
	switch fn.Pkg.Pkg.Path() {
	case "sort":
		return true
	case "slices":
		switch fn.Name() {
		case "Sort", "SortFunc", "SortStableFunc", "IsSorted", "IsSortedFunc", "Contains", "ContainsFunc",
			"Index", "IndexFunc", "Reverse", "BinarySearch", "BinarySearchFunc", "Equal", "EqualFunc", "Max", "Min":
			return true
		}
	case "strings", "bytes":
		return fn.Name() == "Join"
	}
	return false
}

// appendsSome reports whether an append adds at least one element, so that
// its result is never nil.
func appendsSome(call *ssa.Call) bool {
	if len(call.Call.Args) < 2 {
		return false
	}
	n, ok := arrayLenOf(call.Call.Args[1])
	return ok && n > 0
}
