package fix

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlanOverlaps(t *testing.T) {
	p := NewPlan()
	if !p.Add(Fix{"a.go": {{10, 20, "x"}}}) {
		t.Fatal("first fix refused")
	}
	if !p.Add(Fix{"a.go": {{10, 20, "x"}}}) {
		t.Error("an identical edit (the same finding in a test variant) refused")
	}
	if p.Add(Fix{"a.go": {{15, 25, "y"}}}) {
		t.Error("an overlapping edit accepted")
	}
	if !p.Add(Fix{"a.go": {{20, 22, "z"}}, "b.go": {{0, 0, "w"}}}) {
		t.Error("an adjacent edit refused")
	}
	if got := p.Files(); strings.Join(got, ",") != "a.go,b.go" {
		t.Errorf("Files = %v", got)
	}
}

func TestApplyAndDiff(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.go")
	src := "package x\n\nfunc f() {\n\tvar s []int\n\t_ = s\n}\n"
	os.WriteFile(file, []byte(src), 0o644)
	p := NewPlan()
	start := strings.Index(src, "var s []int")
	p.Add(Fix{file: {{start, start + len("var s []int"), "s := make([]int, 0,    4)"}}})
	res, err := p.Apply()
	if err != nil {
		t.Fatal(err)
	}
	want := "package x\n\nfunc f() {\n\ts := make([]int, 0, 4)\n\t_ = s\n}\n"
	if string(res[0].New) != want {
		t.Errorf("Apply (gofmt'd) = %q", res[0].New)
	}
	d := Diff("x.go", res[0].Old, res[0].New)
	wantDiff := "--- x.go\n+++ x.go\n@@ -1,6 +1,6 @@\n package x\n \n func f() {\n-\tvar s []int\n+\ts := make([]int, 0, 4)\n \t_ = s\n }\n"
	if d != wantDiff {
		t.Errorf("Diff =\n%s\nwant\n%s", d, wantDiff)
	}
	if Diff("x.go", res[0].Old, res[0].Old) != "" {
		t.Error("a diff of equal files")
	}
}

// TestApplyJoinsFixes: fixes that each rewrite one fmt call remove, all
// together, the last uses of fmt, which no single fix could know: the
// import goes. Two fixes that each add an import at the same place both
// apply.
func TestApplyJoinsFixes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x.go")
	src := "package x\n\nimport (\n\t\"fmt\"\n)\n\nfunc f(n int, s string) (string, string) {\n\treturn fmt.Sprint(n), fmt.Sprint(s)\n}\n"
	os.WriteFile(file, []byte(src), 0o644)
	at := func(s string) int { return strings.Index(src, s) }
	rparen := at(")\n\nfunc")
	p := NewPlan()
	first := Fix{file: {
		{at("fmt.Sprint(n)"), at("fmt.Sprint(n)") + len("fmt.Sprint(n)"), "strconv.Itoa(n)"},
		{rparen, rparen, "\t\"strconv\"\n"},
	}}
	second := Fix{file: {
		{at("fmt.Sprint(s)"), at("fmt.Sprint(s)") + len("fmt.Sprint(s)"), "strings.Clone(s)"},
		{rparen, rparen, "\t\"strings\"\n"},
	}}
	if !p.Add(first) || !p.Add(second) {
		t.Fatal("two fixes importing at one place were refused")
	}
	res, err := p.Apply()
	if err != nil {
		t.Fatal(err)
	}
	want := "package x\n\nimport (\n\t\"strconv\"\n\t\"strings\"\n)\n\nfunc f(n int, s string) (string, string) {\n\treturn strconv.Itoa(n), strings.Clone(s)\n}\n"
	if string(res[0].New) != want {
		t.Errorf("Apply =\n%s\nwant\n%s", res[0].New, want)
	}
}
