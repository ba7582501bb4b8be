package loops_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

const src = `package p

func straight(x int) int { return x + 1 }

func nested(xs []int, m map[string]int) int {
	sum := 0
	for _, x := range xs {
		for i := 0; i < x; i++ {
			sink(i)
		}
		for k := range m {
			sink(len(k))
		}
	}
	for range 3 {
		sink(0)
	}
	return sum
}

func withBreak(xs []int) {
	for {
		if len(xs) == 0 {
			break
		}
		xs = xs[1:]
	}
}

func sink(int) {}
`

// depthsOfCalls returns the loop depth of each call to sink, in order.
func depthsOfCalls(f *loops.Forest, fn *ssa.Function) []int {
	var out []int
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if callee := c.Call.StaticCallee(); callee != nil && callee.Name() == "sink" {
					out = append(out, f.Depth(b))
				}
			}
		}
	}
	return out
}

func TestFind(t *testing.T) {
	pkg, _ := ssatest.Build(t, src)
	if f := loops.Find(ssatest.Func(t, pkg, "straight")); f != nil || f.Depth(pkg.Func("straight").Blocks[0]) != 0 {
		t.Errorf("straight-line code has loops: %v", f.Loops())
	}

	fn := ssatest.Func(t, pkg, "nested")
	f := loops.Find(fn)
	if got := len(f.Loops()); got != 4 {
		t.Fatalf("nested: %d loops, want 4", got)
	}
	got := depthsOfCalls(f, fn)
	want := []int{2, 2, 1}
	if len(got) != len(want) {
		t.Fatalf("depths of sink calls = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("depths of sink calls = %v, want %v", got, want)
			break
		}
	}
	for _, l := range f.Loops() {
		if l.Depth == 2 && (l.Parent == nil || l.Parent.Depth != 1 || !l.Parent.Contains(l.Header)) {
			t.Errorf("inner loop at %s has parent %v", l.Header, l.Parent)
		}
		if !l.Contains(l.Header) || len(l.Blocks()) == 0 {
			t.Errorf("loop at %s: body %v", l.Header, l.Blocks())
		}
	}
	if f.Depth(fn.Blocks[0]) != 0 {
		t.Errorf("entry block is in a loop")
	}

	wb := ssatest.Func(t, pkg, "withBreak")
	if got := len(loops.Find(wb).Loops()); got != 1 {
		t.Errorf("withBreak: %d loops, want 1", got)
	}
}
