package sinkflow_test

import (
	"fmt"
	"go/types"
	"slices"
	"testing"

	"github.com/heaplint/heaplint/internal/sinkflow"
	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

func sink(v any) {}

type Box[T any] struct{ v T }

func direct() {
	var m map[string]int
	sink(&m)
	var v any = 1.5
	if len(m) > 0 {
		v = "s"
	}
	sink(v)
	sink(nil)
}

func wrap(v any) { sink(v) }

func wrap2(x int, v any) { wrap(v) }

func viaWrappers() {
	var s []string
	wrap(&s)
	wrap2(1, &s)
}

func Generic[T any]() T {
	var v T
	sink(&v)
	return v
}

func GenericParam[T any](v *T) { sink(v) }

func Outer[T any]() T { return Generic[T]() }

func (b *Box[T]) Put(v T) { sink(v) }

func Closure[T any]() T {
	var v T
	func() { sink(&v) }()
	return v
}

func instances() {
	_ = Generic[[]byte]()
	var f float64
	GenericParam(&f)
	_ = Outer[map[string]bool]()
	var b Box[*int]
	b.Put(nil)
	_ = Closure[uint8]()
}

func recursive(n int, v any) {
	if n > 0 {
		recursive(n-1, v)
	}
	sink(v)
}

func callsRecursive() { recursive(3, &struct{}{}) }

func get() any { return nil }

func Assert[T any]() T { return get().(T) }

func asserts() {
	_ = get().([]int)
	_ = Assert[string]()
}
`

func TestUses(t *testing.T) {
	pkg, _ := ssatest.Build(t, src)
	var funcs []*ssa.Function
	for _, name := range []string{"direct", "wrap", "wrap2", "viaWrappers", "Generic", "GenericParam", "Outer", "Closure", "instances", "recursive", "callsRecursive"} {
		fn := ssatest.Func(t, pkg, name)
		funcs = append(funcs, fn)
		funcs = append(funcs, fn.AnonFuncs...)
	}
	box := pkg.Type("Box").Type().(*types.Named)
	funcs = append(funcs, pkg.Prog.FuncValue(box.Method(0)))
	sinkFn := ssatest.Func(t, pkg, "sink")
	find := func(instr ssa.Instruction) (sinkflow.Sink, bool) {
		call, ok := instr.(*ssa.Call)
		if !ok || call.Call.StaticCallee() != sinkFn {
			return sinkflow.Sink{}, false
		}
		return sinkflow.Sink{Iface: call.Call.Args[0]}, true
	}
	var got []string
	for _, u := range sinkflow.Uses(funcs, find) {
		callee := "-"
		if u.Callee != nil {
			callee = u.Callee.Name()
		}
		hasValue := u.Value != nil
		got = append(got, fmt.Sprintf("%s: %s via %s value=%v", u.Instr.Parent().Name(), types.TypeString(u.Type, nil), callee, hasValue))
	}
	want := []string{
		"direct: *map[string]int via - value=true",
		"direct: float64 via - value=true",
		"direct: string via - value=true",
		"viaWrappers: *[]string via wrap value=true",
		"viaWrappers: *[]string via wrap2 value=true",
		"instances: *[]byte via Generic[[]byte] value=false",
		"instances: *float64 via GenericParam[float64] value=true",
		"instances: *map[string]bool via Outer[map[string]bool] value=false",
		"instances: *int via Put value=true",
		"instances: *uint8 via Closure[uint8] value=false",
		"callsRecursive: *struct{} via recursive value=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Uses:\n got %q\nwant %q", got, want)
	}
}

func TestSubst(t *testing.T) {
	pkg, _ := ssatest.Build(t, src)
	fn := ssatest.Func(t, pkg, "Generic")
	tp := fn.TypeParams()
	T := tp.At(0)
	str := types.Typ[types.String]
	box := pkg.Type("Box").Type().(*types.Named)
	boxT, err := types.Instantiate(nil, box, []types.Type{T}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   types.Type
		want string
	}{
		{T, "string"},
		{types.NewPointer(types.NewSlice(T)), "*[]string"},
		{types.NewMap(str, T), "map[string]string"},
		{types.NewArray(T, 2), "[2]string"},
		{boxT, "p.Box[string]"},
		{types.Typ[types.Int], "int"},
	} {
		out, ok := sinkflow.Subst(tc.in, tp, []types.Type{str})
		if !ok || types.TypeString(out, nil) != tc.want {
			t.Errorf("Subst(%s) = %v, %v; want %s", tc.in, out, ok, tc.want)
		}
		if sinkflow.MentionsTypeParam(out) {
			t.Errorf("Subst(%s) still mentions a type parameter", tc.in)
		}
	}
	// A function type mentioning T is not substituted: false, not a guess.
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(types.NewVar(0, nil, "x", T)), nil, false)
	if _, ok := sinkflow.Subst(sig, tp, []types.Type{str}); ok {
		t.Error("Subst of a func type mentioning T succeeded")
	}
	if _, ok := sinkflow.Subst(T, tp, nil); ok {
		t.Error("Subst with the wrong number of type arguments succeeded")
	}
}

func TestTypeSinks(t *testing.T) {
	pkg, _ := ssatest.Build(t, src)
	var funcs []*ssa.Function
	for _, name := range []string{"Assert", "asserts"} {
		funcs = append(funcs, ssatest.Func(t, pkg, name))
	}
	getFn := ssatest.Func(t, pkg, "get")
	find := func(instr ssa.Instruction) (sinkflow.Sink, bool) {
		ta, ok := instr.(*ssa.TypeAssert)
		if !ok {
			return sinkflow.Sink{}, false
		}
		if call, ok := ta.X.(*ssa.Call); !ok || call.Call.StaticCallee() != getFn {
			return sinkflow.Sink{}, false
		}
		return sinkflow.Sink{Type: ta.AssertedType, Value: ta}, true
	}
	var got []string
	for _, u := range sinkflow.Uses(funcs, find) {
		_, isAssert := u.Sink.(*ssa.TypeAssert)
		got = append(got, fmt.Sprintf("%s: %s sink=%v", u.Instr.Parent().Name(), types.TypeString(u.Type, nil), isAssert))
	}
	want := []string{"asserts: []int sink=true", "asserts: string sink=true"}
	if !slices.Equal(got, want) {
		t.Errorf("Uses:\n got %q\nwant %q", got, want)
	}
}

func TestDependsOn(t *testing.T) {
	a := types.NewPackage("a", "a")
	b := types.NewPackage("b", "b")
	c := types.NewPackage("c", "c")
	a.SetImports([]*types.Package{b})
	b.SetImports([]*types.Package{c, a}) // a cycle must not loop
	if !sinkflow.DependsOn(a, "c") {
		t.Error("a depends on c through b")
	}
	if sinkflow.DependsOn(c, "a") {
		t.Error("c imports nothing")
	}
	if sinkflow.DependsOn(a, "d") {
		t.Error("nothing imports d")
	}
}
