package main_test

import (
	"bytes"
	"encoding/json"
	"flag"
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
	// The export engine's caches: the tests' own, not the user's.
	os.Setenv("HEAPLINT_CACHE", filepath.Join(dir, "cache"))
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

// diagLine matches a finding line: path:line:col: check: message.
var diagLine = regexp.MustCompile(`^(\S.*\.go):(\d+):(\d+): ([a-z]+): (.*)$`)

// goVetLine matches go vet's own lines: path:line:col: message.
var goVetLine = regexp.MustCompile(`^(.*\.go):(\d+):(\d+): (.*)$`)

// plainDiags normalises findings to sorted "file.go:line:col: msg": the
// part every way of running heaplint shares.
func plainDiags(out string, re *regexp.Regexp) []string {
	var lines []string
	for l := range strings.SplitSeq(out, "\n") {
		if m := re.FindStringSubmatch(l); m != nil && !strings.HasPrefix(m[len(m)-1], "\t") {
			lines = append(lines, fmt.Sprintf("%s:%s:%s: %s", filepath.Base(m[1]), m[2], m[3], m[len(m)-1]))
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

// TestEnginesAgree runs the example through heaplint's vet engine, its
// export engine (twice: the second run reads its results cache) and its
// in-process engine, in every format and with -fix -diff, and wants the
// same bytes; and the same findings from go vet -vettool by hand.
func TestEnginesAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	dir := exampleDir(t)
	for _, format := range []string{"text", "json", "sarif", "github", "diff"} {
		args := []string{"-config", "heaplint.yml", "-format", format, "./..."}
		if format == "diff" {
			args = []string{"-config", "heaplint.yml", "-fix", "-diff", "./..."}
		}
		viaVet, errVet, codeVet := run(t, dir, heaplintBin, append([]string{"-engine=vet"}, args...)...)
		for _, engine := range []string{"export", "export", "inprocess"} {
			out, stderr, code := run(t, dir, heaplintBin, append([]string{"-engine=" + engine}, args...)...)
			if out != viaVet || code != codeVet || stderr != errVet {
				t.Errorf("%s: the engines differ:\nvet (exit %d):\n%s%s\n%s (exit %d):\n%s%s", strings.Join(args, " "), codeVet, viaVet, errVet, engine, code, out, stderr)
			}
		}
		if codeVet != 1 {
			t.Errorf("-format %s: exit %d on the example, want 1 (findings)", format, codeVet)
		}
		if format == "text" {
			_, goVet, _ := run(t, dir, "go", "vet", "-vettool="+heaplintBin, "-config="+filepath.Join(dir, "heaplint.yml"), "./...")
			want := plainDiags(viaVet, diagLine)
			if got := plainDiags(goVet, goVetLine); !slices.Equal(want, got) || len(want) == 0 {
				t.Errorf("go vet -vettool printed\n%s\nheaplint printed\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	}
}

// TestTextOutput: findings on stdout, each naming its check; related
// information on indented lines no "file:line:col: message" parser takes
// for a finding (unless -related); the summary on stderr counts each check.
func TestTextOutput(t *testing.T) {
	dir := exampleDir(t)
	stdout, stderr, code := run(t, dir, heaplintBin, "-config", "heaplint.yml", "./...")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	counts := map[string]int{}
	related := 0
	for l := range strings.SplitSeq(strings.TrimSuffix(stdout, "\n"), "\n") {
		if m := diagLine.FindStringSubmatch(l); m != nil {
			if _, ok := analyzer.Lookup(m[4]); !ok {
				t.Errorf("not a check's name: %q in %s", m[4], l)
			}
			counts[m[4]]++
			continue
		}
		if !strings.HasPrefix(l, "    related: ") || goVetLine.MatchString(l) || regexp.MustCompile(`:\d+:\d+: `).MatchString(l) {
			t.Errorf("a line that is neither a finding nor marked related information: %q", l)
		}
		related++
	}
	if related == 0 {
		t.Error("no related information on the example")
	}
	var parts []string
	total := 0
	for _, name := range analyzer.Names() {
		if counts[name] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", name, counts[name]))
			total += counts[name]
		}
	}
	want := fmt.Sprintf("heaplint: %d findings (%s)", total, strings.Join(parts, ", "))
	// With the example's profile, the summary ends with the weight that the
	// findings' lines carry.
	if !strings.HasPrefix(stderr, want) || !regexp.MustCompile(`^(; their lines weigh \d+% of the profile)?\n$`).MatchString(stderr[len(want):]) {
		t.Errorf("stderr = %q, want the summary %q", stderr, want)
	}
	if strings.Contains(stdout, "heaplint:") {
		t.Error("the summary went to stdout")
	}
	// -related: every related position becomes a line of its own.
	withRelated, _, _ := run(t, dir, heaplintBin, "-config", "heaplint.yml", "-related", "./...")
	if n := strings.Count(withRelated, "(related): "); n != related {
		t.Errorf("-related printed %d related lines, want %d", n, related)
	}
}

// TestExitCodes: 0 no findings, 1 findings, 2 usage or settings, 3
// packages that do not load or type-check; the same with -json.
func TestExitCodes(t *testing.T) {
	clean := t.TempDir()
	writeModule(t, clean, map[string]string{"c.go": "package c\n\nfunc F(a, b int) int { return a + b }\n"})
	broken := t.TempDir()
	writeModule(t, broken, map[string]string{"ok/ok.go": "package ok\n\nfunc F() {}\n", "bad/bad.go": "package bad\n\nfunc G() int { return undefined }\n"})
	climod := climodDir(t)
	for _, tc := range []struct {
		name string
		dir  string
		args []string
		want int
	}{
		{"clean", clean, []string{"./..."}, 0},
		{"findings", climod, []string{"./..."}, 1},
		{"unknown flag", climod, []string{"-boxin", "./..."}, 2},
		{"bad flag value", climod, []string{"-mapptr.max-size=1000", "./..."}, 2},
		{"no packages", climod, nil, 2},
		{"bad format", climod, []string{"-format", "xml", "./..."}, 2},
		{"missing baseline", climod, []string{"-baseline", "nosuch.json", "./..."}, 2},
		{"type error", broken, []string{"./..."}, 3},
		{"missing package", climod, []string{"./nosuch"}, 3},
	} {
		for _, format := range []string{"text", "json", "sarif"} {
			for _, engine := range []string{"vet", "export", "inprocess"} {
				args := append([]string{"-format", format, "-engine", engine}, tc.args...)
				_, stderr, code := run(t, tc.dir, heaplintBin, args...)
				if code != tc.want {
					t.Errorf("%s: heaplint %q: exit %d, want %d\n%s", tc.name, args, code, tc.want, stderr)
				}
			}
		}
	}
}

// TestFailuresReportedAlike: the export engine says what does not load or
// compile as go vet does, and counts it alike: a package that does not
// type-check once (bad, which user imports: the compiler's errors), a
// test variant that does not (q's in-package test: go vet's first
// error), not the packages that import them; a missing import stops the
// run.
func TestFailuresReportedAlike(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"ok/ok.go":     "package ok\n\nimport \"fmt\"\n\nfunc F(xs [][2]int) {\n\tfor _, x := range xs {\n\t\tfmt.Println(x)\n\t}\n}\n",
		"bad/bad.go":   "package bad\n\nfunc G() int { return undefined }\n\nfunc H() { var unused int }\n",
		"user/user.go": "package user\n\nimport \"example.com/m/bad\"\n\nvar X = bad.G()\n",
		"q/q.go":       "package q\n\nfunc Q() {}\n",
		"q/q_test.go":  "package q\n\nfunc T() { undefinedThing() }\n",
		// A module of its own, whose package imports one that is nowhere.
		"miss/miss.go": "package miss\n\nimport _ \"example.com/miss/nope\"\n",
		"miss/go.mod":  "module example.com/miss\n\ngo 1.26\n",
	})
	sorted := func(s string) string {
		lines := strings.Split(s, "\n")
		slices.Sort(lines)
		return strings.Join(lines, "\n")
	}
	for _, tc := range []struct {
		dir     string
		summary string
	}{
		{dir, "heaplint: 1 finding (boxing 1); 2 packages could not be analyzed (see above)\n"},
		{filepath.Join(dir, "miss"), "heaplint: no findings; some packages could not be analyzed (see above)\n"},
	} {
		vetOut, vetErr, vetCode := run(t, tc.dir, heaplintBin, "-engine=vet", "./...")
		out, stderr, code := run(t, tc.dir, heaplintBin, "-engine=export", "./...")
		if out != vetOut || code != vetCode || sorted(stderr) != sorted(vetErr) {
			t.Errorf("%s: the engines differ:\nvet (exit %d):\n%s%s\nexport (exit %d):\n%s%s", tc.dir, vetCode, vetOut, vetErr, code, out, stderr)
		}
		if code != 3 || !strings.HasSuffix(stderr, tc.summary) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit 3 and the summary %q", tc.dir, code, stderr, tc.summary)
		}
	}
}

// TestEnginesAgreeOnCgoAndTags: a cgo package (its Go files as cgo
// rewrites them, with line directives) and a file built only with a tag
// (GOFLAGS=-tags) give the same findings in the vet and export engines,
// the tagged file's included; and again from the export engine's cache.
func TestEnginesAgreeOnCgoAndTags(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet and cgo")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler for cgo")
	}
	dir := t.TempDir()
	loop := "\nfunc %s(ps [][2]int) {\n\tfor _, p := range ps {\n\t\tfmt.Println(p)\n\t}\n}\n"
	writeModule(t, dir, map[string]string{
		"cg/cg.go":     "package cg\n\n// static int twice(int x) { return 2 * x; }\nimport \"C\"\n\nimport \"fmt\"\n" + fmt.Sprintf(loop, "InCgoFile") + "\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n",
		"cg/plain.go":  "package cg\n\nimport \"fmt\"\n" + fmt.Sprintf(loop, "Plain"),
		"cg/tagged.go": "//go:build extra\n\npackage cg\n\nimport \"fmt\"\n" + fmt.Sprintf(loop, "Tagged"),
	})
	heaplint := func(engine string) (string, string, int) {
		cmd := exec.Command(heaplintBin, "-engine="+engine, "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod -tags=extra", "GOWORK=off", "CGO_ENABLED=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return stdout.String(), stderr.String(), code
	}
	viaVet, errVet, codeVet := heaplint("vet")
	if codeVet != 1 || !strings.Contains(viaVet, "tagged.go:") || !strings.Contains(viaVet, "plain.go:") {
		t.Fatalf("vet engine: exit %d, want findings in plain.go and tagged.go:\n%s%s", codeVet, viaVet, errVet)
	}
	for i := range 2 {
		out, stderr, code := heaplint("export")
		if out != viaVet || stderr != errVet || code != codeVet {
			t.Errorf("export engine (run %d) differs:\nvet (exit %d):\n%s%s\nexport (exit %d):\n%s%s", i+1, codeVet, viaVet, errVet, code, out, stderr)
		}
	}
}

// writeModule writes a module example.com/m with files into dir.
func writeModule(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, body := range files {
		name = filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func climodDir(t *testing.T) string {
	dir, err := filepath.Abs("testdata/climod")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestHelp: heaplint's own help, with every check (off by default too)
// and its flags, and nothing of x/tools's or go vet's.
func TestHelp(t *testing.T) {
	stdout, _, code := run(t, ".", heaplintBin, "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, leftover := range []string{"Printf", "By default all analyzers are run", "deprecated", "-source", "-tags", "-cpuprofile", "comments-go-here"} {
		if strings.Contains(stdout, leftover) {
			t.Errorf("help mentions %q", leftover)
		}
	}
	for _, e := range analyzer.Checks() {
		if !strings.Contains(stdout, "  -"+e.Info.Name+" ") {
			t.Errorf("help does not list check %s", e.Info.Name)
		}
		e.New().Flags.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(stdout, "-"+e.Info.Name+"."+f.Name) {
				t.Errorf("help does not list -%s.%s", e.Info.Name, f.Name)
			}
		})
		page, _, code := run(t, ".", heaplintBin, "help", e.Info.Name)
		if code != 0 || !strings.HasPrefix(page, e.Info.Name+": ") {
			t.Errorf("help %s: exit %d:\n%s", e.Info.Name, code, page)
		}
	}
	for _, args := range [][]string{{"-h"}, {"-help"}} {
		if out, _, code := run(t, ".", heaplintBin, args...); code != 0 || out != stdout {
			t.Errorf("heaplint %s: exit %d, and not the help text", args[0], code)
		}
	}
	_, stderr, code := run(t, ".", heaplintBin, "-nosuchflag", "./...")
	if code != 2 || !strings.Contains(stderr, "-nosuchflag") || !strings.Contains(stderr, "usage: heaplint") || strings.Contains(stderr, "Usage of") {
		t.Errorf("unknown flag: exit %d, stderr:\n%s", code, stderr)
	}
	_, stderr, code = run(t, ".", heaplintBin, "help", "nosuch")
	if code != 2 || !strings.Contains(stderr, "no such check") {
		t.Errorf("help nosuch: exit %d, stderr:\n%s", code, stderr)
	}
	out, _, code := run(t, ".", heaplintBin, "-version")
	if code != 0 || !regexp.MustCompile(`^heaplint (v\d+\.\d+\.\d+\S*|devel\S*) \(go\d`).MatchString(out) {
		t.Errorf("-version: exit %d: %q", code, out)
	}
}

// TestDefaultOffCheckFromTheCommandLine: nestedmap, off by default, runs
// with -nestedmap (and only it).
func TestDefaultOffCheckFromTheCommandLine(t *testing.T) {
	dir := exampleDir(t)
	stdout, stderr, _ := run(t, dir, heaplintBin, "-nestedmap", "./...")
	counts := map[string]int{}
	for _, l := range plainDiagsChecks(stdout) {
		counts[l]++
	}
	if counts["nestedmap"] == 0 || len(counts) != 1 {
		t.Errorf("-nestedmap: findings per check %v, want nestedmap only\n%s", counts, stderr)
	}
	stdout, _, _ = run(t, dir, heaplintBin, "./...")
	if slices.Contains(plainDiagsChecks(stdout), "nestedmap") {
		t.Error("nestedmap ran without being asked for")
	}
}

func plainDiagsChecks(out string) []string {
	var checks []string
	for l := range strings.SplitSeq(out, "\n") {
		if m := diagLine.FindStringSubmatch(l); m != nil {
			checks = append(checks, m[4])
		}
	}
	return checks
}

// TestFlagValuesValidatedFirst: a bad -CHECK.setting fails before any
// analysis, with the config file's message for the same value.
func TestFlagValuesValidatedFirst(t *testing.T) {
	dir := t.TempDir()
	config := filepath.Join(dir, "h.yml")
	if err := os.WriteFile(config, []byte("mapptr:\n  max-size: 1000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fromFile, code1 := run(t, climodDir(t), heaplintBin, "-config", config, "./...")
	_, fromFlag, code2 := run(t, climodDir(t), heaplintBin, "-mapptr.max-size=1000", "./...")
	_, body, _ := strings.Cut(fromFile, "heaplint settings: ")
	if code1 != 2 || code2 != 2 || body == "" || !strings.HasSuffix(fromFlag, body) || !strings.Contains(body, "max-size") {
		t.Errorf("config file: exit %d: %s\nflag: exit %d: %s", code1, fromFile, code2, fromFlag)
	}
	if strings.Contains(fromFlag, "#") || strings.Count(fromFlag, "\n") != 1 {
		t.Errorf("the bad flag was not rejected up front, once:\n%s", fromFlag)
	}
	_, stderr, code := run(t, climodDir(t), heaplintBin, "-mapptr.max-size=abc", "./...")
	if code != 2 || !strings.Contains(stderr, "-mapptr.max-size") {
		t.Errorf("-mapptr.max-size=abc: exit %d: %s", code, stderr)
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
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("config %q: exit %d, stderr %q; want failure mentioning %q", tc.config, code, stderr, tc.want)
		}
	}
	_, stderr, code := run(t, dir, heaplintBin, "-config", filepath.Join(dir, "missing.yml"), "./...")
	if code != 2 || !strings.Contains(stderr, "-config") {
		t.Errorf("missing config file: exit %d, stderr %q", code, stderr)
	}
}
