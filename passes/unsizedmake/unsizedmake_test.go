package unsizedmake_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/passes/unsizedmake"
	"golang.org/x/tools/go/analysis/analysistest"
)

// The fixtures are run, and every fix they get applied and built, by
// TestFixtures in fixes_test.go; TestFix compares fixes with golden files.

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

// TestCompiler holds the fixtures to the compiler: unsizedmake's messages
// speak of growth, never "allocates", so this guards their wording.
func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(), "unsizedmake", "unsizedmakefix", "unsizedmakegeneric",
		"unsizedmakeclosure", "unsizedmakeupper", "unsizedmakesmallcap", "unsizedmakemod", "unsizedmakehot")
}

// TestExample holds the bundled example to its comments: what they say
// unsizedmake reports, it reports, and nothing else.
func TestExample(t *testing.T) {
	doccost.Example(t, unsizedmake.Analyzer, "../../testdata/example", "unsizedmake.go")
}
