package reuse_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/reuse"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestReuse(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reuse.Analyzer, "reuse")
}

// TestCold: a failure path is Emit's to drop, so -cold shows it.
func TestCold(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reuse.New(reuse.Config{Scope: report.Scope{Cold: true}}), "reusecold")
}

func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(), "reuse", "reusecold")
}
