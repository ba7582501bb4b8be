package analysisdoc

import (
	"strings"
	"testing"
)

const good = `// Package demo is a test fixture.
//
// # Analyzer other
//
// other: must not be picked
//
// # Analyzer demo
//
// demo: report things that allocate
//
// Things allocate.
//
// More reasons.
//
// Bad:
//
//	for _, x := range xs {
//
//		f(x)
//	}
//
// Good:
//
//	f(xs)
//
// Cost: 3 allocs/op.
//
// Fix: not offered.
//
// Limitations: none known.
//
// # Analyzer third
//
// third: after
package demo
`

func TestParse(t *testing.T) {
	d, err := Parse(good, "demo")
	if err != nil {
		t.Fatal(err)
	}
	check := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	check("Title", d.Title, "report things that allocate")
	check("Rationale", d.Rationale, "Things allocate.\n\nMore reasons.")
	check("Bad", d.Bad, "for _, x := range xs {\n\n\tf(x)\n}")
	check("Good", d.Good, "f(xs)")
	check("Cost", d.Cost, "3 allocs/op.")
	check("Fix", d.Fix, "not offered.")
	check("Limitations", d.Limitations, "none known.")
	if !strings.HasPrefix(d.AnalyzerDoc(), "report things that allocate\n\nThings allocate.") {
		t.Errorf("AnalyzerDoc() = %q", d.AnalyzerDoc())
	}
	if strings.Contains(d.Body, "third") {
		t.Errorf("section ran into the next heading: %q", d.Body)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"nosection", good, `no "# Analyzer nosection" heading`},
		{"demo", strings.Replace(good, "demo: report", "report", 1), "must start with"},
		{"demo", strings.Replace(good, "demo: report", "demo: Report", 1), "capital"},
		{"demo", strings.Replace(good, "allocate\n", "allocate.\n", 1), "period"},
		{"demo", strings.Replace(good, "// Cost: 3 allocs/op.\n", "", 1), "no Cost:"},
		{"demo", strings.Replace(good, "// Fix: not offered.\n", "", 1), "no Fix:"},
		{"demo", strings.Replace(good, "// Good:\n//\n//\tf(xs)\n", "// Good:\n//\n// f(xs)\n", 1), "indented code block"},
		{"demo", "package demo\n", "no package comment"},
		{"demo", strings.Replace(good, "// Things allocate.\n//\n// More reasons.\n//\n", "", 1), "no rationale"},
	} {
		_, err := Parse(tc.src, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%s): err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}
