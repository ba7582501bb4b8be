package analyzer_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/report"
	"golang.org/x/tools/go/analysis"
)

var update = flag.Bool("update", false, "rewrite the generated parts of README.md")

// passDirs lists the check packages under passes/.
func passDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("../passes")
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestRegistry(t *testing.T) {
	names := analyzer.Names()
	if !slices.IsSorted(names) {
		t.Errorf("registry is not sorted by name: %v", names)
	}
	if !slices.Equal(names, passDirs(t)) {
		t.Errorf("registry %v does not match the directories under passes/ %v", names, passDirs(t))
	}
	for _, e := range analyzer.Checks() {
		if err := e.Info.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestNamesAgree(t *testing.T) {
	for _, e := range analyzer.Checks() {
		a := e.New()
		if a.Name != e.Info.Name {
			t.Errorf("check %s: Analyzer.Name is %q", e.Info.Name, a.Name)
		}
		if a.URL != report.URL(e.Info.Name) {
			t.Errorf("check %s: URL %q, want %q", e.Info.Name, a.URL, report.URL(e.Info.Name))
		}
		src, err := os.ReadFile(filepath.Join("../passes", e.Info.Name, "doc.go"))
		if err != nil {
			t.Errorf("check %s: %v", e.Info.Name, err)
			continue
		}
		if !strings.Contains(string(src), "\npackage "+e.Info.Name+"\n") {
			t.Errorf("check %s: doc.go is not package %s", e.Info.Name, e.Info.Name)
		}
	}
}

// docs parses every check's doc.go.
func docs(t *testing.T) map[string]*analysisdoc.Doc {
	t.Helper()
	out := map[string]*analysisdoc.Doc{}
	for _, e := range analyzer.Checks() {
		src, err := os.ReadFile(filepath.Join("../passes", e.Info.Name, "doc.go"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := analysisdoc.Parse(string(src), e.Info.Name)
		if err != nil {
			t.Errorf("check %s: %v", e.Info.Name, err)
			continue
		}
		out[e.Info.Name] = d
	}
	return out
}

func TestDocs(t *testing.T) {
	for name, d := range docs(t) {
		if !strings.Contains(d.Cost, "allocs/op") || !strings.Contains(d.Cost, "B/op") {
			t.Errorf("check %s: the Cost line must quote measured B/op and allocs/op: %q", name, d.Cost)
		}
		if _, err := os.Stat(filepath.Join("../passes", name, "cost_test.go")); err != nil {
			t.Errorf("check %s: no cost_test.go with the benchmark behind its Cost line", name)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := analysis.Validate(analyzer.All()); err != nil {
		t.Fatal(err)
	}
	all, err := analyzer.Analyzers(analyzer.Config{Default: analyzer.DefaultAll})
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
}

func TestEveryCheckTakesTheSuiteScope(t *testing.T) {
	c := analyzer.Config{Default: analyzer.DefaultAll, LoopsOnly: true, Cold: true}
	as, err := analyzer.Analyzers(c)
	if err != nil {
		t.Fatalf("loops-only and cold must apply to every check: %v", err)
	}
	for _, a := range as {
		for _, name := range []string{"loops-only", "cold"} {
			if f := a.Flags.Lookup(name); f == nil || f.Value.String() != "true" {
				t.Errorf("check %s: %s did not reach its flags", a.Name, name)
			}
		}
	}
}

// TestEveryCheckRequiresHotness: report.Emit reads each finding's hotness
// from the hotness analyzer's result, which only a check that requires it
// gets.
func TestEveryCheckRequiresHotness(t *testing.T) {
	for _, a := range analyzer.All() {
		if !slices.Contains(a.Requires, hotness.Analyzer) {
			t.Errorf("check %s does not require hotness.Analyzer: its findings would all be warm", a.Name)
		}
	}
}

func TestAnalyzersAreFresh(t *testing.T) {
	a1, _ := analyzer.Analyzers(analyzer.Config{Default: analyzer.DefaultAll})
	a2, _ := analyzer.Analyzers(analyzer.Config{Default: analyzer.DefaultAll})
	for i := range a1 {
		if a1[i] == a2[i] {
			t.Errorf("check %s: two calls returned the same *Analyzer", a1[i].Name)
		}
	}
}

func TestEnabled(t *testing.T) {
	var defaults, all []string
	for _, e := range analyzer.Checks() {
		all = append(all, e.Info.Name)
		if e.Info.Default {
			defaults = append(defaults, e.Info.Name)
		}
	}
	enabled := func(c analyzer.Config) []string {
		t.Helper()
		names, err := c.Enabled()
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	if got := enabled(analyzer.Config{}); !slices.Equal(got, defaults) {
		t.Errorf("default config enables %v, want %v", got, defaults)
	}
	if got := enabled(analyzer.Config{Default: "all"}); !slices.Equal(got, all) {
		t.Errorf("default: all enables %v, want %v", got, all)
	}
	if got := enabled(analyzer.Config{Default: "none"}); len(got) != 0 {
		t.Errorf("default: none enables %v", got)
	}
	if len(all) > 0 {
		first := all[0]
		if got := enabled(analyzer.Config{Default: "none", Enable: []string{first}}); !slices.Equal(got, []string{first}) {
			t.Errorf("none + enable %s gives %v", first, got)
		}
		if got := enabled(analyzer.Config{Default: "all", Disable: []string{first}}); slices.Contains(got, first) {
			t.Errorf("all - %s still has it: %v", first, got)
		}
	}
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"enable": ["nope"]}`, `setting enable: unknown check "nope"`},
		{`{"disable": ["nope"]}`, `setting disable: unknown check "nope"`},
		{`{"default": "most"}`, `setting default: "most"`},
		{`{"nosuch": 1}`, `unknown setting "nosuch"`},
		{`{"loops-only": "yes"}`, `loops-only`},
		{`[1]`, `cannot unmarshal`},
	} {
		_, err := analyzer.ParseConfig([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseConfig(%s) = %v, want an error mentioning %q", tc.json, err, tc.want)
		}
	}
	for _, e := range analyzer.Checks() {
		_, err := analyzer.ParseConfig([]byte(`{"` + e.Info.Name + `": {"no-such-setting": 1}}`))
		if err == nil || !strings.Contains(err.Error(), e.Info.Name) || !strings.Contains(err.Error(), "no-such-setting") {
			t.Errorf("an unknown setting of check %s gave %v", e.Info.Name, err)
		}
	}
}

func TestConfigRoundTrip(t *testing.T) {
	in := `{"default":"none","enable":["x"],"loops-only":true}`
	var c analyzer.Config
	// "x" is not a check: decoding keeps it, Validate rejects it.
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("round trip: %s, want %s", out, in)
	}
	if err := c.Validate(); err == nil {
		t.Error("Validate accepted an unknown check in enable")
	}
	for _, e := range analyzer.Checks() {
		in := `{"` + e.Info.Name + `":{"loops-only":true}}`
		c, err := analyzer.ParseConfig([]byte(in))
		if err != nil {
			t.Errorf("check %s: %v", e.Info.Name, err)
			continue
		}
		if out, _ := json.Marshal(c); string(out) != in {
			t.Errorf("round trip: %s, want %s", out, in)
		}
	}
}

func TestParseConfigFile(t *testing.T) {
	yml := "default: none\nloops-only: true\n"
	c, err := analyzer.ParseConfigFile("h.yml", []byte(yml))
	if err != nil || c.Default != "none" || !c.LoopsOnly {
		t.Errorf("ParseConfigFile(yaml) = %+v, %v", c, err)
	}
	golangci := "version: \"2\"\nlinters:\n  enable: [heaplint]\n  settings:\n    custom:\n      heaplint:\n        type: module\n        settings:\n          default: all\n"
	c, err = analyzer.ParseConfigFile(".golangci.yml", []byte(golangci))
	if err != nil || c.Default != "all" {
		t.Errorf("ParseConfigFile(.golangci.yml) = %+v, %v", c, err)
	}
	if c, err := analyzer.ParseConfigFile("empty.yml", nil); err != nil || c.Default != "" {
		t.Errorf("an empty file must mean defaults: %+v, %v", c, err)
	}
}

const (
	beginChecks = "<!-- BEGIN checks (generated by `go test ./analyzer -run TestREADME -update`; do not edit) -->\n"
	endChecks   = "<!-- END checks -->"
)

func TestREADME(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	start := strings.Index(text, beginChecks)
	end := strings.Index(text, endChecks)
	if start < 0 || end < start {
		t.Fatalf("README.md lacks the generated checks section markers")
	}
	want := text[:start+len(beginChecks)] + analyzer.ChecksMarkdown(docs(t)) + text[end:]
	if want == text {
		return
	}
	if *update {
		if err := os.WriteFile("../README.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's check list is stale: run go test ./analyzer -run TestREADME -update")
}

// TestSuite: a driver's suite is the enabled checks, then the directives
// analyzer, which requires every one of them so that it runs last.
func TestSuite(t *testing.T) {
	checks, err := analyzer.Analyzers(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	suite, err := analyzer.Suite(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(suite) != len(checks)+1 {
		t.Fatalf("Suite has %d analyzers, want the %d checks and the directives analyzer", len(suite), len(checks))
	}
	last := suite[len(suite)-1]
	if last.Name != "directives" {
		t.Fatalf("Suite's last analyzer is %s, want directives", last.Name)
	}
	for _, a := range suite[:len(suite)-1] {
		if !slices.Contains(last.Requires, a) {
			t.Errorf("the directives analyzer does not require %s: it could run before that check reports", a.Name)
		}
	}
	if err := analysis.Validate(suite); err != nil {
		t.Fatal(err)
	}
	none, err := analyzer.Suite(analyzer.Config{Default: analyzer.DefaultNone})
	if err != nil || len(none) != 0 {
		t.Errorf("Suite with no check = %d analyzers, %v; want none", len(none), err)
	}
}
