package unsizedmake_test

import (
	"bytes"
	"flag"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/passes/unsizedmake"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

var updateGolden = flag.Bool("update", false, "rewrite the .golden files of the fix fixtures")

// fixture is a group of fixture packages with the analyzer they are run
// with, and the directory analysistest loads them from (a module-mode
// package is its own root).
type fixture struct {
	name string
	a    *analysis.Analyzer
	root string // under testdata/src, "" for GOPATH mode
	pkgs []string
}

func fixtures() []fixture {
	return []fixture{
		{"defaults", unsizedmake.Analyzer, "", []string{"unsizedmake", "unsizedmakefix", "unsizedmakegeneric", "unsizedmakeclosure", "unsizedmakehot"}},
		{"upper-bounds", unsizedmake.New(unsizedmake.Config{UpperBounds: true}), "", []string{"unsizedmakeupper"}},
		{"small-cap", unsizedmake.New(unsizedmake.Config{SmallCap: -1}), "", []string{"unsizedmakesmallcap"}},
		{"module", unsizedmake.Analyzer, "unsizedmakemod", []string{"./..."}},
	}
}

// TestFixtures runs the check on every fixture (the // want comments must
// match), then applies every fix it offers to a copy of the fixtures and
// builds the copy: an offered fix must compile.
func TestFixtures(t *testing.T) {
	testdata := analysistest.TestData()
	tmp := t.TempDir()
	if err := os.CopyFS(tmp, os.DirFS(testdata)); err != nil {
		t.Fatal(err)
	}
	fixed := 0
	for _, fx := range fixtures() {
		dir := testdata
		if fx.root != "" {
			dir = filepath.Join(testdata, "src", fx.root)
		}
		var results []*analysistest.Result
		t.Run(fx.name, func(t *testing.T) { results = analysistest.Run(t, dir, fx.a, fx.pkgs...) })
		for _, r := range results {
			if r.Pass == nil {
				continue
			}
			edits := map[string][]analysis.TextEdit{}
			for _, d := range r.Diagnostics {
				if len(d.SuggestedFixes) > 1 {
					t.Errorf("%s: %d fixes for one diagnostic", r.Pass.Fset.Position(d.Pos), len(d.SuggestedFixes))
				}
				for _, f := range d.SuggestedFixes {
					for _, e := range f.TextEdits {
						name := r.Pass.Fset.File(e.Pos).Name()
						edits[name] = append(edits[name], e)
					}
					fixed++
				}
			}
			for name, es := range edits {
				src, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				out := apply(t, r.Pass, src, es)
				rel, err := filepath.Rel(testdata, name)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(tmp, rel), out, 0o644); err != nil {
					t.Fatal(err)
				}
				if *updateGolden && strings.Contains(rel, "fix") {
					formatted, err := format.Source(out)
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(name+".golden", formatted, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	if fixed < 10 {
		t.Errorf("only %d fixes offered on the fixtures; the test proves little", fixed)
	}
	for _, fx := range fixtures() {
		var cmd *exec.Cmd
		if fx.root != "" {
			cmd = exec.Command("go", "build", "-o", os.DevNull, "./...")
			cmd.Dir = filepath.Join(tmp, "src", fx.root)
			cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=-mod=mod", "GOWORK=off")
		} else {
			cmd = exec.Command("go", append([]string{"build", "-o", os.DevNull}, fx.pkgs...)...)
			cmd.Dir = tmp
			cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+tmp, "GOFLAGS=")
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s after applying the fixes: %v\n%s", strings.Join(cmd.Args, " "), err, out)
		}
	}
}

// apply applies non-overlapping edits to src, coalescing identical ones
// (two fixes that import the same package), as drivers merge them.
func apply(t *testing.T, pass *analysis.Pass, src []byte, edits []analysis.TextEdit) []byte {
	t.Helper()
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(b.Pos - a.Pos) })
	edits = slices.CompactFunc(edits, func(a, b analysis.TextEdit) bool {
		return a.Pos == b.Pos && a.End == b.End && bytes.Equal(a.NewText, b.NewText)
	})
	out := bytes.Clone(src)
	last := len(out) + 1
	for _, e := range edits {
		f := pass.Fset.File(e.Pos)
		start, end := f.Offset(e.Pos), f.Offset(e.Pos)
		if e.End.IsValid() {
			end = f.Offset(e.End)
		}
		if end > last {
			t.Fatalf("%s: overlapping edits", pass.Fset.Position(e.Pos))
		}
		last = start
		out = slices.Concat(out[:start], e.NewText, out[end:])
	}
	return out
}
