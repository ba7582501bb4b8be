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
	pkg, files := BuildFiles(t, File{"p.go", src})
	return pkg, files[0]
}

// File is one source file of a test package.
type File struct{ Name, Src string }

// BuildFiles is Build for a package of several files (say, one a _test.go
// or generated file), returning their syntax in order; pkg.Prog.Fset holds
// their positions.
func BuildFiles(t testing.TB, srcs ...File) (*ssa.Package, []*ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, s := range srcs {
		f, err := parser.ParseFile(fset, s.Name, s.Src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	pkg := types.NewPackage("p", "p")
	conf := &types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	ssapkg, _, err := ssautil.BuildPackage(conf, fset, pkg, files, 0)
	if err != nil {
		t.Fatal(err)
	}
	return ssapkg, files
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
