package unsizedmake

import (
	"go/types"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/ssa"
)

// The sizes of the Go runtime and compiler that decide whether presizing
// saves anything (measured by TestSilentCostModel in cost_test.go).
const (
	// appendStackBuffer is the stack buffer, in bytes, that the Go 1.26
	// compiler gives the first append to an empty slice whose backing
	// array does not escape (cmd/compile's VariableMakeThreshold), or
	// escapes only at one return or assignment, where it is moved to the
	// heap once (cmd/compile/internal/slice).
	appendStackBuffer = 32
	// appendStackSince is the first Go release with that buffer.
	appendStackSince = "go1.26"
	// mapGroupSlots is how many entries a map holds in the one group of
	// slots its first insert allocates (Go 1.24 swiss maps; old maps had
	// buckets of 8 too): up to that many, a size hint allocates the same.
	mapGroupSlots = 8
	// mapLocalFree is how many entries a map that does not escape takes
	// before a hint saves anything: it starts in a group on the stack and
	// grows once into a table of 16 slots (14 usable at the 7/8 load
	// factor), which a hint would allocate just the same.
	mapLocalFree = 14
)

// presizeSaves reports whether giving the creation room for n elements or
// entries, a constant, saves an allocation under Go's cost model:
//
//   - a map of up to mapGroupSlots entries allocates its one group either
//     way, and one that does not escape grows from a group on the stack
//     into one table of 16 slots, as a hint would have allocated, up to
//     mapLocalFree entries;
//   - a slice that starts empty and whose backing array does not escape
//     grows in the appendStackBuffer on the stack, for free, as far as
//     that goes; a constant capacity would be on the stack too;
//   - one whose backing array escapes only at one return or assignment
//     after the loop grows on the stack and is moved to the heap once,
//     or grows past the buffer once, up to twice the buffer: one
//     allocation, as a presized make costs;
//   - any other grows by doubling from its first append, which fits a
//     single element.
func (c *checker) presizeSaves(cr *creation, g *growth, n int64) bool {
	if n <= cr.cap || n < 2 {
		return false // enough room, or a single element
	}
	if cr.isMap {
		if esc, _ := c.pass.ResultOf[escape.Analyzer].(*escape.Result); esc != nil {
			if _, escapes := esc.Of(cr.value); !escapes {
				return n > mapLocalFree
			}
		}
		return n > mapGroupSlots
	}
	if cr.cap > 0 || !c.stackAppends(cr) {
		return true // the buffer serves only appends to an empty slice
	}
	st, ok := cr.typ.Underlying().(*types.Slice)
	if !ok {
		return true // a type parameter: its element size is not known
	}
	elem, ok := typeshape.Size(c.pass.TypesSizes, st.Elem())
	if !ok || elem == 0 {
		return true
	}
	switch c.backing(g) {
	case onStack:
		return n*elem > appendStackBuffer
	case movedOnce:
		return n*elem > 2*appendStackBuffer
	}
	return true
}

// stackAppends reports whether the creation's file is compiled with the
// append stack buffer: Go 1.26 or later, or a file of unknown version.
func (c *checker) stackAppends(cr *creation) bool {
	return report.GoAtLeast(c.pass, cr.pos, appendStackSince)
}

// backingKind is where a growing slice's backing array lives.
type backingKind uint8

const (
	onHeap    backingKind = iota // it escapes: every growth allocates
	onStack                      // it does not escape
	movedOnce                    // it escapes at one return or assignment after the loops
)

// backing tells where the backing array of a slice grown in loops lives,
// from heaplint's escape analysis and the uses of the slice: it stays on
// the stack when it does not escape and is only indexed, ranged over and
// measured; the compiler moves it to the heap once at a single return or
// assignment of the slice variable, or at a call (an inlined call assigns
// its parameter), where a constant-size make would have stayed on the
// stack; any other escape (an interface, a store in the loop, two
// returns) leaves it on the heap from the first append.
func (c *checker) backing(g *growth) backingKind {
	esc, _ := c.pass.ResultOf[escape.Analyzer].(*escape.Result)
	if esc == nil {
		return onHeap
	}
	escapes := false
	for _, v := range g.vals {
		if _, ok := esc.Of(v); ok {
			escapes = true
			break
		}
	}
	transitions, calls := 0, false
	seen := map[ssa.Value]bool{}
	work := append([]ssa.Value(nil), g.vals...)
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] || v.Referrers() == nil {
			continue
		}
		seen[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi:
				work = append(work, r)
			case *ssa.Call:
				b, ok := r.Call.Value.(*ssa.Builtin)
				if !ok {
					// Even a call that keeps nothing: inlined, its
					// parameter is an assignment, where the compiler
					// moves the buffer to the heap.
					calls = true
					continue
				}
				switch b.Name() {
				case "append":
					if r.Call.Args[0] != v {
						return onHeap // appended as an element
					}
					work = append(work, r)
				case "len", "cap":
				default:
					return onHeap
				}
			case *ssa.Index, *ssa.IndexAddr, *ssa.DebugRef:
			case *ssa.Return:
				transitions++
			case *ssa.Store:
				if r.Val != v || c.forest.Innermost(r.Block()) != nil {
					return onHeap
				}
				transitions++
			default:
				return onHeap
			}
		}
	}
	switch {
	case calls:
		return onHeap
	case !escapes:
		return onStack
	case transitions == 1:
		return movedOnce
	}
	return onHeap
}
