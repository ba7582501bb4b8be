package report

import (
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func TestCheckMessage(t *testing.T) {
	for _, tc := range []struct {
		msg string
		ok  bool
	}{
		{"converting Point (24 bytes) to any allocates: it escapes through fmt.Println's argument; pass *Point", true},
		{"Converting point allocates", false},
		{"converting point allocates.", false},
		{"converting point\nallocates", false},
		{"boxing: converting point allocates", false},
		{"", false},
	} {
		if err := CheckMessage("boxing", tc.msg); (err == nil) != tc.ok {
			t.Errorf("CheckMessage(%q) = %v, want ok=%v", tc.msg, err, tc.ok)
		}
	}
}

func TestValidateFix(t *testing.T) {
	fset := token.NewFileSet()
	f1 := fset.AddFile("a.go", -1, 100)
	f2 := fset.AddFile("b.go", -1, 100)
	p := func(f *token.File, off int) token.Pos { return f.Pos(off) }
	edit := func(f *token.File, from, to int) analysis.TextEdit {
		return analysis.TextEdit{Pos: p(f, from), End: p(f, to), NewText: []byte("x")}
	}
	for _, tc := range []struct {
		name string
		fix  analysis.SuggestedFix
		ok   bool
	}{
		{"ok", analysis.SuggestedFix{Message: "Size it", TextEdits: []analysis.TextEdit{edit(f1, 1, 2), edit(f1, 5, 9)}}, true},
		{"insertion", analysis.SuggestedFix{Message: "Size it", TextEdits: []analysis.TextEdit{{Pos: p(f1, 3), NewText: []byte("x")}}}, true},
		{"no message", analysis.SuggestedFix{TextEdits: []analysis.TextEdit{edit(f1, 1, 2)}}, false},
		{"no edits", analysis.SuggestedFix{Message: "Size it"}, false},
		{"other file", analysis.SuggestedFix{Message: "Size it", TextEdits: []analysis.TextEdit{edit(f2, 1, 2)}}, false},
		{"backwards", analysis.SuggestedFix{Message: "Size it", TextEdits: []analysis.TextEdit{edit(f1, 5, 2)}}, false},
		{"overlap", analysis.SuggestedFix{Message: "Size it", TextEdits: []analysis.TextEdit{edit(f1, 1, 5), edit(f1, 4, 9)}}, false},
	} {
		if err := ValidateFix(fset, p(f1, 0), tc.fix); (err == nil) != tc.ok {
			t.Errorf("%s: ValidateFix = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestQualifier(t *testing.T) {
	self := types.NewPackage("example.com/me", "me")
	other := types.NewPackage("golang.org/x/tools/go/ssa", "ssa")
	q := Qualifier(self)
	named := func(pkg *types.Package, name string) types.Type {
		return types.NewNamed(types.NewTypeName(token.NoPos, pkg, name, nil), types.Typ[types.Int], nil)
	}
	if got := types.TypeString(named(other, "Function"), q); got != "ssa.Function" {
		t.Errorf("other package's type: %s", got)
	}
	if got := types.TypeString(named(self, "Point"), q); got != "Point" {
		t.Errorf("own type: %s", got)
	}
}
