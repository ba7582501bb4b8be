package unsizedmake_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/passes/unsizedmake"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestUnsizedMake(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unsizedmake.Analyzer, "unsizedmake", "unsizedmakegeneric", "unsizedmakeclosure")
}

func TestModule(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src", "unsizedmakemod"), unsizedmake.Analyzer, "./...")
}

func TestUpperBounds(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unsizedmake.New(unsizedmake.Config{UpperBounds: true}), "unsizedmakeupper")
}

func TestSmallCap(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unsizedmake.New(unsizedmake.Config{SmallCap: -1}), "unsizedmakesmallcap")
}

func TestConfig(t *testing.T) {
	if err := (unsizedmake.Config{SmallCap: -2}).Validate(); err == nil {
		t.Error("Validate accepted small-cap -2")
	}
	if err := (unsizedmake.Config{}).Validate(); err != nil {
		t.Errorf("Validate rejected the defaults: %v", err)
	}
}

func TestFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), unsizedmake.Analyzer, "unsizedmakefix")
}
