package escape_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

func TestInTable(t *testing.T) {
	pkg, _ := ssatest.Build(t, `package p

import (
	"slices"
	"sync"
)

func local(f func()) {}

func F(xs []int) {
	var wg sync.WaitGroup
	wg.Go(func() {})
	slices.SortFunc(xs, func(a, b int) int { return a - b })
	local(func() {})
}
`)
	got := map[string]bool{}
	for _, b := range pkg.Func("F").Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if callee := c.Common().StaticCallee(); callee != nil {
					got[callee.Name()] = escape.InTable(callee)
				}
			}
		}
	}
	for name, want := range map[string]bool{"Go": true, "SortFunc[[]int, int]": true, "local": false} {
		if got[name] != want {
			t.Errorf("InTable(%s) = %v, want %v (calls: %v)", name, got[name], want, got)
		}
	}
	if escape.InTable(nil) {
		t.Error("InTable(nil) = true")
	}
}
