package reuse_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/passes/reuse"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestReuse(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), reuse.Analyzer, "reuse")
}

func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(), "reuse")
}
