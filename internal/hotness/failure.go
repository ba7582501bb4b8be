package hotness

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// failurePaths returns, by block index, Failure for the blocks of fn from
// which every path ends in a panic, an exit or a failure return (and for
// the recover block), NotCold for the others; nil when fn has none.
func failurePaths(fn *ssa.Function) []Cause {
	n := len(fn.Blocks)
	if n == 0 {
		return nil
	}
	cold := make([]Cause, n)
	any := false
	for _, b := range fn.Blocks {
		if endsInFailure(fn, b) {
			cold[b.Index] = Failure
			any = true
		}
	}
	if fn.Recover != nil {
		cold[fn.Recover.Index] = Failure
		any = true
	}
	if !any {
		return nil
	}
	// Least fixpoint of "every successor is cold", visiting blocks in
	// reverse order so that most of it settles in one sweep (go/ssa numbers
	// blocks roughly in dominance order).
	for changed := true; changed; {
		changed = false
		for i := n - 1; i >= 0; i-- {
			b := fn.Blocks[i]
			if cold[i] != NotCold || len(b.Succs) == 0 {
				continue
			}
			all := true
			for _, s := range b.Succs {
				if cold[s.Index] == NotCold {
					all = false
					break
				}
			}
			if all {
				cold[i] = Failure
				changed = true
			}
		}
	}
	return cold
}

// endsInFailure reports whether b's last instruction is a panic (go/ssa also
// puts one after a call ctrlflow knows never returns), follows a call that
// never returns by its name, or is a failure return.
func endsInFailure(fn *ssa.Function, b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	switch last := b.Instrs[len(b.Instrs)-1].(type) {
	case *ssa.Panic:
		return true
	case *ssa.Return:
		return failureReturn(fn, b, last)
	}
	for _, instr := range b.Instrs {
		if call, ok := instr.(ssa.CallInstruction); ok && neverReturns(call.Common()) {
			return true
		}
	}
	return false
}

// neverReturns recognizes, by name, calls that end the goroutine or the
// program also when ctrlflow cannot know it: through an interface (a
// testing.TB's Fatal) or a method value.
func neverReturns(c *ssa.CallCommon) bool {
	var name string
	var pkg *types.Package
	if c.IsInvoke() {
		name, pkg = c.Method.Name(), c.Method.Pkg()
	} else if fn := c.StaticCallee(); fn != nil {
		name = fn.Name()
		if obj := fn.Object(); obj != nil {
			pkg = obj.Pkg()
		}
	}
	if pkg == nil {
		return false
	}
	switch pkg.Path() {
	case "os", "syscall":
		return name == "Exit"
	case "runtime":
		return name == "Goexit"
	case "log":
		return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	case "testing":
		return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Skip") || name == "FailNow"
	}
	return false
}

// failureReturn reports whether ret returns an error that is not the nil
// constant and is known not to be nil, or is returned where some error
// value was tested not nil.
func failureReturn(fn *ssa.Function, b *ssa.BasicBlock, ret *ssa.Return) bool {
	results := fn.Signature.Results()
	sawError := false
	for i, v := range ret.Results {
		if i >= results.Len() || !isErrorType(results.At(i).Type()) {
			continue
		}
		if isNilConst(v) {
			return false
		}
		sawError = true
		if knownNonNil(v) {
			return true
		}
	}
	return sawError && underErrorTest(b)
}

var errorType = types.Universe.Lookup("error").Type()

func isErrorType(t types.Type) bool {
	return types.Identical(t, errorType)
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// knownNonNil reports whether v, an error, cannot be nil: a concrete value
// converted to error, a call of fmt.Errorf or errors.New, or a load of a
// package-level Err* variable (a sentinel).
func knownNonNil(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return true
	case *ssa.Call:
		if fn := v.Call.StaticCallee(); fn != nil && fn.Pkg != nil {
			switch fn.Pkg.Pkg.Path() + "." + fn.Name() {
			case "fmt.Errorf", "errors.New":
				return true
			}
		}
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			name := strings.TrimPrefix(g.Name(), "err")
			return strings.HasPrefix(name, "Err") || name != g.Name()
		}
	}
	return false
}

// underErrorTest reports whether b is dominated by the branch of an if on
// `e != nil` (or `e == nil`'s else) for some error value e.
func underErrorTest(b *ssa.BasicBlock) bool {
	for d := b; d != nil; d = d.Idom() {
		idom := d.Idom()
		if idom == nil || len(idom.Instrs) == 0 {
			continue
		}
		ifInstr, ok := idom.Instrs[len(idom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || (cond.Op != token.NEQ && cond.Op != token.EQL) || !comparesErrorWithNil(cond) {
			continue
		}
		// d is the successor of idom on the path to b only if idom's
		// branch to it is the one d begins with.
		notNilBranch := idom.Succs[0]
		if cond.Op == token.EQL {
			notNilBranch = idom.Succs[1]
		}
		if notNilBranch == d && len(d.Preds) == 1 {
			return true
		}
	}
	return false
}

func comparesErrorWithNil(c *ssa.BinOp) bool {
	x, y := c.X, c.Y
	if isNilConst(x) {
		x, y = y, x
	}
	return isNilConst(y) && types.Implements(x.Type(), errorType.Underlying().(*types.Interface)) && types.IsInterface(x.Type())
}
