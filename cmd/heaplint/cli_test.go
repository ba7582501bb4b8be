package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/suppress"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestFixReports: -fix applies the fixes, says how many, and reports (and
// exits on) what is left; -diff shows the same change without writing.
func TestFixReports(t *testing.T) {
	dir := copyTree(t, climodDir(t))
	before := goFiles(t, dir)
	diff, stderr, code := run(t, dir, heaplintBin, "-fix", "-diff", "./...")
	if code != 1 || !strings.Contains(diff, "+\tvar xs = make([]float64, 0, len(ps))") || !strings.Contains(stderr, "fixes 1 findings in 1 files (nothing written)") {
		t.Fatalf("-fix -diff: exit %d\n%s\n%s", code, diff, stderr)
	}
	if !mapsEqual(before, goFiles(t, dir)) {
		t.Fatal("-fix -diff wrote files")
	}
	stdout, stderr, code := run(t, dir, heaplintBin, "-fix", "./...")
	if code != 1 || !strings.Contains(stderr, "heaplint: fixed 1 findings in 1 files; left: 1 without a fix") {
		t.Errorf("-fix: exit %d, stderr:\n%s", code, stderr)
	}
	if checks := plainDiagsChecks(stdout); len(checks) != 1 || checks[0] != "boxing" {
		t.Errorf("-fix: the findings left are %v, want the boxing finding:\n%s", checks, stdout)
	}
	if after := goFiles(t, dir)["climod.go"]; !strings.Contains(after, "var xs = make([]float64, 0, len(ps))") {
		t.Errorf("-fix did not write the fix:\n%s", after)
	}
	// Fixed, the unsizedmake finding is gone; -fix again has nothing to do.
	_, stderr, code = run(t, dir, heaplintBin, "-fix", "./...")
	if code != 1 || !strings.Contains(stderr, "fixed 0 findings in 0 files; left: 1 without a fix") {
		t.Errorf("second -fix: exit %d, stderr:\n%s", code, stderr)
	}
	if _, stderr, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Errorf("the fixed module does not build:\n%s", stderr)
	}
}

// TestBaseline: a baseline written today silences today's findings, still
// does after lines are inserted above them, and a new finding shows.
func TestBaseline(t *testing.T) {
	dir := copyTree(t, exampleDir(t))
	base := filepath.Join(dir, "heaplint-baseline.json")
	_, stderr, code := run(t, dir, heaplintBin, "-config", "heaplint.yml", "-write-baseline", base, "./...")
	if code != 0 || !strings.Contains(stderr, "wrote ") {
		t.Fatalf("-write-baseline: exit %d\n%s", code, stderr)
	}
	var file struct {
		Findings []struct{ Fingerprint, Check, File, Function string }
	}
	data, _ := os.ReadFile(base)
	if err := json.Unmarshal(data, &file); err != nil || len(file.Findings) == 0 {
		t.Fatalf("baseline file: %v\n%s", err, data)
	}
	for _, e := range file.Findings {
		if strings.Contains(e.File, dir) || e.Fingerprint == "" {
			t.Errorf("baseline entry %+v: want a relative path and a fingerprint", e)
		}
	}
	check := func(what string, wantNew int) string {
		t.Helper()
		stdout, stderr, code := run(t, dir, heaplintBin, "-config", "heaplint.yml", "-baseline", base, "./...")
		n := len(plainDiagsChecks(stdout))
		if n != wantNew || (n > 0) != (code == 1) || code > 1 {
			t.Errorf("%s: %d new findings (exit %d), want %d:\n%s%s", what, n, code, wantNew, stdout, stderr)
		}
		if !strings.Contains(stderr, "in the baseline") {
			t.Errorf("%s: the summary does not count the baseline's findings: %s", what, stderr)
		}
		return stdout
	}
	check("unchanged", 0)
	// Insert lines above every finding of boxing.go: positions move.
	name := filepath.Join(dir, "boxing.go")
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(src), "\ntype point", "\n// Inserted lines move every finding below.\nvar inserted = 1\n\ntype point", 1)
	if edited == string(src) {
		t.Fatal("boxing.go has no type point to insert above")
	}
	// ... and add one new boxing finding at the end.
	edited += "\nfunc addedLater(xs []point) {\n\tfor _, x := range xs {\n\t\tfmt.Println(x)\n\t}\n}\n"
	if err := os.WriteFile(name, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	out := check("after inserting lines and adding a finding", 1)
	if !strings.Contains(out, "boxing.go:") || !strings.Contains(out, ": boxing: ") {
		t.Errorf("the new finding is not the added boxing one:\n%s", out)
	}
}

// TestSARIF: -format sarif is valid SARIF 2.1.0 by the official schema,
// with a rule per check that has help text and a URL, and a result per
// finding.
func TestSARIF(t *testing.T) {
	dir := exampleDir(t)
	out, stderr, code := run(t, dir, heaplintBin, "-config", "heaplint.yml", "-format", "sarif", "./...")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	schemaFile, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer schemaFile.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("not valid SARIF 2.1.0: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID               string
						ShortDescription struct{ Text string }
						Help             struct{ Text, Markdown string }
						HelpURI          string
					}
				}
			}
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI, URIBaseID string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		rules[r.ID] = true
		if r.ShortDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" || !strings.HasPrefix(r.HelpURI, "https://") {
			t.Errorf("rule %s lacks a description, help or helpUri: %+v", r.ID, r)
		}
	}
	for _, name := range append(analyzer.Names(), suppress.DirectivesName) {
		if !rules[name] {
			t.Errorf("no rule for %s", name)
		}
	}
	text, _, _ := run(t, dir, heaplintBin, "-config", "heaplint.yml", "./...")
	if got, want := len(log.Runs[0].Results), len(plainDiagsChecks(text)); got != want || got == 0 {
		t.Errorf("%d SARIF results, %d findings in text", got, want)
	}
	for _, r := range log.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		if !rules[r.RuleID] || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || loc.Region.StartLine == 0 {
			t.Errorf("result %+v: want a known rule and a relative location with a line", r)
		}
	}
}

// TestGitHubFormat: one workflow command per finding, nothing else.
func TestGitHubFormat(t *testing.T) {
	dir := exampleDir(t)
	out, _, code := run(t, dir, heaplintBin, "-config", "heaplint.yml", "-format", "github", "./...")
	text, _, _ := run(t, dir, heaplintBin, "-config", "heaplint.yml", "./...")
	re := regexp.MustCompile(`^::warning file=[^,:]+\.go,line=\d+,col=\d+(,endLine=\d+,endColumn=\d+)?,title=heaplint [a-z]+::[^\n]+$`)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for _, l := range lines {
		if !re.MatchString(l) {
			t.Errorf("not a workflow annotation: %q", l)
		}
	}
	if code != 1 || len(lines) != len(plainDiagsChecks(text)) {
		t.Errorf("exit %d, %d annotations for %d findings", code, len(lines), len(plainDiagsChecks(text)))
	}
}

// suppressionWired skips the test until the suite applies directives:
// report.Emit asks suppress.Suppressed and analyzer.Suite appends the
// directives analyzer.
func suppressionWired(t *testing.T) {
	as, err := analyzer.Suite(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name == suppress.DirectivesName {
			return
		}
	}
	t.Skip("the suite does not apply //heaplint:ignore yet (analyzer.Suite has no directives analyzer)")
}

// TestSuppression: //heaplint:ignore silences the finding on its line (in
// both engines); a stale or malformed directive is reported, under the
// check "directives".
func TestSuppression(t *testing.T) {
	suppressionWired(t)
	dir := copyTree(t, climodDir(t))
	name := filepath.Join(dir, "climod.go")
	src, _ := os.ReadFile(name)
	edited := strings.Replace(string(src), "\t\tfmt.Fprintln(os.Stdout, p)\n", "\t\tfmt.Fprintln(os.Stdout, p) //heaplint:ignore boxing measured: not hot\n", 1)
	edited += "\nfunc stale() {\n\t//heaplint:ignore boxing nothing below allocates\n\t_ = 1\n\t_ = 2 //heaplint:ignore boxing\n}\n"
	if err := os.WriteFile(name, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, engine := range []string{"vet", "inprocess"} {
		stdout, stderr, code := run(t, dir, heaplintBin, "-engine", engine, "./...")
		checks := plainDiagsChecks(stdout)
		if strings.Count(strings.Join(checks, " "), "boxing") != 0 {
			t.Errorf("%s: boxing findings left:\n%s", engine, stdout)
		}
		if !strings.Contains(stdout, "directives: this directive silences no boxing finding on line") ||
			!strings.Contains(stdout, "directives: malformed heaplint directive: no reason given") {
			t.Errorf("%s: want the stale and the malformed directive reported\n%s", engine, stdout)
		}
		if code != 1 || !strings.Contains(stderr, "directives 2") {
			t.Errorf("%s: exit %d, summary %s", engine, code, stderr)
		}
	}
}
