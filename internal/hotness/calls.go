package hotness

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// callGraph holds what propagation needs of the package's calls.
type callGraph struct {
	order   []*ssa.Function                     // the package's functions, in source order
	callers map[*ssa.Function][]ssa.Instruction // static calls of each function, in order
	escapes map[*ssa.Function]bool              // used as a value: callable from anywhere

	programCalls map[*ssa.Function][]ssa.Instruction // callers outside test files, see nonTestCallers
}

// collectCalls walks every instruction of funcs once, recording the static
// calls between them and the functions used other than as a callee.
func collectCalls(funcs map[*ssa.Function]*funcInfo, order []*ssa.Function) *callGraph {
	g := &callGraph{
		order:   order,
		callers: map[*ssa.Function][]ssa.Instruction{},
		escapes: map[*ssa.Function]bool{},

		programCalls: map[*ssa.Function][]ssa.Instruction{},
	}
	var ops []*ssa.Value
	for _, fn := range order {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				callee := staticCallee(instr)
				if callee != nil && funcs[callee] != nil {
					g.callers[callee] = append(g.callers[callee], instr)
				}
				ops = instr.Operands(ops[:0])
				for i, op := range ops {
					if op == nil {
						continue
					}
					f, ok := (*op).(*ssa.Function)
					if !ok || funcs[f] == nil {
						continue
					}
					if i == 0 && callee == f {
						continue // the callee operand of a direct call
					}
					g.escapes[f] = true
				}
				// A literal made into a closure and called where it is made.
				if mc, ok := instr.(*ssa.MakeClosure); ok {
					if f, ok := mc.Fn.(*ssa.Function); ok && funcs[f] != nil {
						if call := calledOnly(mc); call != nil {
							funcs[f].inlineAt = call
							delete(g.escapes, f)
						}
					}
				}
			}
		}
	}
	// A literal that captures nothing is a Function operand of its call.
	for f, calls := range g.callers {
		if f.Parent() != nil && len(calls) == 1 && !g.escapes[f] && calls[0].Parent() == f.Parent() {
			funcs[f].inlineAt = calls[0]
		}
	}
	return g
}

// staticCallee returns the function a call, go or defer instruction calls
// directly (through a closure made on the spot too), or nil.
func staticCallee(instr ssa.Instruction) *ssa.Function {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	c := call.Common()
	if c.IsInvoke() {
		return nil
	}
	switch v := c.Value.(type) {
	case *ssa.Function:
		return v
	case *ssa.MakeClosure:
		f, _ := v.Fn.(*ssa.Function)
		return f
	}
	return nil
}

// calledOnly returns the call or defer that is mc's only use, calling it;
// nil if mc is used otherwise (stored, passed, started in a go statement).
func calledOnly(mc *ssa.MakeClosure) ssa.Instruction {
	refs := mc.Referrers()
	if refs == nil || len(*refs) != 1 {
		return nil
	}
	switch r := (*refs)[0].(type) {
	case *ssa.Call:
		if r.Call.Value == mc {
			return r
		}
	case *ssa.Defer:
		if r.Call.Value == mc {
			return r
		}
	}
	return nil
}

// propagate decides, to a fixpoint, which functions are cold or run once as
// a whole because of what calls them, and finds calls from loops.
func (r *Result) propagate(pkg *types.Package, g *callGraph) {
	ifaceMethods := interfaceMethodNames(pkg)
	for _, fn := range g.order {
		fi := r.funcs[fn]
		switch {
		case fn.Synthetic == "package initializer" || (fn.Parent() == nil && fn.Object() != nil && fn.Object().Name() == "init" && fn.Signature.Recv() == nil):
			fi.state, fi.cause = coldAll, Init
		case isErrorMethod(fn):
			fi.state, fi.cause = coldAll, ErrorMethod
		case fn.Parent() == nil && fn.Name() == "main" && pkg.Name() == "main" && fn.Signature.Recv() == nil:
			fi.state = onceOnly
		}
	}
	// The callers of a function decide its state only if nothing else can
	// call it.
	private := func(fn *ssa.Function) bool {
		if fn.Parent() != nil || g.escapes[fn] || r.funcs[fn].state != normal {
			return false
		}
		if ast.IsExported(fn.Name()) {
			return false
		}
		return fn.Signature.Recv() == nil || !ifaceMethods[fn.Name()]
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range g.order {
			calls := g.nonTestCallers(fn)
			if len(calls) == 0 || !private(fn) && !r.stateFromCallers(fn) {
				continue
			}
			st, cause := r.callersState(calls)
			fi := r.funcs[fn]
			if st > fi.state {
				fi.state, fi.cause = st, cause
				changed = true
			}
		}
	}
	for _, fn := range g.order {
		for _, call := range g.callers[fn] {
			if call.Parent() == fn || !loopCounts(call.Parent()) {
				continue // recursion is not a loop of another function
			}
			h := r.Of(call.Block())
			if h.Heat == Hot && (r.funcs[fn].inLoop == nil || h.LoopDepth > r.funcs[fn].inLoop.Depth) {
				r.funcs[fn].inLoop = &Call{Caller: call.Parent(), Pos: call.Pos(), Depth: h.LoopDepth}
			}
		}
	}
}

// nonTestCallers returns the calls of fn outside _test.go files: a test
// that calls a function says nothing of how often the program does. The
// answer is kept: propagation asks it of every function in every round.
func (g *callGraph) nonTestCallers(fn *ssa.Function) []ssa.Instruction {
	if calls, ok := g.programCalls[fn]; ok {
		return calls
	}
	var out []ssa.Instruction
	for _, c := range g.callers[fn] {
		if !inTestFile(c.Parent()) {
			out = append(out, c)
		}
	}
	g.programCalls[fn] = out
	return out
}

// inTestFile reports whether fn (or the function it is a literal of) is
// declared in a _test.go file.
func inTestFile(fn *ssa.Function) bool {
	top := fn
	for top.Parent() != nil {
		top = top.Parent()
	}
	file := fn.Prog.Fset.File(top.Pos())
	return file != nil && strings.HasSuffix(file.Name(), "_test.go")
}

// loopCounts reports whether a loop of caller makes its callees hot: not a
// loop of a test function (over a table of cases), but one of a benchmark,
// whose authors loop over what they consider hot.
func loopCounts(caller *ssa.Function) bool {
	if !inTestFile(caller) {
		return true
	}
	top := caller
	for top.Parent() != nil {
		top = top.Parent()
	}
	return strings.HasPrefix(top.Name(), "Benchmark")
}

// stateFromCallers reports whether fn's state was set by its callers in an
// earlier round (so that a later round may raise it further).
func (r *Result) stateFromCallers(fn *ssa.Function) bool {
	fi := r.funcs[fn]
	return fi.state != normal && (fi.cause == ColdCallers || fi.cause == Once && fn.Name() != "main")
}

// callersState returns the state that calls, every static call of a
// function, give it: coldAll when each is on a cold block, onceOnly when
// each is cold or runs once (and one runs once), normal otherwise.
func (r *Result) callersState(calls []ssa.Instruction) (state, Cause) {
	st := coldAll
	for _, call := range calls {
		h := r.Of(call.Block())
		switch {
		case h.Heat == Cold && h.Cause == Once:
			st = onceOnly
		case h.Heat != Cold:
			return normal, NotCold
		}
	}
	if st == coldAll {
		return coldAll, ColdCallers
	}
	return onceOnly, Once
}

// isErrorMethod reports whether fn is a method Error() string.
func isErrorMethod(fn *ssa.Function) bool {
	sig := fn.Signature
	return fn.Name() == "Error" && sig.Recv() != nil && sig.Params().Len() == 0 &&
		sig.Results().Len() == 1 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
}

// interfaceMethodNames returns the names of the methods of the interfaces
// declared in pkg: a method of the same name may be called through one.
func interfaceMethodNames(pkg *types.Package) map[string]bool {
	names := map[string]bool{}
	if pkg == nil {
		return names
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if iface, ok := tn.Type().Underlying().(*types.Interface); ok {
			for i := range iface.NumMethods() {
				names[iface.Method(i).Name()] = true
			}
		}
	}
	return names
}
