package gclplugin_test

import (
	"flag"
	"fmt"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/analyzer/gclplugin"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/suppress"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"
)

// newPlugin builds the plugin the way golangci-lint does: by name.
func newPlugin(t *testing.T, settings any) (register.LinterPlugin, error) {
	t.Helper()
	newFn, err := register.GetPlugin("heaplint")
	if err != nil {
		t.Fatal(err)
	}
	return newFn(settings)
}

func names(as []*analysis.Analyzer) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Name)
	}
	return out
}

func build(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	p, err := newPlugin(t, settings)
	if err != nil {
		t.Fatalf("settings %v: %v", settings, err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q (SSA needs types)", got, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if err := analysis.Validate(as); err != nil {
		t.Fatal(err)
	}
	// The checks only: the analyzer reporting stale //heaplint:ignore
	// directives comes with any of them.
	as = slices.DeleteFunc(as, func(a *analysis.Analyzer) bool { return a.Name == suppress.DirectivesName })
	return as
}

func TestDefaults(t *testing.T) {
	want, err := analyzer.Analyzers(analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	want = slices.DeleteFunc(want, func(a *analysis.Analyzer) bool { return a.Name == suppress.DirectivesName })
	// golangci-lint passes nil without a settings block, and an empty
	// mapping for "settings: {}".
	for _, settings := range []any{nil, map[string]any{}} {
		if got := names(build(t, settings)); !slices.Equal(got, names(want)) {
			t.Errorf("settings %#v build %v, want the default checks %v", settings, got, names(want))
		}
	}
}

// TestSettingsRoundTrip passes settings shaped as golangci-lint's config
// reader hands them over (nested map[string]any, []any lists) and checks
// that they reach the suite and each check.
func TestSettingsRoundTrip(t *testing.T) {
	all := analyzer.Names()
	if got := names(build(t, map[string]any{"default": "all"})); !slices.Equal(got, all) {
		t.Errorf("default: all builds %v, want %v", got, all)
	}
	if got := names(build(t, map[string]any{"default": "none"})); len(got) != 0 {
		t.Errorf("default: none builds %v", got)
	}
	for _, name := range all {
		got := names(build(t, map[string]any{"default": "none", "enable": []any{name}}))
		if !slices.Equal(got, []string{name}) {
			t.Errorf("default: none, enable: [%s] builds %v", name, got)
		}
		got = names(build(t, map[string]any{"default": "all", "disable": []any{name}}))
		if slices.Contains(got, name) || len(got) != len(all)-1 {
			t.Errorf("default: all, disable: [%s] builds %v", name, got)
		}
		// A check's own settings, under its name, reach its flags.
		for _, a := range build(t, map[string]any{
			"default": "all",
			name:      map[string]any{"loops-only": true},
		}) {
			f := a.Flags.Lookup("loops-only")
			if want := fmt.Sprint(a.Name == name); f == nil || f.Value.String() != want {
				t.Errorf("%s: loops-only: true for check %s only: its loops-only flag is %v, want %s", a.Name, name, f, want)
			}
		}
	}
	for _, a := range build(t, map[string]any{"default": "all", "loops-only": true}) {
		if f := a.Flags.Lookup("loops-only"); f == nil || f.Value.String() != "true" {
			t.Errorf("%s: the suite's loops-only did not reach the check", a.Name)
		}
	}
}

func TestBadSettingsNameTheSetting(t *testing.T) {
	type tc struct {
		settings any
		want     []string // all in the error
	}
	cases := []tc{
		{map[string]any{"nosuch": 1}, []string{`"nosuch"`}},
		{map[string]any{"loopsonly": true}, []string{`"loopsonly"`}}, // golangci-lint lowercases keys
		{map[string]any{"enable": []any{"nosuchcheck"}}, []string{"enable", `"nosuchcheck"`}},
		{map[string]any{"disable": []any{"nosuchcheck"}}, []string{"disable", `"nosuchcheck"`}},
		{map[string]any{"default": "most"}, []string{"default", `"most"`}},
		{map[string]any{"loops-only": "yes"}, []string{"loops-only"}},
		{map[string]any{"enable": "boxing"}, []string{"enable"}},
		{[]any{1}, []string{"cannot unmarshal"}},
	}
	for _, name := range analyzer.Names() {
		cases = append(cases,
			tc{map[string]any{name: map[string]any{"no-such-setting": 1}}, []string{name, `"no-such-setting"`}},
			tc{map[string]any{name: map[string]any{"loops-only": "yes"}}, []string{name, "loops-only"}},
			tc{map[string]any{name: "yes"}, []string{name}},
		)
	}
	for _, c := range cases {
		_, err := newPlugin(t, c.settings)
		if err == nil {
			t.Errorf("settings %#v: no error", c.settings)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("settings %#v: error %q does not mention %s", c.settings, err, w)
			}
		}
		if strings.Contains(err.Error(), "decoding settings") {
			t.Errorf("settings %#v: error %q keeps register's wrapping", c.settings, err)
		}
	}
}

// exampleSettings reads the heaplint settings block of .golangci.example.yml
// as golangci-lint's config reader hands it over (keys lowercased).
func exampleSettings(t *testing.T) (map[string]any, *yaml.Node) {
	t.Helper()
	data, err := os.ReadFile("../../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatalf(".golangci.example.yml: %v", err)
	}
	node := &root
	for _, k := range []string{"", "linters", "settings", "custom", "heaplint", "settings"} {
		if k == "" {
			node = node.Content[0] // the document's mapping
			continue
		}
		node = child(node, k)
		if node == nil {
			t.Fatalf(".golangci.example.yml has no linters.settings.custom.heaplint.settings")
		}
	}
	var settings map[string]any
	if err := node.Decode(&settings); err != nil {
		t.Fatal(err)
	}
	return lowerKeys(settings).(map[string]any), node
}

// child returns the value of key in a YAML mapping node, or nil.
func child(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// commented reports whether the setting key of mapping m has a comment
// above it or on its line.
func commented(m *yaml.Node, key string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value == key {
			return k.HeadComment != "" || k.LineComment != "" || v.LineComment != ""
		}
	}
	return false
}

// lowerKeys lowercases mapping keys, as viper does for golangci-lint.
func lowerKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[strings.ToLower(k)] = lowerKeys(x)
		}
		return out
	case []any:
		for i := range v {
			v[i] = lowerKeys(v[i])
		}
	}
	return v
}

// TestExampleConfig keeps .golangci.example.yml in step with the code: its
// settings block must decode through the plugin, show every suite key and
// every setting of every registered check (with a comment), and each shown
// value must reach the check's flag of the same name.
func TestExampleConfig(t *testing.T) {
	settings, node := exampleSettings(t)
	p, err := newPlugin(t, settings)
	if err != nil {
		t.Fatalf(".golangci.example.yml: the plugin rejects its settings: %v", err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	// The scope settings every check takes are shown once, for the suite.
	scopeFlags := flag.NewFlagSet("scope", flag.ContinueOnError)
	new(report.Scope).RegisterFlags(scopeFlags)
	isScope := func(name string) bool { return scopeFlags.Lookup(name) != nil }
	suiteKeys := []string{"default", "enable", "disable"}
	scopeFlags.VisitAll(func(f *flag.Flag) { suiteKeys = append(suiteKeys, f.Name) })
	for _, key := range suiteKeys {
		if _, ok := settings[key]; !ok {
			t.Errorf(".golangci.example.yml: the suite setting %s is not shown", key)
		} else if !commented(node, key) {
			t.Errorf(".golangci.example.yml: the suite setting %s has no comment", key)
		}
	}
	built := map[string]*analysis.Analyzer{}
	for _, a := range as {
		built[a.Name] = a
	}
	for _, e := range analyzer.Checks() {
		name := e.Info.Name
		// Every setting of a check is a flag of the same name (CONTRIBUTING:
		// "A pass"); the scope settings are shown once, for the suite.
		var keys []string
		var block strings.Builder // what to add, should something be missing
		fmt.Fprintf(&block, "          %s:\n", name)
		e.New().Flags.VisitAll(func(f *flag.Flag) {
			if !isScope(f.Name) {
				keys = append(keys, f.Name)
				fmt.Fprintf(&block, "            # %s\n            %s: %s\n", f.Usage, f.Name, f.DefValue)
			}
		})
		shown, _ := settings[name].(map[string]any)
		if len(keys) > 0 && shown == nil {
			t.Errorf(".golangci.example.yml: check %s has settings %v but no %s: block under settings; add (with the documented defaults):\n%s",
				name, keys, name, block.String())
			continue
		}
		for _, key := range keys {
			v, ok := shown[key]
			if !ok {
				t.Errorf(".golangci.example.yml: setting %s of check %s is not shown (under settings.%s); its block could read:\n%s",
					key, name, name, block.String())
				continue
			}
			if !commented(child(node, name), key) {
				t.Errorf(".golangci.example.yml: setting %s.%s has no comment", name, key)
			}
			a := built[name]
			if a == nil {
				continue // not enabled by the example; decoding still checked its settings
			}
			switch v.(type) {
			case map[string]any, []any:
				continue
			}
			if got := a.Flags.Lookup(key).Value.String(); got != fmt.Sprint(v) {
				t.Errorf(".golangci.example.yml: %s.%s: %v did not reach the flag %s, which is %s", name, key, v, key, got)
			}
		}
		if len(keys) == 0 && !strings.Contains(exampleText(t), name) {
			t.Errorf(".golangci.example.yml does not mention check %s", name)
		}
	}
}

func exampleText(t *testing.T) string {
	data, err := os.ReadFile("../../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCustomGCL keeps .custom-gcl.yml, the `golangci-lint custom` example,
// in step with the code and with the wrapper module's golangci-lint.
func TestCustomGCL(t *testing.T) {
	data, err := os.ReadFile("../../.custom-gcl.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct { // golangci-lint's pkg/commands/internal.Configuration
		Version     string `yaml:"version"`
		Name        string `yaml:"name"`
		Destination string `yaml:"destination"`
		Plugins     []struct {
			Module  string `yaml:"module"`
			Import  string `yaml:"import"`
			Version string `yaml:"version"`
			Path    string `yaml:"path"`
		} `yaml:"plugins"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		t.Fatalf(".custom-gcl.yml: %v", err)
	}
	wrapper, err := os.ReadFile("../../tools/golangci-lint/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(wrapper), "github.com/golangci/golangci-lint/v2 "+cfg.Version+"\n") {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s; tools/golangci-lint/go.mod requires another version", cfg.Version)
	}
	if len(cfg.Plugins) != 1 {
		t.Fatalf(".custom-gcl.yml: want one plugin, got %d", len(cfg.Plugins))
	}
	p := cfg.Plugins[0]
	if p.Module != "github.com/heaplint/heaplint" || p.Import != "github.com/heaplint/heaplint/analyzer/gclplugin" {
		t.Errorf(".custom-gcl.yml: plugin module %q import %q", p.Module, p.Import)
	}
	if (p.Version == "") == (p.Path == "") {
		t.Errorf(".custom-gcl.yml: give the plugin exactly one of version and path")
	}
	if cfg.Name == "golangci-lint" && cfg.Destination == "./bin" {
		t.Errorf(".custom-gcl.yml would overwrite bin/golangci-lint, which scripts/build-golangci-lint.sh owns")
	}
}

// TestFoldRelated: related information becomes part of the message, with
// its line (and its file when another), and no RelatedInformation is left
// for golangci-lint to turn into issues of their own.
func TestFoldRelated(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("/m/a.go", -1, 100)
	b := fset.AddFile("/m/b.go", -1, 100)
	a.SetLinesForContent([]byte(strings.Repeat("x\n", 50)))
	b.SetLinesForContent([]byte(strings.Repeat("x\n", 50)))
	d := analysis.Diagnostic{
		Pos:     a.LineStart(12),
		Message: "converting p to any allocates",
		Related: []analysis.RelatedInformation{
			{Pos: a.LineStart(13), Message: "it escapes here"},
			{Pos: b.LineStart(3), Message: "the loop"},
		},
	}
	got := gclplugin.FoldRelated(fset, d)
	if want := "converting p to any allocates [line 13: it escapes here; b.go:3: the loop]"; got.Message != want || got.Related != nil {
		t.Errorf("FoldRelated = %q, %v; want %q and no related information", got.Message, got.Related, want)
	}
	d.Related = nil
	if got := gclplugin.FoldRelated(fset, d); got.Message != d.Message {
		t.Errorf("without related information: %q", got.Message)
	}
}
