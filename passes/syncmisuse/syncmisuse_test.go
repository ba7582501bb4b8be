package syncmisuse_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/syncmisuse"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestSyncMisuse(t *testing.T) {
	t.Parallel()
	analysistest.Run(t, analysistest.TestData(), syncmisuse.Analyzer,
		"syncmisuse", "syncmisusenamed", "syncmisusegeneric", "syncmisusemod")
}

func TestConfigVariant(t *testing.T) {
	t.Parallel()
	a := syncmisuse.New(syncmisuse.Config{Scope: report.Scope{LoopsOnly: true}, MinSize: 32, AllMapValues: true})
	analysistest.Run(t, analysistest.TestData(), a, "syncmisuseconfig")
}

func TestValidate(t *testing.T) {
	if err := (syncmisuse.Config{MinSize: -1}).Validate(); err == nil {
		t.Error("Validate accepted min-size -1")
	}
	if err := (syncmisuse.Config{}).Validate(); err != nil {
		t.Errorf("Validate rejected the defaults: %v", err)
	}
}

func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(),
		"syncmisuse", "syncmisusenamed", "syncmisusegeneric", "syncmisuseconfig", "syncmisusemod")
}
