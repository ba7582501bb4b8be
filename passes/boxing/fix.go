package boxing

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/heaplint/heaplint/internal/fmtfix"
	"github.com/heaplint/heaplint/internal/imports"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// fmtCalls are the fmt functions fmtfix can rewrite.
var fmtCalls = map[string]bool{
	"fmt.Sprintf": true, "fmt.Sprint": true, "fmt.Errorf": true, "fmt.Fprintf": true, "fmt.Fprint": true,
}

// fmtRewrite returns the fix replacing the fmt call with fmtfix's
// rewrite, and the advice naming it; ok is false when there is none.
func (c *checker) fmtRewrite(call ssa.CallInstruction) (fix *analysis.SuggestedFix, advice string, ok bool) {
	if call == nil || !fmtCalls[calleeKey(call)] {
		return nil, "", false
	}
	ce := ssapos.CallExpr(c.fn, call.Pos())
	file := report.FileOf(c.pass, call.Pos())
	if ce == nil || file == nil || c.libcallOwns(ce) {
		return nil, "", false
	}
	src := c.source(file)
	if src == nil {
		return nil, "", false
	}
	tf := c.pass.Fset.File(file.Pos())
	text := func(e ast.Expr) string {
		return string(src[tf.Offset(e.Pos()):tf.Offset(e.End())])
	}
	var adds []string
	names := func(path string) string {
		name, add := imports.Name(c.pass.TypesInfo, file, path, ce.Pos())
		if add {
			adds = append(adds, path)
		}
		return name
	}
	rw, ok := fmtfix.Suggest(c.pass.TypesInfo, ce, names, text)
	if !ok {
		return nil, "", false
	}
	edits := []analysis.TextEdit{{Pos: ce.Pos(), End: ce.End(), NewText: []byte(parenthesize(c.fn, ce, rw.Text))}}
	for _, path := range adds {
		edits = append(edits, imports.Add(file, path))
	}
	if pn := c.soleUse(file, ce); pn != nil {
		if e, ok := imports.Remove(c.pass.Fset, file, c.pass.TypesInfo, pn); ok {
			edits = append(edits, e)
		}
	}
	fix = &analysis.SuggestedFix{Message: "Replace " + rw.Func + " with " + rw.Short, TextEdits: edits}
	if report.ValidateFix(c.pass.Fset, ce.Pos(), *fix) != nil {
		return nil, "", false
	}
	return fix, "write " + rw.Short + " instead: the same text without fmt", true
}

// libcallOwns reports whether ce, a fmt.Sprint* call, has its result
// appended to a []byte or written to a writer: libcall rewrites those
// (fmt.Append*, fmt.Fprint*), and two fixes of one call would conflict.
func (c *checker) libcallOwns(ce *ast.CallExpr) bool {
	path := ssapos.Path(c.fn, ce.Pos())
	for i, n := range path {
		if n != ce || i+1 >= len(path) {
			continue
		}
		if as, ok := path[i+1].(*ast.AssignStmt); ok {
			return selfAppend(as, ce) // s = fmt.Sprintf("%s...", s, ...): strconcat's
		}
		outer, ok := path[i+1].(*ast.CallExpr)
		if !ok {
			return false
		}
		if tv := c.pass.TypesInfo.Types[outer.Fun]; tv.IsType() {
			return true // []byte(fmt.Sprint(...))
		}
		switch fun := ast.Unparen(outer.Fun).(type) {
		case *ast.Ident:
			return fun.Name == "append" && c.pass.TypesInfo.Uses[fun] == types.Universe.Lookup("append")
		case *ast.SelectorExpr:
			return fun.Sel.Name == "WriteString" || fun.Sel.Name == "Write"
		}
		return false
	}
	return false
}

// selfAppend reports whether as assigns to a variable that ce formats.
func selfAppend(as *ast.AssignStmt, ce *ast.CallExpr) bool {
	for _, lhs := range as.Lhs {
		for _, a := range ce.Args {
			if types.ExprString(lhs) == types.ExprString(a) {
				return true
			}
		}
	}
	return false
}

// parenthesize wraps a rewrite made of several operands of + in
// parentheses where the call was an operand of something tighter.
func parenthesize(fn *ssa.Function, ce *ast.CallExpr, text string) string {
	if !strings.Contains(text, " + ") {
		return text
	}
	path := ssapos.Path(fn, ce.Pos())
	for i, n := range path {
		if n != ce {
			continue
		}
		if i+1 < len(path) {
			switch p := path[i+1].(type) {
			case *ast.SelectorExpr, *ast.IndexExpr, *ast.SliceExpr, *ast.UnaryExpr, *ast.StarExpr, *ast.TypeAssertExpr:
				return "(" + text + ")"
			case *ast.BinaryExpr:
				if p.Op != token.ADD || p.Y == ce {
					return "(" + text + ")"
				}
			}
		}
		break
	}
	return text
}

// soleUse returns fmt's package name in file when ce's callee is its only
// use there, so that the fix also removes the import.
func (c *checker) soleUse(file *ast.File, ce *ast.CallExpr) *types.PkgName {
	sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	pn, ok := c.pass.TypesInfo.Uses[id].(*types.PkgName)
	if !ok {
		return nil
	}
	if c.pkgUses == nil {
		c.pkgUses = map[*types.PkgName]int{}
		for id, obj := range c.pass.TypesInfo.Uses {
			if pn, ok := obj.(*types.PkgName); ok {
				if report.FileOf(c.pass, id.Pos()) == report.FileOf(c.pass, pn.Pos()) {
					c.pkgUses[pn]++
				}
			}
		}
	}
	if c.pkgUses[pn] != 1 {
		return nil
	}
	return pn
}

// source returns the text of file, read once.
func (c *checker) source(file *ast.File) []byte {
	if src, ok := c.sources[file]; ok {
		return src
	}
	name := c.pass.Fset.File(file.Pos()).Name()
	src, err := c.pass.ReadFile(name)
	if err != nil {
		src = nil
	}
	if c.sources == nil {
		c.sources = map[*ast.File][]byte{}
	}
	c.sources[file] = src
	return src
}

// fmtOnly reports a call of fmt that boxes nothing (its arguments are
// constants, single bytes, or none) but that fmtfix rewrites: fmt still
// parses the format and copies the text, where the rewrite does not.
func (c *checker) fmtOnly(b *ssa.BasicBlock, call ssa.CallInstruction) {
	fix, advice, ok := c.fmtRewrite(call)
	if !ok {
		return
	}
	ce := ssapos.CallExpr(c.fn, call.Pos())
	report.Emit(c.pass, c.cfg.Scope, report.Finding{
		Pos: ce.Pos(), End: ce.Lparen, Block: b,
		Claim:  calleeKey(call) + " formats with fmt",
		Why:    "nothing in it needs fmt",
		Advice: advice,
		Fix:    fix,
	})
}
