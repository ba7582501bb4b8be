package escape_test

import (
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

func TestAssumed(t *testing.T) {
	pkg, _ := ssatest.Build(t, `package p

import (
	"slices"
	"strings"
	"sync"
)

var keep []func()

func local(f func()) { keep = append(keep, f) }

func F(k int, g func(func())) {
	var wg sync.WaitGroup
	wg.Go(func() { _ = k })                  // std, in the table: certain
	local(func() { _ = k })                  // this package: certain
	g(func() { _ = k })                      // a func value: certain
	_ = strings.IndexFunc("", func(r rune) bool { return int(r) == k }) // std, in the table: does not escape
	_ = slices.Collect(func(yield func(int) bool) { _ = k }) // generic std function not in the table: assumed
}
`)
	res := escape.Analyze(pkg.Pkg, allFuncs(pkg))
	var got []string
	for _, b := range pkg.Func("F").Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			site, esc := res.Of(mc)
			switch {
			case !esc:
				got = append(got, "local")
			case res.Assumed(site) != nil:
				got = append(got, "assumed "+res.Assumed(site).Name())
			default:
				got = append(got, "certain "+site.Kind.String())
			}
		}
	}
	want := []string{"certain call", "certain call", "certain dynamic call", "local", "assumed Collect[int]"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("closure %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
