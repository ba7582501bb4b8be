// Package ssapos recovers source positions and syntax for SSA values that
// carry none of their own. buildssa builds without debug info, so implicit
// conversions (an argument passed to an interface or ...any parameter) and
// several other instructions have no position; checks must report at the
// allocating expression, and never at token.NoPos.
//
// The lookups walk one function's syntax and are meant for the moment of
// reporting, not for every instruction.
package ssapos

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Pos returns instr's own position or, for a value without one, the first
// valid position among its referrers (the use site, such as a call's
// opening parenthesis). NoPos when neither has one.
func Pos(instr ssa.Instruction) token.Pos {
	if p := instr.Pos(); p.IsValid() {
		return p
	}
	v, ok := instr.(ssa.Value)
	if !ok || v.Referrers() == nil {
		return token.NoPos
	}
	for _, r := range *v.Referrers() {
		if p := r.Pos(); p.IsValid() {
			return p
		}
	}
	return token.NoPos
}

// Path returns the syntax nodes of fn that enclose pos, innermost first;
// nil when fn has no syntax or pos is outside it.
func Path(fn *ssa.Function, pos token.Pos) []ast.Node {
	root := fn.Syntax()
	if root == nil || !pos.IsValid() || pos < root.Pos() || pos >= root.End() {
		return nil
	}
	var path []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		path = append(path, n)
		return true
	})
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path
}

// CallExpr returns the call expression in fn whose opening parenthesis is at
// lparen (the position go/ssa gives a call), or nil.
func CallExpr(fn *ssa.Function, lparen token.Pos) *ast.CallExpr {
	for _, n := range Path(fn, lparen) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
			return call
		}
	}
	return nil
}

// EnclosingLoop returns the innermost for or range statement of fn around
// pos, or nil. It does not look past a function literal: a loop outside a
// closure does not make the closure's body run per iteration.
func EnclosingLoop(fn *ssa.Function, pos token.Pos) ast.Stmt {
	for _, n := range Path(fn, pos) {
		switch n := n.(type) {
		case *ast.ForStmt:
			return n
		case *ast.RangeStmt:
			return n
		case *ast.FuncLit:
			// A literal's own position belongs to the function creating it.
			if n != fn.Syntax() && pos >= n.Body.Lbrace {
				return nil
			}
		}
	}
	return nil
}

// FuncLit returns the function literal a closure or anonymous function was
// built from, or nil.
func FuncLit(v ssa.Value) *ast.FuncLit {
	switch v := v.(type) {
	case *ssa.MakeClosure:
		return FuncLit(v.Fn)
	case *ssa.Function:
		lit, _ := v.Syntax().(*ast.FuncLit)
		return lit
	}
	return nil
}

// ArgExpr returns the argument expression of a call in fn that the SSA
// value v was computed for: v is an argument of call (directly, or stored
// into the implicit slice of a ...T parameter). It needs the package's type
// information to tell a method expression T.M(x, ...) from a method call
// x.M(...). Nil when v is not an argument of call or the syntax is missing.
func ArgExpr(info *types.Info, fn *ssa.Function, call *ssa.CallCommon, lparen token.Pos, v ssa.Value) ast.Expr {
	syntax := CallExpr(fn, lparen)
	if syntax == nil {
		return nil
	}
	// Arguments of the SSA call that have no syntax: the receiver of a
	// static method call written x.M(...).
	skip := 0
	if !call.IsInvoke() && call.Signature().Recv() != nil && !isMethodExpr(info, syntax.Fun) {
		skip = 1
	}
	sig := call.Signature()
	packed := sig.Variadic() && !syntax.Ellipsis.IsValid()
	for j, arg := range call.Args {
		i := j - skip
		if i < 0 {
			continue
		}
		if arg == v {
			return argAt(syntax, i)
		}
		// The last argument of a packed variadic call is a slice of a fresh
		// array whose elements are the syntax's trailing arguments.
		if packed && j == len(call.Args)-1 {
			if k, ok := packedIndex(arg, v); ok {
				return argAt(syntax, i+k)
			}
		}
	}
	return nil
}

func argAt(call *ast.CallExpr, i int) ast.Expr {
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}

func isMethodExpr(info *types.Info, fun ast.Expr) bool {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok || info == nil {
		return false
	}
	s := info.Selections[sel]
	return s != nil && s.Kind() == types.MethodExpr
}

// packedIndex reports the element index at which v is stored into the array
// behind the variadic slice arg (Slice of an Alloc, elements stored through
// IndexAddr with constant indexes).
func packedIndex(arg, v ssa.Value) (int, bool) {
	slice, ok := arg.(*ssa.Slice)
	if !ok {
		return 0, false
	}
	alloc, ok := slice.X.(*ssa.Alloc)
	if !ok || alloc.Referrers() == nil {
		return 0, false
	}
	for _, r := range *alloc.Referrers() {
		ia, ok := r.(*ssa.IndexAddr)
		if !ok || ia.Referrers() == nil {
			continue
		}
		idx, ok := ia.Index.(*ssa.Const)
		if !ok {
			continue
		}
		for _, u := range *ia.Referrers() {
			if st, ok := u.(*ssa.Store); ok && st.Val == v && st.Addr == ia {
				return int(idx.Int64()), true
			}
		}
	}
	return 0, false
}

// AllocSyntax is the source of an SSA Alloc: the &T{...}, new(T) or
// variable behind it.
type AllocSyntax struct {
	Pos, End token.Pos
	What     string // "&T{...}", "&T{}", "new(T)" or the variable's name
	Variable bool   // a variable moved to the heap, not &T{...} or new(T)
}

// Alloc finds the syntax that allocates a in fn; typeName is how the
// message names a's element type. An element of a composite literal whose
// & is implicit is its literal. False when the syntax is not found.
func Alloc(fn *ssa.Function, a *ssa.Alloc, typeName string) (AllocSyntax, bool) {
	path := Path(fn, a.Pos())
	switch a.Comment {
	case "complit":
		for i, n := range path {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || lit.Lbrace != a.Pos() {
				continue
			}
			what := "&" + typeName + "{...}"
			if len(lit.Elts) == 0 {
				what = "&" + typeName + "{}"
			}
			if i+1 < len(path) {
				if u, ok := path[i+1].(*ast.UnaryExpr); ok && u.Op == token.AND {
					return AllocSyntax{u.Pos(), u.End(), what, false}, true
				}
			}
			return AllocSyntax{lit.Pos(), lit.End(), what, false}, true
		}
	case "new":
		for _, n := range path {
			if call, ok := n.(*ast.CallExpr); ok && call.Lparen == a.Pos() {
				return AllocSyntax{call.Pos(), call.End(), "new(" + typeName + ")", false}, true
			}
		}
	default:
		for _, n := range path {
			if id, ok := n.(*ast.Ident); ok && id.Pos() == a.Pos() {
				return AllocSyntax{id.Pos(), id.End(), id.Name, true}, true
			}
		}
	}
	return AllocSyntax{}, false
}
