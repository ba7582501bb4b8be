package jsonany_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/passes/jsonany"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestJSONAny(t *testing.T) {
	t.Parallel()
	dir := analysistest.TestData()
	analysistest.Run(t, dir, jsonany.Analyzer, "jsonany", "jsonanynamed", "jsonanygeneric", "jsonanymod")
}

func TestUnkeyed(t *testing.T) {
	t.Parallel()
	a := jsonany.New(jsonany.Config{Unkeyed: true, MaxKeys: 2})
	analysistest.Run(t, analysistest.TestData(), a, "jsonanyunkeyed")
}

func TestConfig(t *testing.T) {
	if err := (jsonany.Config{MaxKeys: -1}).Validate(); err == nil {
		t.Error("Validate accepted max-keys -1")
	}
	if err := (jsonany.Config{}).Validate(); err != nil {
		t.Errorf("Validate rejected the defaults: %v", err)
	}
}

func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(), "jsonany", "jsonanynamed", "jsonanygeneric", "jsonanyunkeyed", "jsonanymod")
}
