package hotness_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/hotness"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// markAnalyzer reports the hotness of every call of a function named mark,
// so that fixtures state each block's hotness with // want.
var markAnalyzer = &analysis.Analyzer{
	Name:     "mark",
	Doc:      "report the hotness of each call of mark",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, hotness.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		hot := pass.ResultOf[hotness.Analyzer].(*hotness.Result)
		ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		funcs := ssainput.SrcFuncs
		if init := ssainput.Pkg.Func("init"); init != nil {
			funcs = append(funcs, init)
			funcs = append(funcs, init.AnonFuncs...)
		}
		for _, fn := range funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					if callee := call.Call.StaticCallee(); callee == nil || callee.Name() != "mark" {
						continue
					}
					h := hot.Of(b)
					pass.Reportf(call.Pos(), "%s: %s", h.Heat, h.Words())
				}
			}
		}
		return nil, nil
	},
}

func TestHotness(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), markAnalyzer, "hot", "hotmain")
}
