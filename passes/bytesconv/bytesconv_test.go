package bytesconv_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/bytesconv"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestBytesconv(t *testing.T) {
	t.Parallel()
	for _, r := range analysistest.Run(t, analysistest.TestData(), bytesconv.Analyzer, "bytesconv") {
		for _, d := range r.Diagnostics {
			if err := report.CheckMessage(bytesconv.Info.Name, d.Message); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(), "bytesconv", "bytesconvkept", "bytesconvunknown", "bytesconvgeneric")
}

func TestGeneric(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), bytesconv.Analyzer, "bytesconvgeneric")
}

func TestKept(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), bytesconv.New(bytesconv.Config{Kept: true}), "bytesconvkept")
}

func TestUnknownLength(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), bytesconv.New(bytesconv.Config{UnknownLength: true}), "bytesconvunknown")
}

func TestValidate(t *testing.T) {
	t.Parallel()
	if err := (bytesconv.Config{Scope: report.Scope{LoopsOnly: true}, OutsideLoops: true}).Validate(); err == nil {
		t.Error("Validate accepted loops-only with outside-loops")
	}
	if err := (bytesconv.Config{}).Validate(); err != nil {
		t.Errorf("Validate rejected the defaults: %v", err)
	}
}
