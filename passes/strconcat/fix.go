package strconcat

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/heaplint/heaplint/internal/imports"
	"github.com/heaplint/heaplint/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// builderFix returns the edits that turn the local string variable v into a
// strings.Builder, or nil when that is not mechanical. It follows x/tools'
// modernize stringsbuilder, and also rewrites s = s + x and
// s = fmt.Sprintf("%s...", s, ...):
//
//	s := ""                          var s strings.Builder
//	for ... {                        for ... {
//		s += x                           s.WriteString(x)
//		s = s + y + z            =>      s.WriteString(y + z)
//		s += fmt.Sprintf(f, a)           fmt.Fprintf(&s, f, a)
//		s = fmt.Sprintf("%s,%d", s, i)   fmt.Fprintf(&s, ",%d", i)
//	}                                }
//	use(s)                           use(s.String())
//
// v must be declared by s := e or var s [string] [= e] in a statement list,
// every assignment to it must be one of the forms above, no assignment may
// follow (in the source) a read of it, it must be read at least once, and
// its address is never taken.
func builderFix(pass *analysis.Pass, fn *ssa.Function, v *types.Var) *analysis.SuggestedFix {
	if v.Kind() != types.LocalVar || !types.Identical(v.Type(), types.Typ[types.String]) {
		return nil
	}
	root := outermost(fn).Syntax()
	file := report.FileOf(pass, v.Pos())
	if root == nil || file == nil {
		return nil
	}
	prefix, importEdits, ok := stringsPrefix(pass, file, v.Pos())
	if !ok {
		return nil
	}
	f := &fixer{info: pass.TypesInfo, v: v, builder: prefix + "Builder"}
	f.edits = append(f.edits, importEdits...)
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if f.failed {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := n.(*ast.Ident); ok {
			f.ident(id, stack)
		}
		stack = append(stack, n)
		return true
	})
	if f.failed || !f.declared || !f.read {
		return nil
	}
	return &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Build %s in a strings.Builder", v.Name()),
		TextEdits: append(f.edits, f.post...),
	}
}

// fixer collects the edits of builderFix as it meets v's declaration and
// uses in source order.
type fixer struct {
	info     *types.Info
	v        *types.Var
	builder  string // "strings.Builder", as the file names it
	edits    []analysis.TextEdit
	post     []analysis.TextEdit // closing parentheses, after any .String() at the same place
	consumed []*ast.Ident        // uses of v that an edit removes
	declared bool
	read     bool // a read of v has been seen
	failed   bool
}

func (f *fixer) ident(id *ast.Ident, stack []ast.Node) {
	switch {
	case f.info.Defs[id] == f.v:
		f.declared = f.decl(id, stack)
		f.failed = !f.declared
	case f.info.Uses[id] == f.v:
		f.use(id, stack)
	}
}

// decl rewrites the declaration of v:
//
//	s := ""                     var s strings.Builder
//	s := e                  =>  var s strings.Builder; s.WriteString(e)
//	var s string = e            var s strings.Builder; s.WriteString(e)
func (f *fixer) decl(id *ast.Ident, stack []ast.Node) bool {
	name := id.Name
	switch p := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		if p.Tok != token.DEFINE || len(p.Lhs) != 1 || len(p.Rhs) != 1 || len(stack) < 2 {
			return false
		}
		switch stack[len(stack)-2].(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		default:
			return false // if s := e; ... cannot become two statements
		}
		if isEmptyString(f.info, p.Rhs[0]) {
			f.edits = append(f.edits, analysis.TextEdit{Pos: p.Pos(), End: p.End(),
				NewText: fmt.Appendf(nil, "var %s %s", name, f.builder)})
			return true
		}
		f.edits = append(f.edits,
			analysis.TextEdit{Pos: p.Pos(), End: p.Rhs[0].Pos(),
				NewText: fmt.Appendf(nil, "var %[1]s %[2]s; %[1]s.WriteString(", name, f.builder)},
			analysis.TextEdit{Pos: p.End(), End: p.End(), NewText: []byte(")")})
		return true
	case *ast.ValueSpec:
		if len(p.Names) != 1 || len(stack) < 3 {
			return false
		}
		gd, ok := stack[len(stack)-2].(*ast.GenDecl)
		if !ok || gd.Specs[len(gd.Specs)-1] != p {
			return false
		}
		if _, ok := stack[len(stack)-3].(*ast.DeclStmt); !ok {
			return false
		}
		init := id.End()
		if p.Type != nil {
			init = p.Type.End()
		}
		f.edits = append(f.edits, analysis.TextEdit{Pos: id.End(), End: init, NewText: []byte(" " + f.builder)})
		if len(p.Values) == 0 || isEmptyString(f.info, p.Values[0]) {
			if len(p.Values) > 0 {
				f.edits = append(f.edits, analysis.TextEdit{Pos: init, End: p.End()})
			}
			return true
		}
		if gd.Rparen.IsValid() {
			// var ( ...; s = e ) => var ( ...; s strings.Builder ); s.WriteString(e)
			f.edits = append(f.edits,
				analysis.TextEdit{Pos: init, End: init, NewText: []byte(")")},
				analysis.TextEdit{Pos: p.Values[0].End(), End: gd.End()})
		}
		f.edits = append(f.edits,
			analysis.TextEdit{Pos: init, End: p.Values[0].Pos(), NewText: fmt.Appendf(nil, "; %s.WriteString(", name)},
			analysis.TextEdit{Pos: p.Values[0].End(), End: p.Values[0].End(), NewText: []byte(")")})
		return true
	}
	return false
}

// use rewrites one use of v: an accumulation becomes a write to the
// builder, a read becomes s.String(), anything else gives up.
func (f *fixer) use(id *ast.Ident, stack []ast.Node) {
	for _, c := range f.consumed {
		if c == id {
			return
		}
	}
	parent := stack[len(stack)-1]
	if _, ok := parent.(*ast.ParenExpr); ok {
		f.failed = true // (s): rare, and &(s) would become &(s.String())
		return
	}
	if as, ok := parent.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && ast.Unparen(as.Lhs[0]) == id {
		if f.read || !f.accumulate(id, as) {
			f.failed = true // an assignment after a read, or one that is not an accumulation
		}
		return
	}
	if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND {
		f.failed = true
		return
	}
	if _, ok := parent.(*ast.AssignStmt); ok {
		for _, l := range parent.(*ast.AssignStmt).Lhs {
			if ast.Unparen(l) == id {
				f.failed = true // s, t = ...
				return
			}
		}
	}
	f.read = true
	f.edits = append(f.edits, analysis.TextEdit{Pos: id.End(), End: id.End(), NewText: []byte(".String()")})
}

// accumulate rewrites an assignment to v, and reports whether it could.
func (f *fixer) accumulate(id *ast.Ident, as *ast.AssignStmt) bool {
	name := id.Name
	if len(as.Rhs) != 1 {
		return false
	}
	rhs := as.Rhs[0]
	switch as.Tok {
	case token.ADD_ASSIGN:
		f.write(as, name, id.End(), rhs)
		return true
	case token.ASSIGN:
	default:
		return false
	}
	if inner := innermostConcat(f.info, as); inner != nil {
		// s = s + a + b: the operands after s + are appended.
		f.consumed = append(f.consumed, inner.X.(*ast.Ident))
		if inner == ast.Unparen(rhs) {
			f.write(as, name, id.End(), inner.Y)
		} else {
			f.edits = append(f.edits, analysis.TextEdit{Pos: id.End(), End: inner.Y.Pos(), NewText: []byte(".WriteString(")})
			f.post = append(f.post, analysis.TextEdit{Pos: as.End(), End: as.End(), NewText: []byte(")")})
		}
		return true
	}
	call, ok := sprintfCall(f.info, rhs)
	if !ok || len(call.Args) < 2 {
		return false
	}
	arg, ok := ast.Unparen(call.Args[1]).(*ast.Ident)
	if !ok || f.info.Uses[arg] != f.v {
		return false
	}
	rest, ok := formatRest(f.info, call.Args[0])
	if !ok || (rest == "" && len(call.Args) == 2) || strings.Contains(rest, "%[") {
		return false
	}
	// s = fmt.Sprintf("%s, %d", s, i)  =>  fmt.Fprintf(&s, ", %d", i)
	f.consumed = append(f.consumed, arg)
	sel := call.Fun.(*ast.SelectorExpr)
	f.edits = append(f.edits,
		analysis.TextEdit{Pos: as.Pos(), End: call.Pos()},
		analysis.TextEdit{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("Fprintf")},
		analysis.TextEdit{Pos: call.Args[0].Pos(), End: call.Args[0].End(), NewText: fmt.Appendf(nil, "&%s, %s", name, strconv.Quote(rest))})
	if len(call.Args) == 2 {
		f.edits = append(f.edits, analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[1].End()})
	} else {
		f.edits = append(f.edits, analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[2].Pos()})
	}
	return true
}

// write rewrites s += x (or s = s + x, from the end of s) into a write of x:
//
//	s +=          x                s +=      fmt.Sprintf(f, a)
//	 -------------  -       or     ---------            -
//	s.WriteString(x)               fmt.Fprintf(&s, f, a)
func (f *fixer) write(as *ast.AssignStmt, name string, lhsEnd token.Pos, x ast.Expr) {
	if call, ok := sprintfCall(f.info, x); ok {
		sel := call.Fun.(*ast.SelectorExpr)
		f.edits = append(f.edits,
			analysis.TextEdit{Pos: as.Pos(), End: call.Pos()},
			analysis.TextEdit{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("Fprintf")},
			analysis.TextEdit{Pos: call.Lparen + 1, End: call.Lparen + 1, NewText: fmt.Appendf(nil, "&%s, ", name)})
		if x.End() != as.End() {
			f.edits = append(f.edits, analysis.TextEdit{Pos: x.End(), End: as.End()}) // closing parentheses around x
		}
		return
	}
	f.edits = append(f.edits, analysis.TextEdit{Pos: lhsEnd, End: x.Pos(), NewText: []byte(".WriteString(")})
	if x.End() != as.End() {
		f.edits = append(f.edits, analysis.TextEdit{Pos: x.End(), End: as.End()})
	}
	f.post = append(f.post, analysis.TextEdit{Pos: as.End(), End: as.End(), NewText: []byte(")")})
}

// stringsPrefix returns how file names package strings at pos ("strings.",
// or the name it is imported as), with the edit that imports it when the
// file does not; not ok when another declaration hides the name.
func stringsPrefix(pass *analysis.Pass, file *ast.File, pos token.Pos) (string, []analysis.TextEdit, bool) {
	name, add := imports.Name(pass.TypesInfo, file, "strings", pos)
	switch {
	case name == "":
		return "", nil, false
	case add:
		return name + ".", []analysis.TextEdit{imports.Add(file, "strings")}, true
	}
	return name + ".", nil, true
}

func isEmptyString(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.ExactString() == `""`
}

func outermost(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}
