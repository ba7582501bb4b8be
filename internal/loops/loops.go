// Package loops finds the natural loops of SSA functions, so that checks can
// tell how hot an allocation is: a block's loop depth and its innermost loop.
//
// A natural loop has a header h and a back edge b→h where h dominates b; its
// body is h plus every block that reaches b without passing through h. Loops
// that share a header are one loop. Cycles that are not natural loops (only
// possible with goto into a loop) are not loops here.
//
// Analyzer computes the loops of every source function once per package, for
// all checks; Find computes them for one function.
package loops

import (
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer is a helper: it reports nothing and returns a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "heaplintloops",
	Doc:        "find the natural loops of every SSA source function, for heaplint's checks",
	URL:        "https://pkg.go.dev/github.com/heaplint/heaplint/internal/loops",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run: func(pass *analysis.Pass) (any, error) {
		return Compute(pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs), nil
	},
}

// Compute finds the loops of funcs.
func Compute(funcs []*ssa.Function) *Result {
	r := &Result{forests: make(map[*ssa.Function]*Forest, len(funcs))}
	for _, fn := range funcs {
		if f := Find(fn); f != nil {
			r.forests[fn] = f
		}
	}
	return r
}

// Result holds the loops of a package's source functions. It is read-only,
// so checks running in parallel may share it.
type Result struct {
	forests map[*ssa.Function]*Forest
}

// Of returns fn's loops; nil (a valid, empty Forest) when fn has none or is
// not a source function of the package.
func (r *Result) Of(fn *ssa.Function) *Forest { return r.forests[fn] }

// Loop is one natural loop.
type Loop struct {
	Header *ssa.BasicBlock
	Parent *Loop // the innermost loop containing this one, or nil
	Depth  int   // 1 for an outermost loop
	body   []bool
}

// Contains reports whether b is in the loop's body (nested loops included).
func (l *Loop) Contains(b *ssa.BasicBlock) bool {
	return b.Index < len(l.body) && l.body[b.Index]
}

// Blocks returns the loop's body in block order.
func (l *Loop) Blocks() []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, b := range l.Header.Parent().Blocks {
		if l.Contains(b) {
			out = append(out, b)
		}
	}
	return out
}

// Forest is the loop nest of one function. A nil *Forest has no loops.
type Forest struct {
	loops     []*Loop // outer loops before the loops they contain
	innermost []*Loop // by block index
}

// Loops returns every loop, each after the loops that contain it.
func (f *Forest) Loops() []*Loop {
	if f == nil {
		return nil
	}
	return f.loops
}

// Innermost returns the innermost loop containing b, or nil.
func (f *Forest) Innermost(b *ssa.BasicBlock) *Loop {
	if f == nil || b == nil || b.Index >= len(f.innermost) {
		return nil
	}
	return f.innermost[b.Index]
}

// Depth returns how many loops contain b: 0 outside loops.
func (f *Forest) Depth(b *ssa.BasicBlock) int {
	if l := f.Innermost(b); l != nil {
		return l.Depth
	}
	return 0
}

// Find computes fn's loops; nil if it has none.
func Find(fn *ssa.Function) *Forest {
	n := len(fn.Blocks)
	var loops []*Loop
	byHeader := map[*ssa.BasicBlock]*Loop{}
	var stack []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, h := range b.Succs {
			if !h.Dominates(b) {
				continue
			}
			l := byHeader[h]
			if l == nil {
				l = &Loop{Header: h, body: make([]bool, n)}
				l.body[h.Index] = true
				byHeader[h] = l
				loops = append(loops, l)
			}
			stack = addBody(l.body, b, stack[:0])
		}
	}
	if loops == nil {
		return nil
	}
	// Outer loops are larger than the loops they contain: place them first,
	// then let each smaller loop claim its blocks.
	size := func(l *Loop) int {
		c := 0
		for _, in := range l.body {
			if in {
				c++
			}
		}
		return c
	}
	slices.SortStableFunc(loops, func(a, b *Loop) int {
		if d := size(b) - size(a); d != 0 {
			return d
		}
		return a.Header.Index - b.Header.Index
	})
	f := &Forest{loops: loops, innermost: make([]*Loop, n)}
	for _, l := range loops {
		l.Parent = f.innermost[l.Header.Index]
		l.Depth = 1
		if l.Parent != nil {
			l.Depth = l.Parent.Depth + 1
		}
		for i, in := range l.body {
			if in {
				f.innermost[i] = l
			}
		}
	}
	return f
}

// addBody marks latch and every block that reaches it backwards without
// passing an already-marked block (the header is marked first).
func addBody(body []bool, latch *ssa.BasicBlock, stack []*ssa.BasicBlock) []*ssa.BasicBlock {
	if body[latch.Index] {
		return stack
	}
	body[latch.Index] = true
	stack = append(stack, latch)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range b.Preds {
			if !body[p.Index] {
				body[p.Index] = true
				stack = append(stack, p)
			}
		}
	}
	return stack
}
