package typeshape

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

const mapsSrc = `package p

type Set map[string]bool
type Alias = map[int]string
type Gen[K comparable, V any] map[K]V
type Nested map[string]Set
type Strukt struct{ m map[string]int }

type mapLike interface{ ~map[string]int }
type both interface{ map[string]int | Counts }
type Counts map[string]int
type mixed interface{ ~map[string]int | ~map[string]bool }
type withMethod interface {
	~map[string]int
	Len() int
}
type methodOnly interface{ Len() int }

func f[
	A ~map[string]int,
	B mapLike,
	C both,
	D mixed,
	E withMethod,
	F methodOnly,
	G any,
	H ~[]int,
](a A, b B, c C, d D, e E, f F, g G, h H) {}

var (
	vSet    Set
	vAlias  Alias
	vGen    Gen[string, int]
	vNested Nested
	vStrukt Strukt
	vPtr    *map[string]int
	vPlain  map[string]int
)
`

func TestMapOf(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", mapsSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lookup := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }
	sig := lookup("f").(*types.Signature)
	param := func(i int) types.Type { return sig.Params().At(i).Type() }

	for _, tc := range []struct {
		name string
		t    types.Type
		want string // the map's type string, "" for none
	}{
		{"named", lookup("vSet"), "map[string]bool"},
		{"alias", lookup("vAlias"), "map[int]string"},
		{"generic named", lookup("vGen"), "map[string]int"},
		{"nested", lookup("vNested"), "map[string]p.Set"},
		{"struct", lookup("vStrukt"), ""},
		{"pointer", lookup("vPtr"), ""},
		{"plain", lookup("vPlain"), "map[string]int"},
		{"tilde", param(0), "map[string]int"},
		{"named constraint", param(1), "map[string]int"},
		{"union of one map", param(2), "map[string]int"},
		{"union of two maps", param(3), ""},
		{"terms and methods", param(4), "map[string]int"},
		{"methods only", param(5), ""},
		{"any", param(6), ""},
		{"slice", param(7), ""},
	} {
		got := ""
		if m := MapOf(tc.t); m != nil {
			got = types.TypeString(m, nil)
		}
		if got != tc.want {
			t.Errorf("%s: MapOf(%s) = %q, want %q", tc.name, tc.t, got, tc.want)
		}
	}
}
