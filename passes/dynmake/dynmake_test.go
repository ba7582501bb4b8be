package dynmake_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/passes/dynmake"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestDynMake(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dynmake.Analyzer, "dynmake", "dynmakegeneric", "dynmakeclosure")
}

func TestModule(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src", "dynmakemod"), dynmake.Analyzer, "./...")
}

func TestSmallStack(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dynmake.New(dynmake.Config{SmallStack: true}), "dynmakesmall")
}

func TestConfig(t *testing.T) {
	if err := (dynmake.Config{SmallStack: true}).Validate(); err != nil {
		t.Errorf("Validate rejected small-stack: %v", err)
	}
}

func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(), "dynmake", "dynmakegeneric", "dynmakeclosure", "dynmakesmall", "dynmakemod")
}
