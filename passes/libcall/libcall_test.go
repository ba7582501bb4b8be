package libcall_test

import (
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/libcall"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestLibcall(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), libcall.Analyzer, "libcall")
}

// TestCold: a failure path is Emit's to drop, so -cold shows it.
func TestCold(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), libcall.New(libcall.Config{Scope: report.Scope{Cold: true}}), "libcallcold")
}

func TestOldGo(t *testing.T) {
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src", "libcallold"), libcall.Analyzer, "./...")
}

// TestCompiler holds the fixtures to the compiler: libcall's claims
// ("makes ... on the heap") are about allocations inside the callee, which
// the compiler does not report at the call; they are measured in
// TestTableClaims instead. No want may say "allocates".
func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(), "libcall", "libcallold", "libcallcold")
}
