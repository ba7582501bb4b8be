package escape_test

import (
	"strings"
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

// TestAssumedThroughHelper: a value passed to a function of this package
// that hands it on to unknown code escapes by the same assumption, and
// says which function it rests on; the helper's summary says so too.
func TestAssumedThroughHelper(t *testing.T) {
	pkg, _ := ssatest.Build(t, `package p

import "slices"

var keep []func()

func helper(seq func(func(int) bool)) { _ = slices.Collect(seq) }

func both(seq func(func(int) bool), f func()) {
	_ = slices.Collect(seq)
	keep = append(keep, f)
}

func twice(seq func(func(int) bool)) { helper(seq); keep = append(keep, func() { seq(nil) }) }

func F(k int) {
	helper(func(yield func(int) bool) { _ = k })
	both(func(yield func(int) bool) { _ = k }, func() { _ = k })
	twice(func(yield func(int) bool) { _ = k })
}
`)
	res := escape.Analyze(pkg.Pkg, allFuncs(pkg))
	if got, want := res.Summary(pkg.Func("helper")).String(), "p0:unknown=value"; got != want {
		t.Errorf("helper's summary: %s, want %s", got, want)
	}
	if got, want := res.Summary(pkg.Func("twice")).String(), "p0:heap=value"; got != want {
		t.Errorf("twice's summary: %s, want %s (a certain leak hides the assumed one)", got, want)
	}
	var got []string
	for _, b := range pkg.Func("F").Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok {
				site, esc := res.Of(mc)
				switch {
				case !esc:
					got = append(got, "local")
				case res.Assumed(site) != nil:
					got = append(got, "assumed "+res.Assumed(site).Name()+" via "+site.Desc)
				default:
					got = append(got, "certain "+site.Desc)
				}
			}
		}
	}
	want := []string{
		"assumed Collect[int] via helper's argument",
		"assumed Collect[int] via both's argument",
		"certain both's argument",
		"certain twice's argument",
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestIteratorYield: the body of a range-over-func loop over a standard
// iterator that drops its yield does not escape, and neither does what it
// captures; over one that keeps it (reflect.Value.Seq), it does.
func TestIteratorYield(t *testing.T) {
	pkg, _ := ssatest.Build(t, `package p

import (
	"maps"
	"reflect"
	"strings"
)

func each(s string, f func(string)) {
	for p := range strings.SplitSeq(s, ",") {
		f(p)
	}
}

func keys(m map[string]int, f func(string)) {
	for k := range maps.Keys(m) {
		f(k)
	}
}

func values(v reflect.Value, f func(reflect.Value)) {
	for x := range v.Seq() {
		f(x)
	}
}
`)
	res := escape.Analyze(pkg.Pkg, allFuncs(pkg))
	// The callback (the second parameter) is what the loop body
	// captures; the string, map or value ranged over is another matter.
	for name, want := range map[string]escape.Level{"each": escape.Never, "keys": escape.Never, "values": escape.Value} {
		if got := res.Summary(pkg.Func(name)).Param(1).Heap; got != want {
			t.Errorf("%s: the callback leaks at %v, want %v", name, got, want)
		}
	}
}
