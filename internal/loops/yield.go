package loops

import "golang.org/x/tools/go/ssa"

// This file was added for the nestedmap and mapptr checks, which report the
// loop depth of allocations that may sit in the body of a range-over-func
// loop.

// yieldSynthetic is go/ssa's Function.Synthetic for the body of a
// range-over-func loop (see ssa.Function.Syntax).
const yieldSynthetic = "range-over-func yield"

// DepthIn returns the loop depth of block b of fn, like Of(fn).Depth(b),
// but counting the body of a range-over-func loop as a loop. go/ssa builds
// that body as a separate synthetic function with no loop of its own, so
// Depth is 0 there; DepthIn adds one for each such body and the depth at
// which the enclosing function creates it.
//
// Cost: a scan of each enclosing function's instructions, only for bodies
// of range-over-func loops; call it when reporting, not per instruction.
func (r *Result) DepthIn(fn *ssa.Function, b *ssa.BasicBlock) int {
	d := r.Of(fn).Depth(b)
	for fn.Synthetic == yieldSynthetic && fn.Parent() != nil {
		parent := fn.Parent()
		site := creation(parent, fn)
		if site == nil {
			break
		}
		d += 1 + r.Of(parent).Depth(site.Block())
		fn = parent
	}
	return d
}

// creation returns the instruction of parent that refers to its anonymous
// function fn: the MakeClosure, or the call that passes fn when it captures
// nothing.
func creation(parent, fn *ssa.Function) ssa.Instruction {
	var ops []*ssa.Value
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if op != nil && *op == fn {
					return instr
				}
			}
		}
	}
	return nil
}
