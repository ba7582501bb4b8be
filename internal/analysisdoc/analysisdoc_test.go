package analysisdoc

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
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

// TestLineCommentAgreesWithParser checks the fast path against go/parser
// on the checks' doc.go files and on forms it must hand back to go/parser.
func TestLineCommentAgreesWithParser(t *testing.T) {
	docs, err := filepath.Glob("../../passes/*/doc.go")
	if err != nil || len(docs) == 0 {
		t.Fatalf("no doc.go files: %v", err)
	}
	srcs := map[string]string{"good": good}
	for _, name := range docs {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs[name] = string(b)
	}
	srcs["build tag"] = "//go:build linux\n\n// Package p.\n//\n//\n// Two blanks above.  \npackage p\n"
	srcs["directive inside"] = "// Package p.\n//go:generate x\npackage p\n"
	srcs["no space"] = "// Package p.\n//lint:ignore x\npackage p\n"
	srcs["code"] = "// Package p.\n//\n//\tx := 1\n//nospace\npackage p\n"
	srcs["block comment"] = "/* Package p. */\npackage p\n"
	srcs["detached"] = "// Not the doc.\n\npackage p\n"
	srcs["leading blanks"] = "//\n//\n// Package p.\npackage p\n"
	for name, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		text, ok := lineComment(src)
		if !ok {
			if strings.HasSuffix(name, "doc.go") {
				// Must runs per process: doc.go must take the fast path.
				t.Errorf("%s: not in the form lineComment reads", name)
			}
			continue // go/parser answers
		}
		if f.Doc == nil || text != f.Doc.Text() {
			t.Errorf("%s: lineComment = %q, go/parser gives %v", name, text, f.Doc)
		}
	}
	for _, name := range []string{"directive inside", "no space", "block comment", "detached"} {
		if _, ok := lineComment(srcs[name]); ok {
			t.Errorf("%s: lineComment took a form it must leave to go/parser", name)
		}
	}
	if d, err := Parse(good, "demo"); err != nil || Must(good, "demo") != d.AnalyzerDoc() {
		t.Errorf("Must and Parse disagree: %v", err)
	}
}
