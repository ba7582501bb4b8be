package doccost

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

const doc = `// Package x is an example.
//
// # Analyzer x
//
// x: report things
//
// Rationale.
//
// Bad:
//
//	var a []int
//	for _, v := range vs {
//		a = append(a, v)
//	}
//
//	b := f()
//
// Good:
//
//	a := make([]int, 0, len(vs))
//
// Cost: 12 allocs/op and 25,208 B/op against 1 allocs/op and 8192 B/op.
//
// Fix: none.
package x
`

func TestCodeOf(t *testing.T) {
	bad, good, err := codeOf(doc, "x")
	if err != nil {
		t.Fatal(err)
	}
	frags := fragments(bad)
	if len(frags) != 2 || frags[1] != "b := f()" {
		t.Errorf("Bad fragments = %q", frags)
	}
	if good != "a := make([]int, 0, len(vs))" {
		t.Errorf("Good = %q", good)
	}
}

func TestContainsRun(t *testing.T) {
	hay := tokens("x := 1\n// a comment\nvar a []int\nfor _, v := range vs { a = append(a, v) }\nreturn")
	if !containsRun(hay, tokens("var a []int\nfor _, v := range vs {\n\ta = append(a, v)\n}")) {
		t.Error("layout or comments mattered")
	}
	if containsRun(hay, tokens("var a []string")) {
		t.Error("a different type matched")
	}
}

func TestForms(t *testing.T) {
	file := filepath.Join(t.TempDir(), "x_test.go")
	src := "package x\nfunc bad() {\n\tvar a []int\n\tfor _, v := range vs {\n\t\ta = append(a, v)\n\t}\n}\nfunc bad2() { b := f() }\nfunc good() { a := make([]int, 0, len(vs)) }\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	Forms(t, doc, "x", file, []string{"bad", "bad2"}, []string{"good"})
	var rec recorder
	Forms(&rec, doc, "x", file, []string{"bad"}, []string{"good"})
	if len(rec.errors) != 1 {
		t.Errorf("a fragment in no listed function: %d errors, want 1", len(rec.errors))
	}
}

func TestQuoted(t *testing.T) {
	Quoted(t, doc, "x", 0.01, Cost{12, 25208}, Cost{1, 8192})
	var rec recorder
	Quoted(&rec, doc, "x", 0.01, Cost{13, 25208})
	if len(rec.errors) != 1 {
		t.Errorf("an unquoted figure: %d errors, want 1", len(rec.errors))
	}
}

func TestMeasure(t *testing.T) {
	var sink []byte
	c := Measure(10, func() { sink = make([]byte, 100+len(sink)%2) })
	if c.Allocs != 1 || c.Bytes < 100 {
		t.Errorf("Measure = %v, want 1 allocation of at least 100 bytes", c)
	}
	if !slices.Equal(tokens("a\n;b"), []string{"a", "b"}) {
		t.Error("tokens kept a semicolon")
	}
}

// recorder is a testing.TB that records errors instead of failing.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, f) }
func (r *recorder) Logf(string, ...any)       {}
func (r *recorder) Fatal(a ...any)            { panic(a) }
