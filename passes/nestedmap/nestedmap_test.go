package nestedmap_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/nestedmap"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestNestedMap(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), nestedmap.Analyzer,
		"nestedmap", "nestedmapnamed", "nestedmapgeneric", "nestedmapclosure") {
		for _, d := range r.Diagnostics {
			if err := report.CheckMessage(nestedmap.Info.Name, d.Message); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestModule(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src", "nestedmapmod")
	analysistest.Run(t, dir, nestedmap.Analyzer, "./...")
}

func TestMinDepth(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), nestedmap.New(nestedmap.Config{MinDepth: 3}), "nestedmapdepth")
}

func TestLoopsOnly(t *testing.T) {
	a := nestedmap.New(nestedmap.Config{Scope: report.Scope{LoopsOnly: true}})
	analysistest.Run(t, analysistest.TestData(), a, "nestedmaploops")
}

func TestConfig(t *testing.T) {
	for _, c := range []nestedmap.Config{{MinDepth: -1}, {MinDepth: 1}} {
		if err := c.Validate(); err == nil {
			t.Errorf("Validate accepted min-depth %d", c.MinDepth)
		}
	}
	for _, c := range []nestedmap.Config{{}, {MinDepth: 2}, {MinDepth: 5}} {
		if err := c.Validate(); err != nil {
			t.Errorf("Validate rejected min-depth %d: %v", c.MinDepth, err)
		}
	}
}

func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(),
		"nestedmap", "nestedmapnamed", "nestedmapgeneric", "nestedmapclosure", "nestedmapdepth", "nestedmaploops", "nestedmapmod")
}
