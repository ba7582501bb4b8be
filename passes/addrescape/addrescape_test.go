package addrescape_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/addrescape"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAddrEscape(t *testing.T) {
	t.Parallel()
	for _, r := range analysistest.Run(t, analysistest.TestData(), addrescape.Analyzer, "addrescape", "addrescapegeneric") {
		for _, d := range r.Diagnostics {
			if err := report.CheckMessage(addrescape.Info.Name, d.Message); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestModules(t *testing.T) {
	t.Parallel()
	for _, mod := range []string{"go121", "go122"} {
		dir := filepath.Join(analysistest.TestData(), "src", "addrescapemod", mod)
		analysistest.Run(t, dir, addrescape.Analyzer, "./...")
	}
}

func TestOutsideLoops(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), addrescape.New(addrescape.Config{OutsideLoops: true}), "addrescapeoutside")
}

func TestUnknownCallees(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), addrescape.New(addrescape.Config{UnknownCallees: true}), "addrescapeunknown")
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := (addrescape.Config{Scope: report.Scope{LoopsOnly: true}, OutsideLoops: true}).Validate(); err == nil {
		t.Error("Validate accepted loops-only with outside-loops")
	}
	if err := (addrescape.Config{}).Validate(); err != nil {
		t.Errorf("Validate rejected the defaults: %v", err)
	}
}

func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(),
		"addrescape", "addrescapegeneric", "addrescapeoutside", "addrescapeunknown", "addrescapemod/go121", "addrescapemod/go122")
}
