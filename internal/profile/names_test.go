package profile

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

func TestSplitName(t *testing.T) {
	for _, c := range []struct{ name, pkg, local string }{
		{"example.com/a/b.F", "example.com/a/b", "F"},
		{"example.com/a/b.(*T).M", "example.com/a/b", "(*T).M"},
		{"example.com/a/b.T.M.func1.2", "example.com/a/b", "T.M.func1.2"},
		{"example.com/x%2ey.F", "example.com/x.y", "F"},
		{"gopkg.in/yaml%2ev3.(*decoder).unmarshal", "gopkg.in/yaml.v3", "(*decoder).unmarshal"},
		{"main.main", "main", "main"},
		{"example.com/a.Gen[go.shape.struct { example.com/b.X int }].func1", "example.com/a", "Gen.func1"},
		{"example.com/a.(*G[go.shape.int,go.shape.string]).Add", "example.com/a", "(*G).Add"},
		{"example.com/a.F-range1-range2", "example.com/a", "F-range1-range2"},
		{"runtime.mallocgc", "runtime", "mallocgc"},
	} {
		pkg, local, ok := splitName(c.name)
		if !ok || pkg != c.pkg || local != c.local {
			t.Errorf("splitName(%q) = %q, %q, %v; want %q, %q", c.name, pkg, local, ok, c.pkg, c.local)
		}
	}
	for _, name := range []string{"", "main", "type:.eq.[2]int", "go:buildid", "x/y"} {
		if pkg, local, ok := splitName(name); ok {
			t.Errorf("splitName(%q) = %q, %q: want no package", name, pkg, local)
		}
	}
}

func TestNameParts(t *testing.T) {
	for local, want := range map[string]string{
		"F":                       "F",
		"(*T).M.func1-range2":     "(*T) M func1 -range2",
		"F-range1-range3":         "F -range1 -range3",
		"F.func1.2":               "F func1 2",
		"TestAll.(*T).M.func2":    "TestAll (*T) M func2",
		"init.0.func1":            "init 0 func1",
		"Ranges.Seq.func4-range1": "Ranges Seq func4 -range1",
	} {
		if got := strings.Join(nameParts(local), " "); got != want {
			t.Errorf("nameParts(%q) = %q, want %q", local, got, want)
		}
	}
}

func TestResolveName(t *testing.T) {
	isType := func(name string) bool { return name == "T" || name == "G" }
	for local, copied := range map[string]bool{
		"F":                false,
		"F.func1":          false,
		"F.func1.2":        false,
		"F-range1":         false,
		"F.func2-range1":   false,
		"T.M":              false,
		"T.M.func1":        false, // method M of type T
		"(*T).M.func1":     false,
		"init":             false,
		"init.0":           false,
		"init.0.func1":     false,
		"init.func3":       false,
		"G.F.func1":        false, // G is a type: method F's closure
		"H.F.func1":        true,  // H is no type: F's closure inlined into H
		"H.(*T).M.func1":   true,
		"(*T).M.F.func1":   true,
		"H.F.func1-range1": true,
		"Ranges.Ranges.Seq.func4.Ranges-range1-range4": true,
	} {
		if got := resolveName(local, isType); got != copied {
			t.Errorf("resolveName(%q) = %v, want %v", local, got, copied)
		}
	}
}

func TestCutRangeSuffix(t *testing.T) {
	for local, want := range map[string]string{
		"F-range1":        "F",
		"F.func1-range2":  "F.func1",
		"F-range1-range2": "F",
		"(*T).M-range1":   "(*T).M",
		"F.func1":         "",
	} {
		got, ok := cutRangeSuffix(local)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("cutRangeSuffix(%q) = %q, want %q", local, got, want)
		}
	}
}

// TestNameLiterals checks the compiler's numbering on syntax: literals
// count per enclosing function (loop bodies over functions belong to the
// function holding them), loop bodies per enclosing non-body function.
func TestNameLiterals(t *testing.T) {
	const src = `package p
func (g *G[E]) F() {
	a := func() {       // F.func1
		b := func() {}  // F.func1.1
		for range seq { // F.func1-range1
			c := func() {} // F.func1.2
		}
	}
	for range seq {     // F-range1
		d := func() {}  // F.func2
		for range seq { // F-range2
			e := func() {} // F.func3
		}
		for range xs {  // not over a function
		}
	}
	f := func() {}      // F.func4
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	decl := f.Decls[0].(*ast.FuncDecl)
	name := declName(decl, 0)
	if name != "(*G).F" {
		t.Errorf("declName = %q", name)
	}
	var got []string
	isRangeFunc := func(r *ast.RangeStmt) bool { return r.X.(*ast.Ident).Name == "seq" }
	nameLiterals(decl.Body, "F", true, isRangeFunc, func(n ast.Node, name string) {
		got = append(got, name)
	})
	want := []string{"F.func1", "F.func1.1", "F.func1-range1", "F.func1.2", "F-range1", "F.func2", "F-range2", "F.func3", "F.func4"}
	if !slices.Equal(got, want) {
		t.Errorf("nameLiterals:\ngot  %q\nwant %q", got, want)
	}
}

func TestNotStd(t *testing.T) {
	for path, want := range map[string]bool{
		"fmt": false, "net/http": false, "main": false,
		"example.com/m": true, "github.com/a/b": true, "golang.org/x/tools/go/ssa": true,
	} {
		if notStd(path) != want {
			t.Errorf("notStd(%q) = %v", path, !want)
		}
	}
}
