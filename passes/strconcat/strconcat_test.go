package strconcat_test

import (
	"bytes"
	"flag"
	"go/format"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/heaplint/heaplint/internal/compilercheck"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/strconcat"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestStrconcat(t *testing.T) {
	t.Parallel()
	for _, r := range analysistest.Run(t, analysistest.TestData(), strconcat.Analyzer, "strconcat", "strconcatgeneric") {
		for _, d := range r.Diagnostics {
			if err := report.CheckMessage(strconcat.Info.Name, d.Message); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestFix(t *testing.T) {
	t.Parallel()
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), strconcat.Analyzer, "strconcatfix")
}

// TestCompiler guards the wording: the check says the string is copied to
// the heap, never "allocates", since the compiler's -m does not list s += x.
func TestCompiler(t *testing.T) {
	t.Parallel()
	compilercheck.Verify(t, analysistest.TestData(), "strconcat", "strconcatfix", "strconcatgeneric")
}

var update = flag.Bool("update", false, "rewrite the .golden files from the fixes offered")

// TestFixCompiles applies every fix offered on the fix fixtures to a copy,
// builds and vets the copy (a fix must compile and keep printf formats
// right), and with -update writes the .golden files.
func TestFixCompiles(t *testing.T) {
	t.Parallel()
	testdata := analysistest.TestData()
	tmp := t.TempDir()
	results := analysistest.Run(t, testdata, strconcat.Analyzer, "strconcatfix")
	fixed := 0
	for _, r := range results {
		edits := map[string][]analysis.TextEdit{}
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes {
				fixed++
				for _, e := range f.TextEdits {
					name := r.Pass.Fset.File(e.Pos).Name()
					edits[name] = append(edits[name], e)
				}
			}
		}
		for _, f := range r.Pass.Files {
			name := r.Pass.Fset.File(f.Pos()).Name()
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			out := applyEdits(r.Pass.Fset, src, edits[name])
			if *update && len(edits[name]) > 0 {
				formatted, err := format.Source(out)
				if err != nil {
					t.Fatalf("%s: %v\n%s", name, err, out)
				}
				if err := os.WriteFile(name+".golden", formatted, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(tmp, filepath.Base(name)), out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if fixed < 6 {
		t.Errorf("only %d fixes offered; the fixture proves little", fixed)
	}
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), []byte("module fixed\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOWORK=off", "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet after applying the fixes: %v\n%s", err, out)
	}
}

// applyEdits applies edits to src, as drivers do: identical edits (each
// fix imports strings) once, edits at the same position in the order given.
func applyEdits(fset *token.FileSet, src []byte, edits []analysis.TextEdit) []byte {
	var unique []analysis.TextEdit
	for _, e := range edits {
		if !slices.ContainsFunc(unique, func(u analysis.TextEdit) bool {
			return u.Pos == e.Pos && u.End == e.End && bytes.Equal(u.NewText, e.NewText)
		}) {
			unique = append(unique, e)
		}
	}
	edits = unique
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	out := bytes.Clone(src)
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		f := fset.File(e.Pos)
		start, end := f.Offset(e.Pos), f.Offset(e.Pos)
		if e.End.IsValid() {
			end = f.Offset(e.End)
		}
		out = slices.Concat(out[:start], e.NewText, out[end:])
	}
	return out
}
