package typeshape

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

const src = `package p

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

type Point struct{ X, Y, Z int64 }
type Empty struct{}
type OnePtr struct{ p *int }
type TwoPtr struct{ p, q *int }
type Guarded struct {
	mu sync.Mutex
	n  int
}
type Counter struct{ n atomic.Int64 }
type myLock struct{}

func (*myLock) Lock()   {}
func (*myLock) Unlock() {}

type HasMyLock struct{ l myLock }
type List struct {
	next *List
	v    int
}
type Gen[T any] struct{ v T }

var (
	vPoint   Point
	vEmpty   Empty
	vOnePtr  OnePtr
	vTwoPtr  TwoPtr
	vGuarded Guarded
	vCounter Counter
	vMyLock  HasMyLock
	vList    List
	vArr1    [1]*int
	vArr2    [2]*int
	vMap     map[string]int
	vFunc    func()
	vUnsafe  unsafe.Pointer
	vString  string
	vInt     int
	vGenInt  Gen[int]
	vPtrMu   *sync.Mutex
)

func F[T any](x T, g Gen[T]) {}
`

func load(t *testing.T) (*types.Package, types.Sizes) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pkg, types.SizesFor("gc", "amd64")
}

func TestShapes(t *testing.T) {
	pkg, sizes := load(t)
	typeOf := func(name string) types.Type { return pkg.Scope().Lookup(name).Type() }
	for _, tc := range []struct {
		v                           string
		size                        int64
		pointerShaped, ptrs, noCopy bool
	}{
		{"vPoint", 24, false, false, false},
		{"vEmpty", 0, false, false, false},
		{"vOnePtr", 8, true, true, false},
		{"vTwoPtr", 16, false, true, false},
		{"vGuarded", 16, false, false, true},
		{"vCounter", 8, false, false, true},
		{"vMyLock", 0, false, false, true},
		{"vList", 16, false, true, false},
		{"vArr1", 8, true, true, false},
		{"vArr2", 16, false, true, false},
		{"vMap", 8, true, true, false},
		{"vFunc", 8, true, true, false},
		{"vUnsafe", 8, true, true, false},
		{"vString", 16, false, true, false},
		{"vInt", 8, false, false, false},
		{"vGenInt", 8, false, false, false},
		{"vPtrMu", 8, true, true, false},
	} {
		typ := typeOf(tc.v)
		if n, ok := Size(sizes, typ); !ok || n != tc.size {
			t.Errorf("Size(%s) = %d, %v; want %d", tc.v, n, ok, tc.size)
		}
		if got := PointerShaped(typ); got != tc.pointerShaped {
			t.Errorf("PointerShaped(%s) = %v", tc.v, got)
		}
		if got := HasPointers(typ); got != tc.ptrs {
			t.Errorf("HasPointers(%s) = %v", tc.v, got)
		}
		if got := NoCopy(typ); got != tc.noCopy {
			t.Errorf("NoCopy(%s) = %v", tc.v, got)
		}
		if got := ZeroSize(sizes, typ); got != (tc.size == 0) {
			t.Errorf("ZeroSize(%s) = %v", tc.v, got)
		}
	}
}

func TestTypeParams(t *testing.T) {
	pkg, sizes := load(t)
	sig := pkg.Scope().Lookup("F").Type().(*types.Signature)
	for i := range sig.Params().Len() {
		typ := sig.Params().At(i).Type()
		if !HasTypeParam(typ) {
			t.Errorf("HasTypeParam(%s) = false", typ)
		}
		if _, ok := Size(sizes, typ); ok { // must not panic, must not claim a size
			t.Errorf("Size(%s) claims a size", typ)
		}
		if PointerShaped(typ) || ZeroSize(sizes, typ) || NoCopy(typ) {
			t.Errorf("%s: shape claims on a type parameter", typ)
		}
		if !HasPointers(typ) {
			t.Errorf("HasPointers(%s) = false, want the conservative true", typ)
		}
	}
}

// TestInvalidRecursiveType checks that walk terminates on a type that holds
// itself by value (a type error gopls still hands to analyzers), and still
// finds pointers deep in valid nesting.
func TestInvalidRecursiveType(t *testing.T) {
	obj := types.NewTypeName(token.NoPos, nil, "T", nil)
	named := types.NewNamed(obj, nil, nil)
	named.SetUnderlying(types.NewStruct([]*types.Var{types.NewField(token.NoPos, nil, "t", named, false)}, nil))
	if HasPointers(named) || NoCopy(named) {
		t.Error("T struct{ t T }: reported as holding pointers or a lock")
	}

	// 40 named structs nested by value, the innermost holding a pointer.
	var inner types.Type = types.NewPointer(types.Typ[types.Int])
	for i := range 40 {
		n := types.NewNamed(types.NewTypeName(token.NoPos, nil, "N"+string(rune('a'+i%26)), nil), nil, nil)
		n.SetUnderlying(types.NewStruct([]*types.Var{types.NewField(token.NoPos, nil, "f", inner, false)}, nil))
		inner = n
	}
	if !HasPointers(inner) {
		t.Error("a pointer 40 named structs deep was missed")
	}
}
