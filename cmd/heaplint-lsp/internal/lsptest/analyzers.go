// Package lsptest holds what heaplint-lsp's tests share: checks that do
// not depend on which heaplint checks are registered, and a minimal LSP
// client that speaks the wire protocol by hand. Only tests import it.
package lsptest

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"golang.org/x/tools/go/analysis"
)

// URL is the documentation address of the test checks.
const URL = "https://example.com/heaplint-lsp-test"

// Analyzers returns fresh test checks, ignoring cfg's check names (there
// are none to match), so a server under test finds things in
// testdata/lspmod whatever heaplint checks exist:
//
//   - testalloc reports each call of a function named alloc and offers
//     the fix "Replace alloc with noalloc";
//   - testfacts uses facts: it marks functions whose name starts with
//     Alloc and reports calls of marked functions of other packages;
//   - testpanic panics on a package declaring a function named boom.
func Analyzers(cfg analyzer.Config) ([]*analysis.Analyzer, error) {
	if cfg.Default == analyzer.DefaultNone {
		return nil, nil
	}
	return []*analysis.Analyzer{newAlloc(), newFacts(), newPanic()}, nil
}

func newAlloc() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "testalloc",
		Doc:  "testalloc: report calls of alloc",
		URL:  URL,
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					id, ok := call.Fun.(*ast.Ident)
					if !ok || id.Name != "alloc" {
						return true
					}
					if _, ok := pass.TypesInfo.Uses[id].(*types.Func); !ok {
						return true
					}
					pass.Report(analysis.Diagnostic{
						Pos: call.Pos(), End: call.End(), Category: "call",
						Message: "alloc allocates on every call; call noalloc instead",
						SuggestedFixes: []analysis.SuggestedFix{{
							Message:   "Replace alloc with noalloc",
							TextEdits: []analysis.TextEdit{{Pos: id.Pos(), End: id.End(), NewText: []byte("noalloc")}},
						}},
					})
					return true
				})
			}
			return nil, nil
		},
	}
}

// allocFact marks a function as allocating.
type allocFact struct{}

func (*allocFact) AFact()         {}
func (*allocFact) String() string { return "allocates" }

func newFacts() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "testfacts",
		Doc:       "testfacts: report calls of functions another package marked",
		URL:       URL,
		FactTypes: []analysis.Fact{new(allocFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, f := range pass.Files {
				for _, decl := range f.Decls {
					if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Alloc") {
						pass.ExportObjectFact(pass.TypesInfo.Defs[fd.Name], new(allocFact))
					}
				}
			}
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					sel, ok := n.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					fn, ok := pass.TypesInfo.Uses[sel.Sel].(*types.Func)
					if ok && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, new(allocFact)) {
						pass.Reportf(sel.Pos(), "%s.%s allocates (a fact from package %s)", fn.Pkg().Name(), fn.Name(), fn.Pkg().Path())
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

func newPanic() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "testpanic",
		Doc:  "testpanic: panic on a function named boom",
		URL:  URL,
		Run: func(pass *analysis.Pass) (any, error) {
			if obj := pass.Pkg.Scope().Lookup("boom"); obj != nil {
				panic(fmt.Sprintf("boom in %s", pass.Pkg.Path()))
			}
			return nil, nil
		},
	}
}
