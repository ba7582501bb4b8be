package capture_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/capture"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestCapture(t *testing.T) {
	t.Parallel()
	results := analysistest.Run(t, analysistest.TestData(), capture.Analyzer, "capture", "capturegeneric")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if err := report.CheckMessage(capture.Info.Name, d.Message); err != nil {
				t.Error(err)
			}
		}
	}
	checkMoved(t, results)
}

var movesRE = regexp.MustCompile(`moves (.*?) to the heap`)

// checkMoved holds the variables a message says a closure moves to the
// heap to the compiler's "moved to heap" decisions in the same file.
func checkMoved(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	if testing.Short() {
		return // runs the compiler
	}
	for _, r := range results {
		pkg := r.Pass.Pkg.Path()
		heap, err := compilercheck.Compile(analysistest.TestData(), pkg)
		if err != nil {
			t.Fatal(err)
		}
		moved := map[string]bool{} // file:name
		for line, ds := range heap {
			for _, d := range ds {
				if name, ok := strings.CutPrefix(d.Text, "moved to heap: "); ok {
					moved[line.File+":"+name] = true
				}
			}
		}
		for _, d := range r.Diagnostics {
			m := movesRE.FindStringSubmatch(d.Message)
			if m == nil {
				continue
			}
			file := filepath.Base(r.Pass.Fset.Position(d.Pos).Filename)
			for _, name := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' }) {
				if name != "and" && !moved[file+":"+name] {
					t.Errorf("%v: %q says %s moves to the heap; the compiler does not move it",
						r.Pass.Fset.Position(d.Pos), d.Message, name)
				}
			}
		}
	}
}

func TestModules(t *testing.T) {
	t.Parallel()
	for _, mod := range []string{"go121", "go122"} {
		dir := filepath.Join(analysistest.TestData(), "src", "capturemod", mod)
		analysistest.Run(t, dir, capture.Analyzer, "./...")
	}
}

func TestOutsideLoops(t *testing.T) {
	t.Parallel()
	checkMoved(t, analysistest.Run(t, analysistest.TestData(), capture.New(capture.Config{OutsideLoops: true}), "captureoutside"))
}

func TestUnknownCallees(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), capture.New(capture.Config{UnknownCallees: true}), "captureunknown")
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := (capture.Config{Scope: report.Scope{LoopsOnly: true}, OutsideLoops: true}).Validate(); err == nil {
		t.Error("Validate accepted loops-only with outside-loops")
	}
	if err := (capture.Config{}).Validate(); err != nil {
		t.Errorf("Validate rejected the defaults: %v", err)
	}
}

func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(),
		"capture", "capturegeneric", "captureoutside", "captureunknown", "capturemod/go121", "capturemod/go122")
}
