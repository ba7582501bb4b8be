package boxing_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/boxing"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestBoxing(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), boxing.Analyzer, "boxing", "boxinggeneric")
}

func TestModule(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src", "boxingmod"), boxing.Analyzer, "./...")
}

func TestSkipSmallInts(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), boxing.New(boxing.Config{SkipSmallInts: true}), "boxingsmall")
}

// TestCold: with cold, values boxed on failure paths (fmt.Errorf's
// arguments in a failure return, log.Fatal*) are reported; without it (the
// default, see testdata/src/boxing) they are not, but other calls still
// are. error-paths, its old name, does the same.
func TestCold(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), boxing.New(boxing.Config{Scope: report.Scope{Cold: true}}), "boxingerrors")
	analysistest.Run(t, analysistest.TestData(), boxing.New(boxing.Config{ErrorPaths: true}), "boxingerrors")
}

func TestLoopsOnly(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), boxing.New(boxing.Config{Scope: report.Scope{LoopsOnly: true}}), "boxingloops")
}

func TestConfig(t *testing.T) {
	t.Parallel()
	if err := (boxing.Config{MinSize: -1}).Validate(); err == nil {
		t.Error("Validate accepted a negative min-size")
	}
	if err := (boxing.Config{MinSize: 16, SkipSmallInts: true}).Validate(); err != nil {
		t.Errorf("Validate rejected a valid config: %v", err)
	}
}

// TestCompiler holds every "allocates" want line to the compiler's escape
// analysis: go build -gcflags='-m -d=escapedebug=1' must put something on
// the heap on that line, and not serve it from static data.
func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(), "boxing", "boxinggeneric", "boxingsmall", "boxingloops", "boxingmod", "boxingerrors")
}
