package unsizedmake

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/ssa"
)

// A place is where a size expression would be written and evaluated: at
// the creation, or just before the first loop's statement.
type place struct {
	pos  token.Pos
	loop ast.Stmt // the first loop
	// entry says that the loop's own entry expressions (its range
	// operand, its init and condition) may be evaluated here even where
	// they can panic (p.items with p a pointer, xs[i]): nothing observable
	// happens between here and the loop, which evaluates them anyway.
	entry bool
}

func (c *checker) place(cr *creation, pos token.Pos, loop ast.Stmt, atCreation bool) place {
	return place{pos: pos, loop: loop, entry: !atCreation || c.quietBetween(cr, loop)}
}

// evaluable returns why the size p cannot be written at pl, or "": every
// expression it quotes must be cheap, free of side effects, and of panics
// the loop would not have had at the same point; its names must denote the
// same objects there, and the local variables it reads must not change
// between pl and where the loop reads them.
func (a *accum) evaluable(pl place, p poly) string {
	for _, i := range p.uses() {
		for _, e := range a.atoms[i].exprs {
			if why := a.c.evalExpr(e, pl); why != "" {
				return why
			}
		}
	}
	return ""
}

func (c *checker) evalExpr(e ast.Expr, pl place) string {
	info := c.pass.TypesInfo
	mayPanic := func(e ast.Expr) string {
		if pl.entry && inEntry(e, pl.loop) {
			return ""
		}
		return types.ExprString(e) + " may panic where it is created"
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		return ""
	case *ast.ParenExpr:
		return c.evalExpr(e.X, pl)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL:
			if why := c.evalExpr(e.X, pl); why != "" {
				return why
			}
			return c.evalExpr(e.Y, pl)
		}
	case *ast.Ident:
		switch obj := info.Uses[e].(type) {
		case *types.Const, *types.Nil:
			return c.visible(e, obj, pl.pos)
		case *types.Var:
			if why := c.visible(e, obj, pl.pos); why != "" {
				return why
			}
			if c.changed(obj, pl.pos, e.Pos()) {
				return e.Name + " may change before the loop"
			}
			return ""
		}
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if pn, ok := info.Uses[id].(*types.PkgName); ok {
				if why := c.visible(id, pn, pl.pos); why != "" {
					return why
				}
				switch info.Uses[e.Sel].(type) {
				case *types.Const, *types.Var:
					return ""
				}
				return types.ExprString(e) + " is not a constant or variable"
			}
		}
		sel := info.Selections[e]
		if sel == nil || sel.Kind() != types.FieldVal {
			break
		}
		if why := c.evalExpr(e.X, pl); why != "" || !sel.Indirect() {
			return why
		}
		return mayPanic(e)
	case *ast.StarExpr:
		if why := c.evalExpr(e.X, pl); why != "" {
			return why
		}
		return mayPanic(e)
	case *ast.IndexExpr:
		if why := c.evalExpr(e.X, pl); why != "" {
			return why
		}
		if why := c.evalExpr(e.Index, pl); why != "" {
			return why
		}
		if _, isMap := info.TypeOf(e.X).Underlying().(*types.Map); isMap {
			return ""
		}
		return mayPanic(e)
	case *ast.CallExpr:
		if !cheapCall(info, e) {
			return types.ExprString(e) + " calls a function"
		}
		for _, arg := range e.Args {
			if why := c.evalExpr(arg, pl); why != "" {
				return why
			}
		}
		return ""
	}
	return types.ExprString(e) + " may have side effects"
}

// cheapCall reports whether call is len, cap, min or max, or a conversion
// to an integer type: what a size may be written with.
func cheapCall(info *types.Info, call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := info.Uses[id].(*types.Builtin); ok {
			switch b.Name() {
			case "len", "cap", "min", "max":
				return true
			}
			return false
		}
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		b, ok := tv.Type.Underlying().(*types.Basic)
		return ok && b.Info()&types.IsInteger != 0
	}
	return false
}

// call returns the first call in p's expressions that is not cheap: a
// size must not be written with it.
func (a *accum) call(p poly) *ast.CallExpr {
	info := a.c.pass.TypesInfo
	var found *ast.CallExpr
	for _, i := range p.uses() {
		for _, e := range a.atoms[i].exprs {
			ast.Inspect(e, func(n ast.Node) bool {
				if found != nil {
					return false
				}
				if call, ok := n.(*ast.CallExpr); ok && !cheapCall(info, call) {
					found = call
					return false
				}
				return true
			})
		}
	}
	return found
}

// usesMax reports whether p needs the max builtin.
func (a *accum) usesMax(p poly) bool {
	for _, i := range p.uses() {
		if a.atoms[i].max {
			return true
		}
	}
	return false
}

// inEntry reports whether e is part of what loop evaluates when it starts:
// a range statement's operand, a for statement's init and condition.
func inEntry(e ast.Expr, loop ast.Stmt) bool {
	within := func(n ast.Node) bool {
		return n != nil && n.Pos() <= e.Pos() && e.End() <= n.End()
	}
	switch s := loop.(type) {
	case *ast.RangeStmt:
		return within(s.X)
	case *ast.ForStmt:
		return within(s.Init) || within(s.Cond)
	}
	return false
}

// quietBetween reports whether the statements from the creation to the
// loop run straight through and do nothing observable: the creation's
// statement and the loop's are in one statement list, and what is between
// assigns local variables from expressions without calls (builtins and
// conversions aside) or channel receives. Then an expression the loop
// evaluates on entry can be evaluated at the creation instead, even if it
// can panic: it would panic at the same point of the program's effects.
func (c *checker) quietBetween(cr *creation, loop ast.Stmt) bool {
	stmt, list := c.creationStmt(cr)
	if stmt == nil {
		return false
	}
	started := false
	for _, s := range list {
		if s == stmt {
			started = true
			continue
		}
		if !started {
			continue
		}
		if s == loop || isLabeled(s, loop) || nilGuarded(s, loop) {
			return true
		}
		if !c.quietStmt(s) {
			return false
		}
	}
	return false
}

func isLabeled(s, loop ast.Stmt) bool {
	l, ok := s.(*ast.LabeledStmt)
	return ok && l.Stmt == loop
}

func (c *checker) quietStmt(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.EmptyStmt:
		return true
	case *ast.IncDecStmt:
		_, ok := s.X.(*ast.Ident)
		return ok
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			if _, ok := l.(*ast.Ident); !ok {
				return false
			}
		}
		return c.quietExprs(s.Rhs)
	case *ast.DeclStmt:
		g, ok := s.Decl.(*ast.GenDecl)
		if !ok {
			return false
		}
		for _, spec := range g.Specs {
			if vs, ok := spec.(*ast.ValueSpec); ok && !c.quietExprs(vs.Values) {
				return false
			}
		}
		return true
	}
	return false
}

func (c *checker) quietExprs(es []ast.Expr) bool {
	quiet := true
	for _, e := range es {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // made, not run
			case *ast.CallExpr:
				if !cheapCall(c.pass.TypesInfo, n) && !allocBuiltin(c.pass.TypesInfo, n) {
					quiet = false
				}
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					quiet = false
				}
			}
			return quiet
		})
	}
	return quiet
}

// allocBuiltin reports whether call is make, new or append: they allocate
// but do nothing else a program can observe.
func allocBuiltin(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && (b.Name() == "make" || b.Name() == "new" || b.Name() == "append")
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

// nilObservable returns how the program could tell the nil of var s []T
// from an empty slice, following the slice from where the nil flows: the
// loop header phi, an append that may add nothing, and the phis of the
// same variable that take the nil; "" when it cannot. len, cap, indexing,
// ranging, slicing, copying and appending do not tell; comparing with nil,
// returning, storing, passing to a function or converting to an interface
// might.
//
// When within is not nil, the loop always runs and leaves the slice
// non-nil: only the nil its header sees on the first iteration can be
// told, by code inside the loop.
func nilObservable(fn *ssa.Function, cr *creation, within *loops.Loop) string {
	var work []ssa.Value
	switch v := cr.value.(type) {
	case *ssa.Phi:
		work = append(work, v)
	case *ssa.Call:
		if !appendsSome(v) {
			work = append(work, v) // append(nil, empty...) is nil
		}
	}
	// The nil also reaches the code after the loop without passing the
	// header: a loop tested at the bottom is skipped by its guard, and
	// the phi after it takes the nil itself.
	for _, b := range fn.Blocks {
		if within != nil {
			break
		}
		for _, instr := range b.Instrs {
			p, ok := instr.(*ssa.Phi)
			if !ok || p == cr.value || p.Comment != cr.name {
				continue
			}
			for _, e := range p.Edges {
				if k, ok := e.(*ssa.Const); ok && k.IsNil() && types.Identical(k.Type(), cr.typ) {
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
			if within != nil && !within.Contains(r.Block()) {
				continue
			}
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

// creationStmt returns the statement that creates cr and the statement list
// it is in; for a named result, no statement and the function's body.
func (c *checker) creationStmt(cr *creation) (ast.Stmt, []ast.Stmt) {
	if _, ok := cr.syntax.(*ast.Field); ok {
		switch f := c.fn.Syntax().(type) {
		case *ast.FuncDecl:
			return nil, f.Body.List
		case *ast.FuncLit:
			return nil, f.Body.List
		}
		return nil, nil
	}
	path := ssapos.Path(c.fn, cr.pos)
	for i, n := range path {
		s, ok := n.(ast.Stmt)
		if !ok {
			continue
		}
		if i+1 >= len(path) {
			return nil, nil
		}
		switch p := path[i+1].(type) {
		case *ast.BlockStmt:
			return s, p.List
		case *ast.CaseClause:
			return s, p.Body
		case *ast.CommClause:
			return s, p.Body
		}
		return nil, nil
	}
	return nil, nil
}

// unconditional reports whether the loop l runs whenever the code that
// creates cr goes on past it: its statement is one of those that follow
// the creation in its statement list, not inside an if, a switch or a
// select there (the code between may still return early, which drops
// what was filled).
func (c *checker) unconditional(cr *creation, l *loops.Loop) bool {
	loop := c.tripsOf().Stmt(l)
	if loop == nil {
		return false
	}
	stmt, list := c.creationStmt(cr)
	if list == nil {
		return false
	}
	started := stmt == nil // a named result: the whole body follows it
	for _, s := range list {
		if s == stmt {
			started = true
			continue
		}
		if started && (s == loop || isLabeled(s, loop) || nilGuarded(s, loop)) {
			return true
		}
	}
	return false
}

// nilGuarded reports whether s is if x != nil { for ... range x {...} }
// around loop, with nothing else in it: ranging over a nil map or slice
// runs 0 times, as the count says, so the guard changes nothing.
func nilGuarded(s, loop ast.Stmt) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 || ifs.Body.List[0] != loop {
		return false
	}
	rs, ok := loop.(*ast.RangeStmt)
	cond, isBin := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok || !isBin || cond.Op != token.NEQ {
		return false
	}
	x, other := cond.X, cond.Y
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		x, other = other, x
	}
	if id, ok := other.(*ast.Ident); !ok || id.Name != "nil" {
		return false
	}
	return types.ExprString(x) == types.ExprString(rs.X)
}

// siteOf returns the statement before which a size for loop is written:
// the loop, or the nil guard around it in the creation's statement list.
func (c *checker) siteOf(cr *creation, loop ast.Stmt) ast.Stmt {
	_, list := c.creationStmt(cr)
	for _, s := range list {
		if nilGuarded(s, loop) {
			return s
		}
	}
	return loop
}
