// Package ssatest builds SSA from Go source for the unit tests of the
// internal helpers. Analyzers never use it: they get SSA from buildssa.
package ssatest

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// Build type-checks src as package p and builds its SSA with the same
// builder mode buildssa uses.
func Build(t testing.TB, src string) (*ssa.Package, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	pkg := types.NewPackage("p", "p")
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	ssapkg, _, err := ssautil.BuildPackage(conf, fset, pkg, []*ast.File{f}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ssapkg, f
}

// Func returns the package-level function called name, failing the test if
// there is none.
func Func(t testing.TB, pkg *ssa.Package, name string) *ssa.Function {
	t.Helper()
	fn := pkg.Func(name)
	if fn == nil {
		t.Fatalf("no function %s", name)
	}
	return fn
}
