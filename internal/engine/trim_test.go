package engine

import (
	"context"
	"fmt"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// trimModule is a module importing packages whose functions include
// every kind of non-returning function ctrlflow finds: panics (many),
// os.Exit and log.Fatal (facts across packages), runtime.Goexit through
// testing's FailNow (an intrinsic, a method promoted through embedding),
// endless loops (net/http's servers), and its own generic helpers.
const trimModule = `package trim

import (
	"encoding/json"
	"flag"
	"go/types"
	"log"
	"net/http"
	"os"
	"testing"
	"text/template"
)

var _ = []any{json.Marshal, flag.Parse, types.NewPackage, log.Fatal, http.ListenAndServe, os.Exit, testing.Main, template.New}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func fail[T any](v T) { log.Fatalf("%v", v) }

func Fail() { fail[int](1) }
`

// TestTrimmedFacts: the facts computed from trimmed dependencies (see
// trim.go) are exactly those computed from whole ones, for every package
// below the module (much of the standard library).
func TestTrimmedFacts(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: type-checks a hundred packages twice")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module trim\n\ngo 1.26\n"), 0o666)
	os.WriteFile(filepath.Join(dir, "trim.go"), []byte(trimModule), 0o666)

	facts := func(trim bool) map[string][]string {
		e, err := New(Options{Analyzers: []*analysis.Analyzer{buildssa.Analyzer}, ToolID: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if !e.trim {
			t.Fatal("buildssa's facts (ctrlflow's) are not trimmable")
		}
		e.trim = trim
		ctx := context.Background()
		meta, err := golist(ctx, dir, e.opts.Env, nil, ".")
		if err != nil {
			t.Fatal(err)
		}
		g := newGraph(meta, false)
		deps, err := e.listExports(ctx, dir, nil, g)
		if err != nil {
			t.Fatal(err)
		}
		var stats Stats
		byPath, err := e.depFacts(ctx, deps, newExportImporter(token.NewFileSet(), exportFiles(deps)), &stats)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for path, f := range byPath {
			out[path] = []string{}
			for _, r := range f.records {
				out[path] = append(out[path], fmt.Sprintf("%s %s", r.Path, r.Fact))
			}
			slices.Sort(out[path])
		}
		return out
	}
	whole, trimmed := facts(false), facts(true)
	if len(whole) != len(trimmed) {
		t.Errorf("%d packages with trimming, %d without", len(trimmed), len(whole))
	}
	n := 0
	for _, path := range sortedKeys(whole) {
		n += len(whole[path])
		if !slices.Equal(whole[path], trimmed[path]) {
			t.Errorf("%s: facts from trimmed source %q, from whole source %q", path, trimmed[path], whole[path])
		}
	}
	for _, want := range [][2]string{{"os", "Exit noReturn"}, {"log", "Fatal noReturn"}, {"runtime", "Goexit noReturn"}} {
		if !slices.Contains(whole[want[0]], want[1]) {
			t.Errorf("%s: no fact %q among %q: the test no longer covers it", want[0], want[1], whole[want[0]])
		}
	}
	t.Logf("%d packages, %d noReturn facts, equal with and without trimming", len(whole), n)
}

// sortedKeys returns m's keys in order, for deterministic iteration.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
