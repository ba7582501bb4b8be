// Package imports makes the import edits of heaplint's suggested fixes:
// how code at a position can name a package, the edit that imports it, and
// the edit that removes an import a fix leaves unused. Every check's fix
// imports the same way, so that drivers merge fixes that import packages
// into one file (two insertions of whole lines at one place).
package imports

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// Name returns how code at pos in file can refer to the package path: the
// name of the file's import of it, with add false; or, when the file does
// not import it, its last path element, with add true, if nothing in scope
// at pos has that name. "" when neither: no fix can name it there.
func Name(info *types.Info, file *ast.File, path string, pos token.Pos) (name string, add bool) {
	scope := info.Scopes[file]
	if scope == nil {
		return "", false
	}
	inner := scope.Innermost(pos)
	if inner == nil {
		inner = scope
	}
	base := path[lastSlash(path)+1:]
	for _, spec := range file.Imports {
		pn := info.PkgNameOf(spec)
		if pn == nil || pn.Imported().Path() != path || pn.Name() == "_" || pn.Name() == "." {
			continue
		}
		if _, obj := inner.LookupParent(pn.Name(), pos); obj == pn {
			return pn.Name(), false
		}
		return "", false // imported, but shadowed at pos
	}
	if _, obj := inner.LookupParent(base, pos); obj != nil {
		return "", false
	}
	return base, true
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}

// Add returns the edit that imports path into file: a line at the
// end of its first import group, or a declaration of its own before the
// first declaration (gofmt and goimports sort and merge them).
func Add(file *ast.File, path string) analysis.TextEdit {
	quoted := strconv.Quote(path)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if gd.Rparen.IsValid() {
			return analysis.TextEdit{Pos: gd.Rparen, End: gd.Rparen, NewText: []byte("\t" + quoted + "\n")}
		}
	}
	if len(file.Decls) > 0 {
		pos := file.Decls[0].Pos()
		if gd, ok := file.Decls[0].(*ast.GenDecl); ok && gd.Doc != nil {
			pos = gd.Doc.Pos()
		} else if fd, ok := file.Decls[0].(*ast.FuncDecl); ok && fd.Doc != nil {
			pos = fd.Doc.Pos()
		}
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("import " + quoted + "\n\n")}
	}
	return analysis.TextEdit{Pos: file.FileEnd, End: file.FileEnd, NewText: []byte("\nimport " + quoted + "\n")}
}

// Remove returns the edit that deletes the import of the package
// pn names from file (its line; the whole declaration when it is the only
// import of an unparenthesized one), or false.
func Remove(fset *token.FileSet, file *ast.File, info *types.Info, pn *types.PkgName) (analysis.TextEdit, bool) {
	tf := fset.File(file.Pos())
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, s := range gd.Specs {
			spec := s.(*ast.ImportSpec)
			if info.PkgNameOf(spec) != pn {
				continue
			}
			from, to := spec.Pos(), spec.End()
			if spec.Doc != nil {
				from = spec.Doc.Pos()
			}
			from = tf.LineStart(tf.Line(from))
			if !gd.Rparen.IsValid() {
				from, to = gd.Pos(), gd.End()
			}
			// To the start of the next line, when nothing else is on it.
			line := tf.Line(to)
			if line < tf.LineCount() {
				next := tf.LineStart(line + 1)
				if spec.Comment == nil || spec.Comment.End() <= next {
					to = next
				}
			}
			return analysis.TextEdit{Pos: from, End: to}, true
		}
	}
	return analysis.TextEdit{}, false
}
