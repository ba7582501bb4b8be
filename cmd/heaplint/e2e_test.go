package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/analyzer"
)

// heaplintBin is the binary under test, built once by TestMain.
var heaplintBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "heaplint-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	heaplintBin = filepath.Join(dir, "heaplint")
	if out, err := exec.Command("go", "build", "-o", heaplintBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building heaplint: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func exampleDir(t *testing.T) string {
	dir, err := filepath.Abs("../../testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs the binary (or another command) in dir and returns stdout,
// stderr and the exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %q: %v", name, args, err)
	}
	return stdout.String(), stderr.String(), code
}

// jsonDiag is one diagnostic of the multichecker's -json output.
type jsonDiag struct {
	Posn           string            `json:"posn"`
	Message        string            `json:"message"`
	SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
}

// parseJSON reads -json output: package → analyzer → diagnostics or error.
func parseJSON(t *testing.T, out string) map[string][]jsonDiag {
	t.Helper()
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("bad -json output: %v\n%s", err, out)
	}
	byCheck := map[string][]jsonDiag{}
	for pkg, checks := range tree {
		for check, raw := range checks {
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Errorf("%s: %s: analyzer error: %s", pkg, check, raw)
				continue
			}
			byCheck[check] = append(byCheck[check], diags...)
		}
	}
	return byCheck
}

func TestExampleShowsEveryCheckDeterministically(t *testing.T) {
	dir := exampleDir(t)
	out1, stderr, _ := run(t, dir, heaplintBin, "-config", "heaplint.yml", "-json", "./...")
	out2, _, _ := run(t, dir, heaplintBin, "-C", dir, "-config", "heaplint.yml", "-json", "./...")
	if out1 != out2 {
		t.Errorf("two runs differ:\n%s\n---\n%s", out1, out2)
	}
	byCheck := parseJSON(t, out1)
	for _, name := range analyzer.Names() {
		if len(byCheck[name]) == 0 {
			t.Errorf("the example shows no finding of check %s (stderr: %s)", name, stderr)
		}
	}
}

// diagLine matches a plain diagnostic line: path:line:col: message.
var diagLine = regexp.MustCompile(`^(.*\.go):(\d+):(\d+): (.*)$`)

// plainDiags normalises plain-text output to sorted "file.go:line:col: msg".
func plainDiags(out string) []string {
	var lines []string
	for l := range strings.SplitSeq(out, "\n") {
		if m := diagLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			lines = append(lines, fmt.Sprintf("%s:%s:%s: %s", filepath.Base(m[1]), m[2], m[3], m[4]))
		}
	}
	slices.Sort(lines)
	return lines
}

// TestEnginesAgree runs the example three ways — heaplint's default vet
// engine, its in-process engine, and go vet -vettool by hand — and wants
// the same findings from each.
func TestEnginesAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	dir := exampleDir(t)
	config := filepath.Join(dir, "heaplint.yml")
	_, viaVet, _ := run(t, dir, heaplintBin, "-config", "heaplint.yml", "./...")
	_, inProcess, _ := run(t, dir, heaplintBin, "-engine=inprocess", "-config", "heaplint.yml", "./...")
	_, goVet, _ := run(t, dir, "go", "vet", "-vettool="+heaplintBin, "-config="+config, "./...")
	want := plainDiags(inProcess)
	for _, other := range []struct{ name, out string }{{"heaplint (vet engine)", viaVet}, {"go vet -vettool", goVet}} {
		if got := plainDiags(other.out); !slices.Equal(want, got) {
			t.Errorf("%s printed\n%s\nheaplint -engine=inprocess printed\n%s", other.name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if len(analyzer.Names()) > 0 && len(want) == 0 {
		t.Errorf("no findings on the example:\n%s", inProcess)
	}
}

// copyTree copies the Go module at src to a new temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// goFiles returns the Go files of dir by base name.
func goFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(name)] = string(data)
	}
	return files
}

func TestFixAndGoFixAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go fix")
	}
	example := exampleDir(t)
	config := filepath.Join(example, "heaplint.yml")
	out, _, _ := run(t, example, heaplintBin, "-config", config, "-json", "./...")
	fixes := 0
	for _, diags := range parseJSON(t, out) {
		for _, d := range diags {
			fixes += len(d.SuggestedFixes)
		}
	}
	if fixes == 0 {
		t.Skip("no check registered yet offers a fix on the example")
	}

	a, b := copyTree(t, example), copyTree(t, example)
	before := goFiles(t, a)
	run(t, a, heaplintBin, "-config", config, "-fix", "./...")
	if _, stderr, code := run(t, b, "go", "fix", "-fixtool="+heaplintBin, "-config="+config, "./..."); code != 0 {
		t.Fatalf("go fix -fixtool failed (%d):\n%s", code, stderr)
	}
	fixedA, fixedB := goFiles(t, a), goFiles(t, b)
	changed := 0
	for name, text := range fixedA {
		if text != before[name] {
			changed++
		}
		if fixedB[name] != text {
			t.Errorf("%s: heaplint -fix and go fix -fixtool disagree:\n%s\n---\n%s", name, text, fixedB[name])
		}
	}
	if changed == 0 {
		t.Errorf("heaplint -fix changed no file although %d fixes were offered", fixes)
	}
	if _, stderr, code := run(t, a, "go", "build", "./..."); code != 0 {
		t.Errorf("the fixed example does not build:\n%s", stderr)
	}
}

func TestDiffPrintsWithoutWriting(t *testing.T) {
	example := exampleDir(t)
	dir := copyTree(t, example)
	before := goFiles(t, dir)
	run(t, dir, heaplintBin, "-config", "heaplint.yml", "-fix", "-diff", "./...")
	if after := goFiles(t, dir); !mapsEqual(before, after) {
		t.Error("-fix -diff wrote files")
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestBadSettingsNameTheSetting(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ config, want string }{
		{"enable: [nosuchcheck]\n", `setting enable: unknown check "nosuchcheck"`},
		{"loopsonly: true\n", `unknown setting "loopsonly"`},
		{"default: some\n", `setting default: "some"`},
		{"linters:\n  settings:\n    custom:\n      heaplint:\n        settings:\n          disable: [x1]\n", `setting disable: unknown check "x1"`},
		{"- a\n- b\n", "want a mapping"},
	} {
		name := filepath.Join(dir, "h.yml")
		if err := os.WriteFile(name, []byte(tc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := run(t, dir, heaplintBin, "-config", name, "./...")
		if code == 0 || !strings.Contains(stderr, tc.want) {
			t.Errorf("config %q: exit %d, stderr %q; want failure mentioning %q", tc.config, code, stderr, tc.want)
		}
	}
	_, stderr, code := run(t, dir, heaplintBin, "-config", filepath.Join(dir, "missing.yml"), "./...")
	if code == 0 || !strings.Contains(stderr, "-config") {
		t.Errorf("missing config file: exit %d, stderr %q", code, stderr)
	}
}
