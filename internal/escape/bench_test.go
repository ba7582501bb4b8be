package escape_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// benchPackages are large std packages of different shapes: a network
// server, a type checker, a reflective encoder.
var benchPackages = []string{"net/http", "go/types", "encoding/json"}

// loadSSA loads pkgs as go vet does (syntax for the packages themselves,
// export data for their dependencies) and builds their SSA as buildssa
// does, returning each package with its source functions.
func loadSSA(b *testing.B, pkgs ...string) map[*ssa.Package][]*ssa.Function {
	b.Helper()
	mode := packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
		packages.NeedTypesInfo | packages.NeedImports | packages.NeedTypesSizes
	loaded, err := packages.Load(&packages.Config{Mode: mode}, pkgs...)
	if err != nil {
		b.Fatal(err)
	}
	out := map[*ssa.Package][]*ssa.Function{}
	for _, p := range loaded {
		if len(p.Errors) > 0 {
			b.Fatal(p.Errors)
		}
		prog := ssa.NewProgram(p.Fset, 0)
		for _, imp := range p.Types.Imports() {
			prog.CreatePackage(imp, nil, nil, true)
		}
		sp := prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, false)
		sp.Build()
		out[sp] = allFuncs(sp)
	}
	return out
}

// BenchmarkAnalyze measures the escape analysis of whole std packages,
// beside the SSA build it needs (not measured):
//
//	go test ./internal/escape -run '^$' -bench Analyze -benchmem -cpuprofile /tmp/escape.prof
func BenchmarkAnalyze(b *testing.B) {
	pkgs := loadSSA(b, benchPackages...)
	b.ReportAllocs()
	for b.Loop() {
		for sp, funcs := range pkgs {
			escape.Analyze(sp.Pkg, funcs)
		}
	}
}
