package loops

import (
	"testing"

	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const yieldSrc = `package p

func seq(yield func(int) bool) {
	for i := 0; i < 3 && yield(i); i++ {
	}
}

func pairs(yield func(int, int) bool) {}

func outside() { sink(0) }

func body() {
	for x := range seq {
		sink(x)
	}
}

func nested(xs []int) {
	for range xs {
		total := 0
		for x := range seq {
			for y := range pairs {
				total += x + y
				sink(total)
			}
		}
	}
}

func capturesNothing() {
	for range seq {
		sink(1)
	}
}

func sink(int) {}
`

// sinkDepths returns DepthIn of each call to sink in fn and its anonymous
// functions, in order.
func sinkDepths(r *Result, fn *ssa.Function) []int {
	var out []int
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(*ssa.Call); ok {
					if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == "sink" {
						out = append(out, r.DepthIn(fn, b))
					}
				}
			}
		}
		for _, anon := range fn.AnonFuncs {
			visit(anon)
		}
	}
	visit(fn)
	return out
}

func TestDepthIn(t *testing.T) {
	pkg, _ := ssatest.Build(t, yieldSrc)
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, name := range []string{"outside", "body", "nested", "capturesNothing"} {
		add(ssatest.Func(t, pkg, name))
	}
	r := &Result{forests: map[*ssa.Function]*Forest{}}
	for _, fn := range funcs {
		if f := Find(fn); f != nil {
			r.forests[fn] = f
		}
	}
	for _, tc := range []struct {
		name string
		want []int
	}{
		{"outside", []int{0}},
		{"body", []int{1}},
		{"nested", []int{3}},
		{"capturesNothing", []int{1}},
	} {
		got := sinkDepths(r, ssatest.Func(t, pkg, tc.name))
		if len(got) != len(tc.want) {
			t.Errorf("%s: depths %v, want %v", tc.name, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: depths %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}
