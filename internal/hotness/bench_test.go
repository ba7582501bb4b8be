package hotness_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// BenchmarkCompute measures the hotness of whole std packages, beside the
// loops it needs (BenchmarkLoops, the floor it adds to) and the SSA build
// (not measured):
//
//	go test ./internal/hotness -run '^$' -bench . -benchmem
func BenchmarkCompute(b *testing.B) {
	pkgs := loadSSA(b)
	lps := map[*ssa.Package]*loops.Result{}
	for sp, funcs := range pkgs {
		lps[sp] = loops.Compute(funcs)
	}
	b.ReportAllocs()
	for b.Loop() {
		for sp, funcs := range pkgs {
			hotness.Compute(sp.Pkg, funcs, lps[sp])
		}
	}
}

func BenchmarkLoops(b *testing.B) {
	pkgs := loadSSA(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, funcs := range pkgs {
			loops.Compute(funcs)
		}
	}
}

// loadSSA loads large std packages of different shapes as go vet does and
// builds their SSA, returning each with its source functions.
func loadSSA(b *testing.B) map[*ssa.Package][]*ssa.Function {
	b.Helper()
	mode := packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes |
		packages.NeedTypesInfo | packages.NeedImports | packages.NeedTypesSizes
	loaded, err := packages.Load(&packages.Config{Mode: mode}, "net/http", "go/types", "encoding/json")
	if err != nil {
		b.Fatal(err)
	}
	out := map[*ssa.Package][]*ssa.Function{}
	for _, p := range loaded {
		prog := ssa.NewProgram(p.Fset, 0)
		for _, imp := range p.Types.Imports() {
			prog.CreatePackage(imp, nil, nil, true)
		}
		sp := prog.CreatePackage(p.Types, p.Syntax, p.TypesInfo, false)
		sp.Build()
		var funcs []*ssa.Function
		for fn := range ssautil.AllFunctions(prog) {
			if fn.Pkg == sp && fn.Synthetic == "" {
				funcs = append(funcs, fn)
			}
		}
		out[sp] = funcs
	}
	return out
}
