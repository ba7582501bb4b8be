package heapsite_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/ledger"
	"github.com/heaplint/heaplint/internal/profile"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/heapsite"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// profiled runs testdata/src/heapsite's Work under a benchmark with every
// allocation recorded and returns the heap profile, digested for that
// package alone.
func profiled(t *testing.T) report.Weights {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(analysistest.TestData(), "src", "heapsite", "heapsite.go")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":        "module heapsite\n\ngo 1.26\n",
		"heapsite.go":   string(data),
		"bench_test.go": "package heapsite\n\nimport \"testing\"\n\nfunc BenchmarkWork(b *testing.B) {\n\tfor b.Loop() {\n\t\tWork(100)\n\t}\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "Work", "-benchtime", "200x",
		"-memprofile", "mem.out", "-memprofilerate", "1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("profiling: %v\n%s", err, out)
	}
	p, err := profile.Load(os.ReadFile, filepath.Join(dir, "mem.out"))
	if err != nil {
		t.Fatal(err)
	}
	return report.ProfileWeights(p.OnDemand(func(path string) bool { return path == "heapsite" }))
}

// marker stands for the other checks: a finding at each call of
// strconv.Itoa in explained, whose line heapsite must then leave alone.
var marker = &analysis.Analyzer{
	Name:     "marker",
	Doc:      "report the calls in function explained",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, hotness.Analyzer, ledger.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			if fn.Name() != "explained" {
				continue
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(*ssa.Call); ok && call.Pos().IsValid() {
						report.Emit(pass, report.Scope{ProfileUnseen: true}, report.Finding{Pos: call.Pos(), Block: b, Claim: "marked"})
						return nil, nil
					}
				}
			}
		}
		return nil, nil
	},
}

func TestHeapsite(t *testing.T) {
	if testing.Short() {
		t.Skip("profiles a benchmark")
	}
	a := heapsite.New(heapsite.Config{Scope: report.Scope{Weights: profiled(t)}})
	a.Requires = append(a.Requires, marker)
	analysistest.Run(t, analysistest.TestData(), a, "heapsite")
}

// TestNoProfile: without a heap profile, heapsite reports nothing.
func TestNoProfile(t *testing.T) {
	results := analysistest.Run(ignoreWants{}, analysistest.TestData(), heapsite.Analyzer, "heapsite")
	for _, r := range results {
		if len(r.Diagnostics) > 0 {
			t.Errorf("without a profile: %d findings", len(r.Diagnostics))
		}
	}
}

// ignoreWants stands for the test in analysistest.Run: the // want lines
// hold only with the profile, so their misses are not errors here.
type ignoreWants struct{}

func (ignoreWants) Errorf(string, ...any) {}

func TestCompiler(t *testing.T) {
	compilercheck.Verify(t, analysistest.TestData(), "heapsite")
}
