package boxing_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/boxing"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestBoxing(t *testing.T) {
	t.Parallel()
	// no-remedy: the fixtures hold every message, those that can only say
	// what allocates too (TestNoRemedy: they are dropped by default).
	explain := boxing.New(boxing.Config{Scope: report.Scope{NoRemedy: true}})
	analysistest.Run(t, analysistest.TestData(), explain, "boxing", "boxinggeneric", "boxingprecision", "boxingremedy")
}

// TestNoRemedy: by default, a warm finding with no rewrite that keeps
// behaviour is dropped; a hot one stays.
func TestNoRemedy(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), boxing.Analyzer, "boxingnoremedy")
}

func TestModule(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src", "boxingmod"), boxing.New(boxing.Config{UnknownCallees: true, Scope: report.Scope{NoRemedy: true}}), "./...")
}

func TestOldGo(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src", "boxingold"), boxing.New(boxing.Config{Scope: report.Scope{NoRemedy: true}}), "./...")
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
	compilercheck.Verify(t, analysistest.TestData(), "boxing", "boxinggeneric", "boxingsmall", "boxingloops", "boxingmod", "boxingerrors", "boxingprecision", "boxingfix", "boxingfixsole", "boxingremedy", "boxingold", "boxingnoremedy")
}

// TestFix applies fmtfix's rewrites: the golden files must compile (the
// imports they need added, fmt removed where its last use goes), which
// TestFixCompiles checks with go vet.
func TestFix(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), boxing.Analyzer, "boxingfix", "boxingfixsole", "boxingfixshadow")
}

// TestFixCompiles type-checks the golden files (the fixed code) with go vet.
func TestFixCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	t.Parallel()
	for _, pkg := range []string{"boxingfix", "boxingfixsole"} {
		dir := t.TempDir()
		golden, err := filepath.Glob(filepath.Join(analysistest.TestData(), "src", pkg, "*.golden"))
		if err != nil || len(golden) == 0 {
			t.Fatalf("%s: no golden files", pkg)
		}
		for _, g := range golden {
			src, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(g), ".golden")), src, 0o666); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+pkg+"\n\ngo 1.22\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "vet", ".")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: the fixed code does not pass go vet: %v\n%s", pkg, err, out)
		}
	}
}
