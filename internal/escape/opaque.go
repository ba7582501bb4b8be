package escape

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Opaque reports whether the compiler cannot know the dynamic type or the
// function behind the interface or func value v: a parameter, a captured
// variable, a map value, or a value loaded from memory (through phis,
// interface changes and type assertions). A value made or returned by a
// call in the function is not opaque: inlining can reveal what it is, and
// the compiler then devirtualizes or inlines the call, so a check that
// reports what escapes into an interface method or func value call asks
// this first.
func Opaque(v ssa.Value) bool { return opaque(v, 0) }

// Devirtualizable reports whether site is a call of an interface method or
// a func value whose receiver or function the compiler may resolve (not
// Opaque): then it can devirtualize or inline the call and keep what the
// call is given on the stack, so a check does not claim it escapes.
func Devirtualizable(site Site) bool {
	if site.Kind != Dynamic {
		return false
	}
	call, ok := site.Instr.(ssa.CallInstruction)
	return ok && !Opaque(call.Common().Value)
}

func opaque(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Lookup:
		return true
	case *ssa.UnOp:
		return v.Op == token.MUL // a load
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !opaque(e, depth+1) {
				return false
			}
		}
		return true
	case *ssa.ChangeInterface:
		return opaque(v.X, depth+1)
	case *ssa.TypeAssert:
		return opaque(v.X, depth+1)
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.TypeAssert:
			return opaque(t.X, depth+1)
		case *ssa.Lookup:
			return true // a map value
		}
	}
	return false
}
