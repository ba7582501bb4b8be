package gclplugin_test

// End-to-end: golangci-lint v2.15.0 with heaplint linked in (built from
// tools/golangci-lint by scripts/build-golangci-lint.sh, or taken from
// $HEAPLINT_GOLANGCI_LINT), run on copies of the bundled example module
// testdata/example, where every check shows its pattern in <check>.go.
// What golangci-lint prints is compared with what the suite reports when
// run directly (go/analysis/checker) on the same module and settings, so
// every registered check is covered as soon as it lands.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"go/format"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/analyzer/gclplugin"
	"github.com/heaplint/heaplint/internal/suppress"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// golangciLint returns the golangci-lint binary with heaplint: the one
// named by $HEAPLINT_GOLANGCI_LINT, or the one the build script makes (it
// reuses bin/golangci-lint when nothing changed; a cold build takes minutes).
func golangciLint(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end: builds and runs golangci-lint")
	}
	binOnce.Do(func() {
		if p := os.Getenv("HEAPLINT_GOLANGCI_LINT"); p != "" {
			binPath, binErr = filepath.Abs(p)
			return
		}
		start := time.Now()
		cmd := exec.Command("bash", "../../scripts/build-golangci-lint.sh")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			binErr = fmt.Errorf("scripts/build-golangci-lint.sh: %v\n%s", err, stderr.Bytes())
			return
		}
		binPath = strings.TrimSpace(string(out))
		fmt.Fprintf(os.Stderr, "golangci-lint with heaplint: %s (%s)\n", binPath, time.Since(start).Round(time.Second))
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// exampleCopy copies testdata/example (files only, its subdirectories
// included) into a fresh directory.
func exampleCopy(t *testing.T) string {
	t.Helper()
	src, err := filepath.Abs("../../testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	err = filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// writeConfig writes dir/.golangci.yml running only heaplint with the given
// settings, every issue shown.
func writeConfig(t *testing.T, dir string, settings any, extra string) {
	t.Helper()
	js, err := json.Marshal(settings) // JSON is YAML
	if err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`version: "2"
linters:
  default: none
  enable: [heaplint]
  settings:
    custom:
      heaplint:
        type: module
        description: heaplint under test
        settings: %s
%sissues:
  max-same-issues: 0
  max-issues-per-linter: 0
  uniq-by-line: false
`, js, extra)
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// gclResult is one golangci-lint run.
type gclResult struct {
	code           int
	stdout, stderr string
	issues         []string // sorted "file:line:col: text"
	fixable        int      // issues that carry a SuggestedFix
}

type jsonIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []json.RawMessage
}

// runGCL runs golangci-lint run in dir with its .golangci.yml.
func runGCL(t *testing.T, dir string, args ...string) gclResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, golangciLint(t), append([]string{"run",
		"--output.json.path=stdout", "--show-stats=false",
		// Each run has its own cache, so runs of other tests (or other
		// people) on this machine may go on at the same time.
		"--allow-parallel-runners"}, append(args, "./...")...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOLANGCI_LINT_CACHE="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := gclResult{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("golangci-lint %v: %v", args, err)
	}
	if r.code > 1 {
		return r // failed: no report
	}
	var report struct{ Issues []jsonIssue }
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("golangci-lint printed no JSON report (exit %d): %v\nstdout:\n%s\nstderr:\n%s", r.code, err, r.stdout, r.stderr)
	}
	for _, is := range report.Issues {
		switch is.FromLinter {
		case "heaplint":
		case "typecheck":
			t.Errorf("the module does not compile, so golangci-lint shows nothing else: %s:%d: %s", is.Pos.Filename, is.Pos.Line, is.Text)
			continue
		default:
			continue // other linters, enabled by a user's config
		}
		name := is.Pos.Filename
		if filepath.IsAbs(name) {
			name, _ = filepath.Rel(dir, name)
		}
		r.issues = append(r.issues, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(name), is.Pos.Line, is.Pos.Column, is.Text))
		if len(is.SuggestedFixes) > 0 {
			r.fixable++
		}
	}
	slices.Sort(r.issues)
	return r
}

var (
	directOnce sync.Once
	directAll  direct
)

// runDirectAll is runDirect on a pristine copy of the example with every
// check enabled, computed once.
func runDirectAll(t *testing.T) direct {
	t.Helper()
	directOnce.Do(func() { directAll = runDirect(t, exampleCopy(t), all) })
	if directAll.byName == nil {
		t.Fatal("running the suite directly failed")
	}
	return directAll
}

// direct is what the suite reports on the module in dir when run without
// golangci-lint, in golangci-lint's form.
type direct struct {
	issues []string                       // sorted "file:line:col: text"
	byName map[string][]string            // check → its issues' "file:line"
	edits  map[string][]analysis.TextEdit // file → edits of all fixes
	fset   *token.FileSet
}

func runDirect(t *testing.T, dir string, cfg analyzer.Config) direct {
	t.Helper()
	// The plugin's own analyzers, related information folded in, so the
	// comparison is with exactly what golangci-lint is given.
	js, _ := json.Marshal(cfg)
	var settings any
	json.Unmarshal(js, &settings)
	p, err := gclplugin.New(settings)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	// Analyzers with facts (buildssa requires ctrlflow, which has some)
	// run on every dependency, so those need syntax too.
	mode := packages.LoadSyntax | packages.NeedModule
	if hasFacts(as) {
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	pkgs, err := packages.Load(&packages.Config{
		Mode: mode,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off"),
	}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("the example module does not compile: %v", e)
		}
	}
	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := direct{byName: map[string][]string{}, edits: map[string][]analysis.TextEdit{}}
	rel := func(p token.Position) string {
		name, _ := filepath.Rel(dir, p.Filename)
		return filepath.ToSlash(name)
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		fset := act.Package.Fset
		d.fset = fset
		for _, diag := range act.Diagnostics {
			posn := fset.Position(diag.Pos)
			d.issues = append(d.issues, fmt.Sprintf("%s:%d:%d: %s: %s", rel(posn), posn.Line, posn.Column, act.Analyzer.Name, diag.Message))
			d.byName[act.Analyzer.Name] = append(d.byName[act.Analyzer.Name], fmt.Sprintf("%s:%d", rel(posn), posn.Line))
			if len(diag.Related) > 0 {
				t.Errorf("%s: the plugin left related information for golangci-lint to print as issues of their own: %v", posn, diag.Related)
			}
			for _, fix := range diag.SuggestedFixes {
				d.edits[rel(posn)] = append(d.edits[rel(posn)], fix.TextEdits...)
			}
		}
	}
	slices.Sort(d.issues)
	return d
}

func hasFacts(as []*analysis.Analyzer) bool {
	for _, a := range as {
		if len(a.FactTypes) > 0 || hasFacts(a.Requires) {
			return true
		}
	}
	return false
}

func diffLines(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "\n  missing: %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "\n  unexpected: %s", g)
		}
	}
	return b.String()
}

func needChecks(t *testing.T) []string {
	t.Helper()
	names := analyzer.Names()
	if len(names) == 0 {
		t.Skip("no check is registered yet")
	}
	return names
}

// all is every check, with the example's heap profile (by absolute name:
// golangci-lint runs in a copy of the example) so that heapsite shows too;
// profile-unseen keeps what the profile does not reach.
var all = analyzer.Config{Default: analyzer.DefaultAll, Profile: analyzer.Files{exampleProfile()}, ProfileUnseen: true}

func exampleProfile() string {
	abs, err := filepath.Abs("../../testdata/example/heapsite.pprof")
	if err != nil {
		panic(err)
	}
	return abs
}

// TestGolangciFindings: every check's findings appear at the same
// file:line:col with the same text as when the suite runs directly, and
// every check has at least one finding in the example.
func TestGolangciFindings(t *testing.T) {
	golangciLint(t)
	names := needChecks(t)
	dir := exampleCopy(t)
	writeConfig(t, dir, all, "")
	got := runGCL(t, dir)
	if got.code > 1 {
		t.Fatalf("golangci-lint failed (exit %d):\n%s", got.code, got.stderr)
	}
	want := runDirectAll(t)
	t.Logf("%d issues", len(got.issues))
	if !slices.Equal(got.issues, want.issues) {
		t.Errorf("golangci-lint and the suite run directly disagree:%s", diffLines(want.issues, got.issues))
	}
	for _, name := range names {
		if len(want.byName[name]) == 0 {
			t.Errorf("check %s has no finding in testdata/example: add testdata/example/%s.go showing its pattern", name, name)
		}
	}
}

// TestGolangciDisable: a check disabled in the settings is silent, the
// others are not. Two runs cover every check: each disables half.
func TestGolangciDisable(t *testing.T) {
	golangciLint(t)
	names := needChecks(t)
	dir := exampleCopy(t)
	full := runDirectAll(t)
	for half := range 2 {
		var off []string
		for i, n := range names {
			if i%2 == half {
				off = append(off, n)
			}
		}
		if len(off) == 0 {
			continue
		}
		cfg := all
		cfg.Disable = off
		writeConfig(t, dir, cfg, "")
		got := runGCL(t, dir)
		if got.code > 1 {
			t.Fatalf("disable %v: golangci-lint failed (exit %d):\n%s", off, got.code, got.stderr)
		}
		var want []string
		for _, is := range full.issues {
			if !slices.ContainsFunc(off, func(n string) bool { return issueOf(is, n) }) {
				want = append(want, is)
			}
		}
		if !slices.Equal(got.issues, want) {
			t.Errorf("with disable: %v:%s", off, diffLines(want, got.issues))
		}
	}
}

// issueOf reports whether a "file:line:col: text" issue is check name's.
func issueOf(issue, name string) bool {
	_, text, _ := strings.Cut(issue, ": ")
	return strings.HasPrefix(text, name+": ") || strings.HasPrefix(text, name+"(related information): ")
}

// TestGolangciBadSettings: golangci-lint refuses to run with a bad setting
// and says which.
func TestGolangciBadSettings(t *testing.T) {
	golangciLint(t)
	dir := exampleCopy(t)
	cases := []struct {
		settings any
		want     []string
	}{
		{map[string]any{"enable": []string{"nosuchcheck"}}, []string{"enable", `"nosuchcheck"`}},
		{map[string]any{"default": "most"}, []string{"default", `"most"`}},
		{map[string]any{"loopsonly": true}, []string{`"loopsonly"`}},
	}
	if names := analyzer.Names(); len(names) > 0 {
		cases = append(cases, struct {
			settings any
			want     []string
		}{map[string]any{names[0]: map[string]any{"no-such-setting": 1}}, []string{names[0], `"no-such-setting"`}})
	}
	for _, c := range cases {
		writeConfig(t, dir, c.settings, "")
		got := runGCL(t, dir)
		if got.code <= 1 {
			t.Errorf("settings %v: golangci-lint ran (exit %d)", c.settings, got.code)
			continue
		}
		msg := got.stderr + got.stdout
		for _, w := range append(c.want, "plugin(heaplint)") {
			if !strings.Contains(msg, w) {
				t.Errorf("settings %v: the error does not mention %s:\n%s", c.settings, w, msg)
			}
		}
	}
}

// TestGolangciNolint: //nolint:heaplint silences the line it is on, one
// line per check, and an exclusion rule on "^<check>:" silences a check:
// each finding goes whole, its related information (folded into its
// message by the plugin) with it.
func TestGolangciNolint(t *testing.T) {
	golangciLint(t)
	names := needChecks(t)
	dir := exampleCopy(t)
	full := runDirectAll(t)
	// The first finding of each check gets a //nolint:heaplint.
	silenced := map[string]bool{} // "file:line"
	for _, name := range names {
		if len(full.byName[name]) > 0 {
			silenced[full.byName[name][0]] = true
		}
	}
	var lines []string
	for l := range silenced {
		lines = append(lines, l)
	}
	slices.Sort(lines)
	for _, l := range lines {
		file, line, _ := strings.Cut(l, ":")
		addNolint(t, filepath.Join(dir, file), line)
	}
	excluded := ""
	extra := ""
	if len(names) > 1 {
		excluded = names[len(names)-1]
		extra = fmt.Sprintf("  exclusions:\n    rules:\n      - linters: [heaplint]\n        text: \"^%s:\"\n", excluded)
	}
	writeConfig(t, dir, all, extra)
	got := runGCL(t, dir)
	if got.code > 1 {
		t.Fatalf("golangci-lint failed (exit %d):\n%s", got.code, got.stderr)
	}
	var want []string
	for _, is := range full.issues {
		f := strings.SplitN(is, ":", 3)
		if silenced[f[0]+":"+f[1]] || (excluded != "" && issueOf(is, excluded)) {
			continue
		}
		want = append(want, is)
	}
	// Nothing of a silenced finding may be left, and nothing is printed as
	// related information on its own (it would fail the run by itself).
	for _, is := range got.issues {
		if strings.Contains(is, "(related information)") {
			t.Errorf("an issue of related information: %s", is)
		}
	}
	t.Logf("%d lines with //nolint, %d issues before, %d after", len(lines), len(full.issues), len(got.issues))
	if !slices.Equal(got.issues, want) {
		t.Errorf("with //nolint:heaplint on %v and an exclusion of %q:%s", lines, excluded, diffLines(want, got.issues))
	}
}

// addNolint puts //nolint:heaplint at the end of line (1-based) of file,
// keeping a comment already there as its explanation.
func addNolint(t *testing.T, file, line string) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	fmt.Sscan(line, &n)
	fset := token.NewFileSet()
	tf := fset.AddFile(file, -1, len(src))
	var s scanner.Scanner
	s.Init(tf, src, nil, scanner.ScanComments)
	lineStart, lineEnd := -1, len(src)
	for i, l := 0, 1; i <= len(src); i++ {
		if l == n && lineStart < 0 {
			lineStart = i
		}
		if i == len(src) || src[i] == '\n' {
			if l == n {
				lineEnd = i
				break
			}
			l++
		}
	}
	insert := lineEnd
	text := " //nolint:heaplint"
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := tf.Offset(pos)
		if tok == token.COMMENT && off >= lineStart && off < lineEnd && strings.HasPrefix(lit, "//") {
			insert, text = off, "//nolint:heaplint "
			break
		}
	}
	out := slices.Concat(src[:insert], []byte(text), src[insert:])
	if err := os.WriteFile(file, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGolangciFix: --fix applies the SuggestedFixes as the suite computes
// them, and the fixed module still builds.
func TestGolangciFix(t *testing.T) {
	golangciLint(t)
	needChecks(t)
	dir := exampleCopy(t)
	full := runDirectAll(t)
	if len(full.edits) == 0 {
		var fixers []string
		for _, e := range analyzer.Checks() {
			if e.Info.Fix != "none" {
				fixers = append(fixers, e.Info.Name)
			}
		}
		if len(fixers) > 0 {
			t.Fatalf("checks %v offer fixes but none appears in testdata/example", fixers)
		}
		t.Skip("no registered check offers a fix yet")
	}
	// What golangci-lint writes: all fixes' edits, duplicates dropped, in
	// offset order. Edits that overlap make it skip every heaplint fix in
	// the file.
	want := map[string][]byte{}
	for file, edits := range full.edits {
		file = filepath.Join(dir, file)
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		type edit struct {
			start, end int
			text       string
		}
		var es []edit
		for _, e := range edits {
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			es = append(es, edit{full.fset.Position(e.Pos).Offset, full.fset.Position(end).Offset, string(e.NewText)})
		}
		slices.SortFunc(es, func(a, b edit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
		es = slices.Compact(es)
		var out []byte
		last := 0
		for i, e := range es {
			if i > 0 && e.start < es[i-1].end {
				t.Errorf("%s: fixes of two findings overlap at offset %d: golangci-lint --fix then skips every heaplint fix in the file", file, e.start)
			}
			out = append(append(out, src[last:e.start]...), e.text...)
			last = e.end
		}
		out = append(out, src[last:]...)
		// golangci-lint gofmts what it fixed (a strconcat fix joins two
		// statements with "; ", as x/tools' modernize does).
		if formatted, err := format.Source(out); err == nil {
			out = formatted
		}
		want[file] = out
	}
	writeConfig(t, dir, all, "")
	got := runGCL(t, dir, "--fix")
	if got.code > 1 {
		t.Fatalf("golangci-lint --fix failed (exit %d):\n%s", got.code, got.stderr)
	}
	t.Logf("%d files to fix; %d issues left after --fix", len(want), len(got.issues))
	for file, w := range want {
		g, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s after --fix:\n%s\nwant:\n%s", file, g, w)
		}
	}
	build := exec.Command("go", "build", "./...")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Errorf("the fixed module does not build: %v\n%s", err, out)
	}
}

// TestGolangciExampleConfig: golangci-lint accepts .golangci.example.yml
// as it is and reports the default checks' findings with it.
func TestGolangciExampleConfig(t *testing.T) {
	golangciLint(t)
	dir := exampleCopy(t)
	data, err := os.ReadFile("../../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	got := runGCL(t, dir)
	if got.code > 1 {
		t.Fatalf("golangci-lint rejects .golangci.example.yml (exit %d):\n%s", got.code, got.stderr)
	}
	settings, _ := exampleSettings(t)
	js, _ := json.Marshal(settings)
	cfg, err := analyzer.ParseConfig(js)
	if err != nil {
		t.Fatal(err)
	}
	if names, _ := cfg.Enabled(); len(names) > 0 && len(got.issues) == 0 {
		t.Errorf("with .golangci.example.yml golangci-lint reports nothing on testdata/example (checks enabled: %v)", names)
	}
}

// TestWrapperModuleTidy: tools/golangci-lint's go.mod and go.sum match
// heaplint's go.mod, so a fresh machine builds the wrapper exactly as
// committed (the build script copes with a stale pair, but warns).
func TestWrapperModuleTidy(t *testing.T) {
	golangciLint(t) // the build fills the module cache tidy needs
	cmd := exec.Command("go", "mod", "tidy", "-diff")
	cmd.Dir = "../../tools/golangci-lint"
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("tools/golangci-lint is not tidy (heaplint's go.mod changed?): run `cd tools/golangci-lint && go mod tidy` and commit go.mod and go.sum: %v\n%s", err, out)
	}
}

// readmeSnippet returns the .golangci.yml the README's golangci-lint
// section shows (its first yaml block).
func readmeSnippet(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "<!-- BEGIN golangci -->")
	_, block, ok2 := strings.Cut(section, "```yaml\n")
	snippet, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md: no yaml block in the golangci section")
	}
	return snippet
}

// TestGolangciReadmeSnippetShowsEveryFinding: with the README's
// .golangci.yml as it is, golangci-lint shows every finding the suite
// reports, on a module with more than 50 of them (golangci-lint's default
// cap per linter) and findings of two checks on one line (its default
// de-duplication by line keeps one).
func TestGolangciReadmeSnippetShowsEveryFinding(t *testing.T) {
	golangciLint(t)
	snippet := readmeSnippet(t)
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString("package many\n\nimport \"fmt\"\n\ntype point struct{ x, y, z float64 }\n")
	for i := range 60 {
		fmt.Fprintf(&src, "\nfunc f%d(ps []point) {\n\tfor _, p := range ps {\n\t\tfmt.Println(p)\n\t}\n}\n", i)
	}
	src.WriteString("\nfunc workers(ps []point) {\n\tfor _, p := range ps {\n\t\tgo func() { fmt.Println(p) }()\n\t}\n}\n")
	files := map[string]string{
		"go.mod":        "module example.com/many\n\ngo 1.26\n",
		"many.go":       src.String(),
		".golangci.yml": snippet,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var doc struct {
		Linters struct {
			Settings struct {
				Custom map[string]struct{ Settings any }
			}
		}
	}
	if err := yaml.Unmarshal([]byte(snippet), &doc); err != nil {
		t.Fatalf("README snippet: %v", err)
	}
	js, _ := json.Marshal(doc.Linters.Settings.Custom["heaplint"].Settings)
	cfg, err := analyzer.ParseConfig(js)
	if err != nil {
		t.Fatalf("README snippet's settings: %v", err)
	}
	want := runDirect(t, dir, cfg)
	got := runGCL(t, dir)
	if got.code > 1 {
		t.Fatalf("golangci-lint failed with the README's snippet (exit %d):\n%s", got.code, got.stderr)
	}
	lines := map[string][]string{}
	for _, is := range want.issues {
		f := strings.SplitN(is, ":", 3)
		lines[f[0]+":"+f[1]] = append(lines[f[0]+":"+f[1]], is)
	}
	shared := 0
	for _, l := range lines {
		if len(l) > 1 {
			shared++
		}
	}
	if len(want.issues) <= 50 || shared == 0 {
		t.Fatalf("the module has %d findings and %d lines with two: it tests nothing", len(want.issues), shared)
	}
	t.Logf("%d findings, %d lines with more than one; golangci-lint shows %d", len(want.issues), shared, len(got.issues))
	if !slices.Equal(got.issues, want.issues) {
		t.Errorf("with the README's snippet golangci-lint hides findings:%s", diffLines(want.issues, got.issues))
	}
}

// TestGolangciDirectives: //heaplint:ignore works through golangci-lint,
// and a stale directive is reported there too.
func TestGolangciDirectives(t *testing.T) {
	golangciLint(t)
	as, _ := analyzer.Suite(analyzer.Config{})
	if !slices.ContainsFunc(as, func(a *analysis.Analyzer) bool { return a.Name == suppress.DirectivesName }) {
		t.Skip("the suite does not apply //heaplint:ignore yet (analyzer.Suite has no directives analyzer)")
	}
	dir := exampleCopy(t)
	full := runDirectAll(t)
	first := full.byName["boxing"][0] // "file:line"
	file, line, _ := strings.Cut(first, ":")
	src, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	var n int
	fmt.Sscan(line, &n)
	lines[n-1] += " //heaplint:ignore boxing measured: not worth it"
	lines = append(lines, "func staleDirective() {", "\t_ = 1 //heaplint:ignore boxing nothing here", "}", "")
	if err := os.WriteFile(filepath.Join(dir, file), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	writeConfig(t, dir, all, "")
	got := runGCL(t, dir)
	if got.code != 1 {
		t.Fatalf("exit %d:\n%s", got.code, got.stderr)
	}
	for _, is := range got.issues {
		if strings.HasPrefix(is, first+":") && strings.Contains(is, ": boxing: ") {
			t.Errorf("the ignored finding is still there: %s", is)
		}
	}
	stale := 0
	for _, is := range got.issues {
		if strings.Contains(is, "directives: this directive silences no boxing finding") {
			stale++
		}
	}
	if stale != 1 {
		t.Errorf("%d stale-directive issues, want 1:\n%s", stale, strings.Join(got.issues, "\n"))
	}
}

// TestGolangciProfile: the profile setting weighs findings under
// golangci-lint as in heaplint's own engines: each message ends with its
// weight, and the site the profile never reaches is dropped (kept with
// profile-unseen). testdata/profiled's benchmark allocates three times the
// bytes at its first site as at its second.
func TestGolangciProfile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "sites.go", "sites_test.go"} {
		data, err := os.ReadFile(filepath.Join("../../testdata/profiled", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prof := exec.Command("go", "test", "-run", "^$", "-bench", "Sites", "-benchtime", "500x",
		"-memprofile", "mem.out", "-memprofilerate", "1", ".")
	prof.Dir = dir
	prof.Env = append(os.Environ(), "GOWORK=off")
	if out, err := prof.CombinedOutput(); err != nil {
		t.Fatalf("profiling the benchmark: %v\n%s", err, out)
	}
	writeConfig(t, dir, map[string]any{"profile": "mem.out"}, "")
	got := runGCL(t, dir)
	if got.code > 1 {
		t.Fatalf("golangci-lint failed (exit %d):\n%s", got.code, got.stderr)
	}
	if len(got.issues) != 2 {
		t.Fatalf("want the two sites the profile reaches, got:\n%s", strings.Join(got.issues, "\n"))
	}
	for _, issue := range got.issues {
		if !strings.Contains(issue, "of the profile's allocation)") {
			t.Errorf("no weight in %q", issue)
		}
	}
	writeConfig(t, dir, map[string]any{"profile": "mem.out", "profile-unseen": true}, "")
	if got := runGCL(t, dir); len(got.issues) != 3 {
		t.Errorf("profile-unseen: want all three sites, got:\n%s", strings.Join(got.issues, "\n"))
	}
	writeConfig(t, dir, map[string]any{"profile": "no-such.out"}, "")
	if got := runGCL(t, dir); got.code == 0 || !strings.Contains(got.stderr, "setting profile") {
		t.Errorf("a missing profile: exit %d, want a settings error naming profile:\n%s", got.code, got.stderr)
	}
}
