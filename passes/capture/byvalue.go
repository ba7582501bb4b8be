package capture

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"github.com/heaplint/heaplint/internal/typeshape"
)

// This file decides, as the compiler does, which captured variables a
// closure holds by reference. go/ssa always captures by reference (a
// closure binds the address of each variable), so SSA cannot tell; the
// compiler (cmd/compile/internal/escape, flowClosure) captures a variable
// by value when it is at most 128 bytes, its address is never taken, and it
// is never reassigned, and only a variable captured by reference is "moved
// to heap" when its closure escapes.
//
// "Reassigned" follows the compiler's escape analysis, which walks each
// function in source order, a closure's body where the closure appears:
//
//   - every assignment to the variable (or to a field or array element of
//     it) other than its declaration counts, including x++, x += 1, a
//     range statement's assignment, and return statements assigning named
//     results; a declaration without a value (var x T) does not;
//   - at the first capture, assignments made so far are forgotten when the
//     capture is at the loop depth of the declaration (straight-line code
//     before the capture);
//   - since Go 1.22 loop variables are per iteration: a range statement
//     declares fresh copies in the body, and a three-clause loop's post
//     statement updates a hidden copy, so neither reassigns the variable
//     the body sees. Before Go 1.22 both do, and the variable is declared
//     once, outside the loop.
//
// The address is taken by &x, &x.f, &x[i] on an array, slicing an array,
// and calling (or taking a method value of) a pointer method on x.

// varInfo is the compiler's view of one local variable of a function.
type varInfo struct {
	depth      int // loop depth at declaration, within its function
	reassigned bool
	addrtaken  bool
	captured   bool
	shared     bool // a loop variable of a loop before Go 1.22: one for all iterations
}

// captures is the capture information of one top-level function and the
// closures in it.
type captures struct {
	info  *types.Info
	vars  map[*types.Var]*varInfo
	go122 bool // the file's Go version has per-iteration loop variables

	depth   int                // current loop depth, within the current function
	results []*types.Var       // the current function's named results
	labels  map[token.Pos]bool // positions of labels that a later goto targets

	// inline: walk directly called closures as inlined at their calls.
	inline bool
	direct map[*types.Var]*ast.FuncLit // closures bound to a variable and only called
	lits   map[*ast.FuncLit]bool       // the literals in direct
}

// analyzeCaptures walks decl, the syntax of a top-level function, and
// records how each of its local variables is assigned and addressed.
func analyzeCaptures(info *types.Info, decl *ast.FuncDecl, goVersion string, inline bool) *captures {
	c := &captures{
		info:   info,
		vars:   make(map[*types.Var]*varInfo),
		go122:  goVersion == "" || version.Compare(goVersion, "go1.22") >= 0,
		inline: inline,
	}
	if decl.Body == nil {
		return c
	}
	if inline {
		c.direct, c.lits = directClosures(info, decl.Body)
	}
	c.function(decl.Recv, decl.Type, decl.Body)
	return c
}

// directClosures finds the variables bound to a function literal by their
// declaration (f := func... or var f = func...) that are never assigned
// again and only ever called.
func directClosures(info *types.Info, body *ast.BlockStmt) (map[*types.Var]*ast.FuncLit, map[*ast.FuncLit]bool) {
	bound := map[*types.Var]*ast.FuncLit{}
	bind := func(id *ast.Ident, e ast.Expr) {
		lit, ok := ast.Unparen(e).(*ast.FuncLit)
		if !ok {
			return
		}
		if v, ok := info.Defs[id].(*types.Var); ok && v != nil {
			bound[v] = lit
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						bind(id, n.Rhs[i])
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					bind(id, n.Values[i])
				}
			}
		}
		return true
	})
	if len(bound) == 0 {
		return nil, nil
	}
	// Every use must be the callee of a call.
	called := map[*ast.Ident]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
				called[id] = true
			}
		}
		return true
	})
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && bound[v] != nil && !called[id] {
				delete(bound, v)
			}
		}
		return true
	})
	lits := make(map[*ast.FuncLit]bool, len(bound))
	for _, lit := range bound {
		lits[lit] = true
	}
	return bound, lits
}

// inlined walks the body of a directly called closure as the compiler's
// inliner places it: at the call, in the caller's loop depth, capturing
// nothing.
func (c *captures) inlined(lit *ast.FuncLit) {
	savedResults, savedLabels := c.results, c.labels
	c.results = nil
	c.declareFields(lit.Type.Params)
	if lit.Type.Results != nil {
		for _, f := range lit.Type.Results.List {
			for _, name := range f.Names {
				if v := c.declare(name); v != nil {
					c.results = append(c.results, v)
				}
			}
		}
	}
	c.labels = loopingLabels(lit.Body)
	c.block(lit.Body.List)
	c.results, c.labels = savedResults, savedLabels
}

// shared reports whether v is a loop variable shared by all iterations of
// a loop written before Go 1.22.
func (c *captures) shared(v *types.Var) bool {
	vi := c.vars[v]
	return vi != nil && vi.shared
}

// byRef reports whether the compiler captures v by reference, and why.
func (c *captures) byRef(sizes types.Sizes, v *types.Var) (bool, string) {
	vi := c.vars[v]
	if vi == nil {
		return false, ""
	}
	switch {
	case vi.addrtaken:
		return true, "its address is taken"
	case vi.reassigned:
		return true, "it is reassigned"
	}
	if n, ok := typeshape.Size(sizes, v.Type()); ok && n > 128 {
		return true, "it is larger than 128 bytes"
	}
	return false, ""
}

// function walks one function's body with a fresh loop depth, as the
// compiler analyzes each closure as a function of its own.
func (c *captures) function(recv *ast.FieldList, typ *ast.FuncType, body *ast.BlockStmt) {
	savedDepth, savedResults, savedLabels := c.depth, c.results, c.labels
	c.depth = 1
	c.results = nil
	c.declareFields(recv)
	c.declareFields(typ.Params)
	if typ.Results != nil {
		for _, f := range typ.Results.List {
			for _, name := range f.Names {
				if v := c.declare(name); v != nil {
					c.results = append(c.results, v)
				}
			}
		}
	}
	c.labels = loopingLabels(body)
	c.block(body.List)
	c.depth, c.results, c.labels = savedDepth, savedResults, savedLabels
}

func (c *captures) declareFields(fl *ast.FieldList) {
	if fl == nil {
		return
	}
	for _, f := range fl.List {
		for _, name := range f.Names {
			c.declare(name)
		}
	}
}

// declare records the variable id defines, at the current depth.
func (c *captures) declare(id *ast.Ident) *types.Var {
	v, ok := c.info.Defs[id].(*types.Var)
	if !ok || v == nil {
		return nil
	}
	if _, seen := c.vars[v]; !seen {
		c.vars[v] = &varInfo{depth: c.depth}
	}
	return v
}

// loopingLabels returns the labels of body (not of nested function
// literals) that a goto after them jumps back to.
func loopingLabels(body *ast.BlockStmt) map[token.Pos]bool {
	var labels map[string]token.Pos
	var looping map[token.Pos]bool
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			if labels == nil {
				labels = map[string]token.Pos{}
			}
			labels[n.Label.Name] = n.Pos()
		case *ast.BranchStmt:
			if n.Tok == token.GOTO && n.Label != nil {
				if p, ok := labels[n.Label.Name]; ok {
					if looping == nil {
						looping = map[token.Pos]bool{}
					}
					looping[p] = true
				}
			}
		}
		return true
	})
	return looping
}

// block walks a statement list; loop depth raised by looping labels ends
// with the list, as in the compiler.
func (c *captures) block(list []ast.Stmt) {
	saved := c.depth
	for _, s := range list {
		c.stmt(s)
	}
	c.depth = saved
}

func (c *captures) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil:
	case *ast.BlockStmt:
		c.block(s.List)
	case *ast.LabeledStmt:
		if c.labels[s.Pos()] {
			c.depth++
		}
		c.stmt(s.Stmt)
	case *ast.AssignStmt:
		for _, e := range s.Rhs {
			c.expr(e)
		}
		for _, e := range s.Lhs {
			c.lhs(e)
		}
		for _, e := range s.Lhs {
			if id, ok := ast.Unparen(e).(*ast.Ident); ok && s.Tok == token.DEFINE {
				if c.declare(id) != nil {
					continue // declared here
				}
			}
			c.assign(e)
		}
	case *ast.IncDecStmt:
		c.expr(s.X)
		c.assign(s.X)
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			return
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for _, e := range vs.Values {
				c.expr(e)
			}
			for _, name := range vs.Names {
				c.declare(name)
			}
		}
	case *ast.ExprStmt:
		c.expr(s.X)
	case *ast.SendStmt:
		c.expr(s.Chan)
		c.expr(s.Value)
	case *ast.GoStmt:
		c.expr(s.Call)
	case *ast.DeferStmt:
		c.expr(s.Call)
	case *ast.ReturnStmt:
		for _, e := range s.Results {
			c.expr(e)
		}
		if len(s.Results) > 0 {
			for _, v := range c.results {
				c.reassign(v)
			}
		}
	case *ast.IfStmt:
		saved := c.depth
		c.stmt(s.Init)
		c.expr(s.Cond)
		c.stmt(s.Body)
		c.stmt(s.Else)
		c.depth = saved
	case *ast.SwitchStmt:
		c.stmt(s.Init)
		c.expr(s.Tag)
		c.clauses(s.Body)
	case *ast.TypeSwitchStmt:
		c.stmt(s.Init)
		c.stmt(s.Assign)
		c.clauses(s.Body)
	case *ast.SelectStmt:
		c.clauses(s.Body)
	case *ast.ForStmt:
		c.forStmt(s)
	case *ast.RangeStmt:
		c.rangeStmt(s)
	}
}

// clauses walks the cases of a switch, type switch or select.
func (c *captures) clauses(body *ast.BlockStmt) {
	for _, cl := range body.List {
		switch cl := cl.(type) {
		case *ast.CaseClause:
			for _, e := range cl.List {
				c.expr(e)
			}
			// A type switch's symbolic variable: one implicit
			// variable per clause, declared by the clause.
			if v, ok := c.info.Implicits[cl].(*types.Var); ok {
				if _, seen := c.vars[v]; !seen {
					c.vars[v] = &varInfo{depth: c.depth}
				}
			}
			c.block(cl.Body)
		case *ast.CommClause:
			c.stmt(cl.Comm)
			c.block(cl.Body)
		}
	}
}

func (c *captures) forStmt(s *ast.ForStmt) {
	saved := c.depth
	var loopVars []*types.Var
	if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE && c.go122 {
		// Per-iteration variables: declared inside the loop.
		for _, e := range as.Rhs {
			c.expr(e)
		}
		c.depth++
		for _, e := range as.Lhs {
			if id, ok := e.(*ast.Ident); ok {
				if v := c.declare(id); v != nil {
					loopVars = append(loopVars, v)
				}
			}
		}
	} else {
		c.stmt(s.Init)
		if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, e := range as.Lhs {
				if vi := c.vars[c.root(e)]; vi != nil {
					vi.shared = true
				}
			}
		}
		c.depth++
	}
	c.expr(s.Cond)
	if loopVars != nil {
		// The post statement updates the hidden copy of the loop
		// variables, not the variables the body sees.
		c.stmtExcept(s.Post, loopVars)
	} else {
		c.stmt(s.Post)
	}
	c.stmt(s.Body)
	c.depth = saved
}

// stmtExcept walks s without counting assignments to the variables in
// skip as reassignments.
func (c *captures) stmtExcept(s ast.Stmt, skip []*types.Var) {
	before := make([]bool, len(skip))
	for i, v := range skip {
		before[i] = c.vars[v].reassigned
	}
	c.stmt(s)
	for i, v := range skip {
		c.vars[v].reassigned = before[i]
	}
}

func (c *captures) rangeStmt(s *ast.RangeStmt) {
	saved := c.depth
	c.expr(s.X)
	c.depth++
	for _, e := range []ast.Expr{s.Key, s.Value} {
		if e == nil {
			continue
		}
		if s.Tok == token.DEFINE {
			id, ok := e.(*ast.Ident)
			if !ok {
				continue
			}
			if c.go122 {
				c.declare(id) // a fresh copy per iteration
				continue
			}
			// One variable for the whole loop, declared outside it and
			// assigned by every iteration.
			c.depth--
			v := c.declare(id)
			c.depth++
			c.reassign(v)
			if vi := c.vars[v]; vi != nil {
				vi.shared = true
			}
			continue
		}
		c.lhs(e)
		c.assign(e)
	}
	c.stmt(s.Body)
	c.depth = saved
}

// lhs walks the parts of an assignment's left-hand side that are evaluated
// (indexes, pointers), not the variable assigned.
func (c *captures) lhs(e ast.Expr) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
	case *ast.SelectorExpr:
		c.lhs(e.X)
	case *ast.IndexExpr:
		c.lhs(e.X)
		c.expr(e.Index)
	case *ast.StarExpr:
		c.expr(e.X)
	default:
		c.expr(e)
	}
}

// assign records an assignment to e.
func (c *captures) assign(e ast.Expr) {
	c.reassign(c.root(e))
}

func (c *captures) reassign(v *types.Var) {
	if vi := c.vars[v]; vi != nil {
		vi.reassigned = true
	}
}

func (c *captures) addr(e ast.Expr) {
	if vi := c.vars[c.root(e)]; vi != nil {
		vi.addrtaken = true
	}
}

// root returns the variable whose own storage e denotes: x for x, x.f
// (x a struct, not a pointer), x[i] (x an array), or nil.
func (c *captures) root(e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := c.info.Uses[x].(*types.Var)
			if v == nil {
				v, _ = c.info.Defs[x].(*types.Var)
			}
			if v == nil || v.IsField() {
				return nil
			}
			return v
		case *ast.SelectorExpr:
			sel := c.info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal || sel.Indirect() {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			tv, ok := c.info.Types[x.X]
			if !ok {
				return nil
			}
			if _, isArray := tv.Type.Underlying().(*types.Array); !isArray {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}

// expr walks an expression: function literals capture, and some
// expressions take addresses.
func (c *captures) expr(e ast.Expr) {
	if e == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if !c.lits[n] { // a directly called closure is walked at its calls
				c.funcLit(n)
			}
			return false
		case *ast.CallExpr:
			if !c.inline {
				break
			}
			var lit *ast.FuncLit
			switch fun := ast.Unparen(n.Fun).(type) {
			case *ast.FuncLit:
				lit = fun
			case *ast.Ident:
				if v, ok := c.info.Uses[fun].(*types.Var); ok {
					lit = c.direct[v]
				}
			}
			if lit == nil {
				break
			}
			for _, a := range n.Args {
				c.expr(a)
			}
			c.inlined(lit)
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				c.addr(n.X)
			}
		case *ast.SliceExpr:
			if tv, ok := c.info.Types[n.X]; ok {
				if _, isArray := tv.Type.Underlying().(*types.Array); isArray {
					c.addr(n.X)
				}
			}
		case *ast.SelectorExpr:
			// x.M() or x.M with a pointer method on an addressable x.
			sel := c.info.Selections[n]
			if sel != nil && sel.Kind() == types.MethodVal && !sel.Indirect() {
				if recv := sel.Obj().(*types.Func).Signature().Recv(); recv != nil {
					if _, ptr := recv.Type().Underlying().(*types.Pointer); ptr {
						if _, xptr := sel.Recv().Underlying().(*types.Pointer); !xptr {
							c.addr(n.X)
						}
					}
				}
			}
		}
		return true
	})
}

// funcLit records the captures of a function literal and walks its body.
func (c *captures) funcLit(lit *ast.FuncLit) {
	for _, v := range c.freeVars(lit) {
		vi := c.vars[v]
		if !vi.captured {
			vi.captured = true
			if vi.depth == c.depth {
				vi.reassigned = false
			}
		}
	}
	c.function(nil, lit.Type, lit.Body)
}

// freeVars returns the variables of the enclosing functions that lit uses
// (in nested literals too), in order of first use.
func (c *captures) freeVars(lit *ast.FuncLit) []*types.Var {
	var out []*types.Var
	seen := map[*types.Var]bool{}
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := c.info.Uses[id].(*types.Var)
		if !ok || v.IsField() || seen[v] || (v.Pos() >= lit.Pos() && v.Pos() < lit.End()) {
			return true
		}
		if _, local := c.vars[v]; local {
			seen[v] = true
			out = append(out, v)
		}
		return true
	})
	return out
}
