package mapptr_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/mapptr"
	"golang.org/x/tools/go/analysis/analysistest"
)

var defaultPkgs = []string{"mapptr", "mapptrgeneric", "mapptrgenericshared", "mapptrgenericvalues", "mapptrnamed", "mapptrclosure", "mapptrniltest"}

func TestMapPtr(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), mapptr.Analyzer, defaultPkgs...) {
		for _, d := range r.Diagnostics {
			if err := report.CheckMessage(mapptr.Info.Name, d.Message); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestModule(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src", "mapptrmod")
	analysistest.Run(t, dir, mapptr.Analyzer, "./...")
}

func TestMaxSize(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mapptr.New(mapptr.Config{MaxSize: 16}), "mapptrsize")
	analysistest.Run(t, analysistest.TestData(), mapptr.New(mapptr.Config{MaxSize: mapptr.MaxInline}), "mapptrmax")
}

func TestLoopsOnly(t *testing.T) {
	a := mapptr.New(mapptr.Config{Scope: report.Scope{LoopsOnly: true}})
	analysistest.Run(t, analysistest.TestData(), a, "mapptrloops")
}

func TestConfig(t *testing.T) {
	for _, n := range []int64{-1, mapptr.MaxInline + 1} {
		if err := (mapptr.Config{MaxSize: n}).Validate(); err == nil {
			t.Errorf("Validate accepted max-size %d", n)
		}
	}
	for _, n := range []int64{0, 1, mapptr.DefaultMaxSize, mapptr.MaxInline} {
		if err := (mapptr.Config{MaxSize: n}).Validate(); err != nil {
			t.Errorf("Validate rejected max-size %d: %v", n, err)
		}
	}
}

func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(),
		append(defaultPkgs, "mapptrsize", "mapptrmax", "mapptrloops", "mapptrmod")...)
}
