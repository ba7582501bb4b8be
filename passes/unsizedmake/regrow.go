package unsizedmake

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/report"
	"golang.org/x/tools/go/ssa"
)

// regrows reports a slice that starts empty on each call of a hot function
// (report.HotFunc: called from a loop of the package), or on each iteration
// of a loop, and grows by append in a loop whose count is not known before
// it, so that it cannot be presized: each call or iteration regrows it from
// nothing, through the same sizes. When nothing keeps it past the call or
// the iteration, one backing array kept across them and reset with [:0]
// stops the regrowth. A slice that is returned, stored, captured, sent or
// passed to a function that keeps it is not reported: reusing its array
// would change what the holder sees.
func (c *checker) regrows(cr *creation, g *growth) bool {
	if cr.isMap || len(cr.lit) > 0 || cr.name == "" || (cr.sized && cr.cap > c.cfg.smallCap()) {
		return false
	}
	block := creationBlock(cr, g)
	if block == nil {
		return false
	}
	perIteration := c.forest.Innermost(block) != nil
	if !perIteration && (!report.HotFunc(c.pass, c.cfg.Scope, c.fn) || recursive(c.fn)) {
		return false // a recursive call would reuse the array its caller still holds
	}
	if c.kept(g, perIteration) {
		return false
	}
	start := "empty"
	if cr.cap > 0 {
		start = fmt.Sprintf("with capacity %d", cr.cap)
	}
	f := report.Finding{
		Pos: cr.pos, End: cr.end, Block: block, Weigh: g.grows,
		Claim: cr.name + " reallocates as it grows by append in a loop",
	}
	if perIteration {
		f.Why = fmt.Sprintf("it starts %s on each iteration of the loop around it, and the count it grows to is not known before the loop that grows it", start)
		f.Advice = fmt.Sprintf("declare it before that loop and reset it with %s = %s[:0] on each iteration, so that one backing array serves them all", cr.name, cr.name)
	} else {
		f.Why = fmt.Sprintf("it starts %s on each call, and the count it grows to is not known before the loop", start)
		f.Advice = "reuse one backing array across calls: " + c.keepAcrossCalls(cr.name)
	}
	f.Related = c.growthRelated(g)
	return report.Emit(c.pass, c.cfg.Scope, f)
}

// keepAcrossCalls says where the function can keep a slice between calls:
// a field of its pointer receiver, if it has one.
func (c *checker) keepAcrossCalls(name string) string {
	if recv := c.fn.Signature.Recv(); recv != nil {
		if p, ok := recv.Type().(*types.Pointer); ok {
			t := types.TypeString(p, report.Qualifier(c.pass.Pkg))
			return fmt.Sprintf("keep it in a field of %s, start from that field[:0] and store %s back after the loop (if calls never overlap), or take it from a sync.Pool", t, name)
		}
	}
	return fmt.Sprintf("let the caller keep it and pass it in, start from it[:0] and hand %s back, or take it from a sync.Pool", name)
}

// kept reports whether the slice's backing array may be kept past the call
// (it escapes: returned, stored, captured, sent, passed to a function that
// keeps it) or, for a slice made per iteration, past the iteration: any
// use but appending to it, len, cap, copy, reading or writing its
// elements, and passing it to a call whose results cannot hold it.
func (c *checker) kept(g *growth, perIteration bool) bool {
	esc, _ := c.pass.ResultOf[escape.Analyzer].(*escape.Result)
	if esc == nil {
		return true
	}
	for _, v := range g.vals {
		if _, ok := esc.Of(v); ok {
			return true
		}
	}
	if !perIteration {
		return false
	}
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
			case *ssa.Phi, *ssa.Slice, *ssa.ChangeType:
				work = append(work, r.(ssa.Value))
			case *ssa.Index, *ssa.DebugRef:
			case *ssa.IndexAddr:
				if addrKept(r) {
					return true
				}
			case *ssa.Call:
				if b, ok := r.Call.Value.(*ssa.Builtin); ok {
					switch b.Name() {
					case "append":
						if r.Call.Args[0] != v {
							return true // appended as an element of another slice
						}
						work = append(work, r)
					case "len", "cap", "copy":
					default:
						return true
					}
					continue
				}
				if resultMayHold(r) {
					return true
				}
			default:
				return true
			}
		}
	}
	return false
}

// addrKept reports whether the address of an element is used for more
// than a load or a store through it.
func addrKept(a *ssa.IndexAddr) bool {
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return true
			}
		case *ssa.Store:
			if r.Addr != a {
				return true
			}
		case *ssa.DebugRef:
		default:
			return true
		}
	}
	return false
}

// resultMayHold reports whether a call's results could refer to memory its
// arguments refer to: any result of a type with pointers other than a
// string (strings.Join(parts, ",") builds a new one).
func resultMayHold(call *ssa.Call) bool {
	t := call.Type()
	if tup, ok := t.(*types.Tuple); ok {
		for i := 0; i < tup.Len(); i++ {
			if mayHold(tup.At(i).Type()) {
				return true
			}
		}
		return false
	}
	return mayHold(t)
}

func mayHold(t types.Type) bool {
	if b, ok := t.Underlying().(*types.Basic); ok {
		return b.Kind() == types.UnsafePointer
	}
	if types.IsInterface(t) {
		return !types.Identical(t, types.Universe.Lookup("error").Type())
	}
	return true
}

// recursive reports whether fn can call itself through static calls of
// functions of its package (their closures included): calls that overlap,
// so that one array kept across calls would be shared by two of them.
func recursive(fn *ssa.Function) bool {
	seen := map[*ssa.Function]bool{}
	work := []*ssa.Function{fn}
	for len(work) > 0 && len(seen) < 200 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				var callee *ssa.Function
				switch v := instr.(type) {
				case ssa.CallInstruction:
					callee = v.Common().StaticCallee()
				case *ssa.MakeClosure:
					callee, _ = v.Fn.(*ssa.Function)
				}
				if callee == nil || callee.Pkg != fn.Pkg {
					continue
				}
				if callee == fn {
					return true
				}
				if !seen[callee] {
					seen[callee] = true
					work = append(work, callee)
				}
			}
		}
	}
	return false
}
