package unsizedmake

import (
	"go/token"
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// TestWeigh checks the positions a finding weighs (Finding.Weigh): the
// appends and map stores in the loops, where the runtime charges growth.
// A test analyzer reports "grows here" at each of them, for every
// creation the check follows, reported or not.
func TestWeigh(t *testing.T) {
	a := &analysis.Analyzer{
		Name:     "unsizedmakeweigh",
		Doc:      "report where followed slices and maps grow",
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, hotness.Analyzer, escape.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			lps := pass.ResultOf[loops.Analyzer].(*loops.Result)
			for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
				forest := lps.Of(fn)
				if forest == nil {
					continue
				}
				c := &checker{pass: pass, cfg: &Config{}, fn: fn, forest: forest, reported: map[token.Pos]bool{}}
				for _, b := range fn.Blocks {
					for _, instr := range b.Instrs {
						var cr *creation
						switch v := instr.(type) {
						case *ssa.Phi:
							cr = c.nilSlice(v)
						case *ssa.Alloc:
							cr = c.constSlice(v)
						case *ssa.MakeMap:
							cr = c.madeMap(v)
						case *ssa.Call:
							cr = c.declThenAppend(v)
						}
						if cr == nil {
							continue
						}
						acc := &accum{c: c}
						g := acc.sliceGrowth
						if cr.isMap {
							g = acc.mapGrowth
						}
						if gr := g(cr); gr != nil {
							for _, p := range gr.grows {
								pass.Reportf(p, "grows here")
							}
						}
					}
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), a, "unsizedmakeweigh")
}
