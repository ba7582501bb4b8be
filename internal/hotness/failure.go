package hotness

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/heaplint/heaplint/internal/loops"
	"golang.org/x/tools/go/ssa"
)

// failurePaths returns, by block index, Failure for the blocks of fn from
// which every path ends in a panic, an exit or a failure return (and for
// the recover block), NotCold for the others; nil when fn has none. ctors
// holds the package's error constructors (see constructors); forest is
// fn's loops. A loop with a condition, or a range over a slice, array,
// string, map or integer, is taken to end: it is on a failure path when
// every edge that leaves it leads to one (the loop that prints a usage
// message before os.Exit(2)). A loop without a condition (for {}) or a
// range over a channel is not: it may run for the life of the program, and
// a panic that ends it is no path it is on.
func failurePaths(fn *ssa.Function, ctors map[*ssa.Function]bool, forest *loops.Forest) []Cause {
	n := len(fn.Blocks)
	if n == 0 {
		return nil
	}
	tests := nilTests(fn)
	errBranches := map[*ssa.BasicBlock]bool{}
	for _, t := range tests {
		if !t.recovered {
			errBranches[t.branch] = true
		}
	}
	cold := make([]Cause, n)
	any := false
	var jumps map[*ssa.BasicBlock]*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if endsInFailure(fn, b, ctors, errBranches) {
			cold[b.Index] = Failure
			any = true
			continue
		}
		to, fails := carryError(b, ctors)
		switch {
		case fails:
			cold[b.Index] = Failure
			any = true
		case to != nil:
			if jumps == nil {
				jumps = map[*ssa.BasicBlock]*ssa.BasicBlock{}
			}
			jumps[b] = to
		}
	}
	if fn.Recover != nil {
		cold[fn.Recover.Index] = Failure
		any = true
	}
	// After recover() != nil, and in a branch that reports the error it
	// tested: every block the branch dominates.
	for _, t := range tests {
		if t.recovered || reported(t.branch, t.x, 0) {
			markDominated(t.branch, cold)
			any = true
		}
	}
	if !any {
		return nil
	}
	settle(fn, cold, jumps)
	// A loop's blocks reach each other, so the fixpoint cannot settle them;
	// a cold loop makes the blocks before it cold in turn, and an outer
	// loop around it.
	for changed := true; changed; {
		changed = false
		for _, l := range slices.Backward(forest.Loops()) { // inner loops first
			if cold[l.Header.Index] == NotCold && leavesOnlyToFailure(l, cold) {
				for _, b := range l.Blocks() {
					cold[b.Index] = Failure
				}
				changed = true
			}
		}
		if changed {
			settle(fn, cold, jumps)
		}
	}
	return cold
}

// settle marks cold, to a least fixpoint, the blocks whose successors are
// all cold, visiting blocks in reverse order so that most of it settles in
// one sweep (go/ssa numbers blocks roughly in dominance order). A block in
// jumps goes where carryError says instead of to its successor.
func settle(fn *ssa.Function, cold []Cause, jumps map[*ssa.BasicBlock]*ssa.BasicBlock) {
	for changed := true; changed; {
		changed = false
		for i := len(fn.Blocks) - 1; i >= 0; i-- {
			b := fn.Blocks[i]
			if cold[i] != NotCold || len(b.Succs) == 0 {
				continue
			}
			succs := b.Succs
			if to := jumps[b]; to != nil {
				succs = []*ssa.BasicBlock{to}
			}
			all := true
			for _, s := range succs {
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
}

// leavesOnlyToFailure reports whether loop l is taken to end and every
// edge out of it leads to a cold block.
func leavesOnlyToFailure(l *loops.Loop, cold []Cause) bool {
	if !endsByItself(l) {
		return false
	}
	for _, b := range l.Blocks() {
		for _, s := range b.Succs {
			if !l.Contains(s) && cold[s.Index] == NotCold {
				return false
			}
		}
	}
	return true
}

// carryError follows b, when it ends by jumping on with a known non-nil
// error (err = fmt.Errorf(...) before a shared return or a shared
// `if err != nil`), through the joins that only merge and test that error:
// fails when one returns it, else the block the error takes b to, the one
// after the last such join (nil when b passes no such error on). The
// branch of a join's nil test is decided for b's path, so b is as cold as
// the block it reaches.
func carryError(b *ssa.BasicBlock, ctors map[*ssa.Function]bool) (to *ssa.BasicBlock, fails bool) {
	if len(b.Succs) != 1 || !startsWithPhi(b.Succs[0]) {
		return nil, false
	}
	var carried []ssa.Value
	for _, instr := range b.Instrs {
		switch v := instr.(type) {
		case *ssa.Call, *ssa.MakeInterface, *ssa.UnOp: // what knownNonNil knows
			if isErrorType(v.(ssa.Value).Type()) && knownNonNil(v.(ssa.Value), ctors) {
				carried = append(carried, v.(ssa.Value))
			}
		}
	}
	prev, cur := b, b.Succs[0]
	for range 8 { // joins in a row: err == nil && ..., then if err != nil
		carried = carriedPhis(prev, cur, carried)
		if len(carried) == 0 {
			break
		}
		next, fails, ok := passJoin(cur, carried)
		if fails {
			return nil, true
		}
		if !ok {
			break
		}
		prev, cur = cur, next
	}
	if cur == b.Succs[0] {
		return nil, false
	}
	return cur, false
}

func startsWithPhi(b *ssa.BasicBlock) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	_, ok := b.Instrs[0].(*ssa.Phi)
	return ok
}

// carriedPhis returns the phis of cur that take, from pred, one of
// carried.
func carriedPhis(pred, cur *ssa.BasicBlock, carried []ssa.Value) []ssa.Value {
	if len(carried) == 0 {
		return nil
	}
	i := slices.Index(cur.Preds, pred)
	var out []ssa.Value
	for _, instr := range cur.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break // phis come first
		}
		if i >= 0 && i < len(phi.Edges) && slices.Contains(carried, phi.Edges[i]) {
			out = append(out, phi)
		}
	}
	return out
}

// passJoin reports where cur, a block that received carried (known
// non-nil errors) in phis, sends them: fails when it returns one (also
// through the result slot of a function that defers: *r = err; rundefers;
// return *r); next when it only jumps on, or only tests one against nil;
// ok false when it does anything else.
func passJoin(cur *ssa.BasicBlock, carried []ssa.Value) (next *ssa.BasicBlock, fails, ok bool) {
	carried = slices.Clip(carried) // appended to below: a copy
	var test *ssa.BinOp
	var slot *ssa.Alloc
	for _, instr := range cur.Instrs {
		switch instr := instr.(type) {
		case *ssa.Phi, *ssa.RunDefers, *ssa.DebugRef:
		case *ssa.Store:
			a, isSlot := instr.Addr.(*ssa.Alloc)
			if !isSlot || !slices.Contains(carried, instr.Val) {
				return nil, false, false
			}
			slot = a
		case *ssa.UnOp:
			if slot == nil || instr.Op != token.MUL || instr.X != slot {
				return nil, false, false
			}
			carried = append(carried, instr)
		case *ssa.BinOp:
			if test != nil || !nilTestOf(instr, carried) {
				return nil, false, false
			}
			test = instr
		case *ssa.Return:
			return nil, slices.ContainsFunc(instr.Results, func(v ssa.Value) bool { return slices.Contains(carried, v) }), false
		case *ssa.Jump:
			return cur.Succs[0], false, test == nil
		case *ssa.If:
			if test == nil || instr.Cond != test {
				return nil, false, false
			}
			if test.Op == token.NEQ {
				return cur.Succs[0], false, true
			}
			return cur.Succs[1], false, true
		default:
			return nil, false, false
		}
	}
	return nil, false, false
}

// nilTestOf reports whether op compares one of carried with nil.
func nilTestOf(op *ssa.BinOp, carried []ssa.Value) bool {
	if op.Op != token.EQL && op.Op != token.NEQ {
		return false
	}
	return (isNilConst(op.Y) && slices.Contains(carried, op.X)) || (isNilConst(op.X) && slices.Contains(carried, op.Y))
}

// endsByItself reports whether loop l has a condition or ranges over a
// finite collection, which go/ssa says in the name it gives l's header
// (builder.go: forStmt, rangeIndexed, rangeInt, rangeIter); its header then
// leaves the loop. A header go/ssa names otherwise ("for.body" for for {},
// "rangechan.loop") is not taken to end.
func endsByItself(l *loops.Loop) bool {
	switch l.Header.Comment {
	case "for.loop", "rangeindex.loop", "rangeint.loop", "rangeiter.loop":
		return slices.ContainsFunc(l.Header.Succs, func(s *ssa.BasicBlock) bool { return !l.Contains(s) })
	}
	return false
}

// endsInFailure reports whether b's last instruction is a panic (go/ssa also
// puts one after a call ctrlflow knows never returns), follows a call that
// never returns by its name, or is a failure return.
func endsInFailure(fn *ssa.Function, b *ssa.BasicBlock, ctors map[*ssa.Function]bool, errBranches map[*ssa.BasicBlock]bool) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	switch last := b.Instrs[len(b.Instrs)-1].(type) {
	case *ssa.Panic:
		// go/ssa's panic after a call that never returns (call; t =
		// make any <- "noreturn"; panic t): os.Exit(0) is the program's
		// normal end.
		return len(b.Instrs) < 3 || !exitsSuccessfully(b.Instrs[len(b.Instrs)-3])
	case *ssa.Return:
		return failureReturn(fn, b, last, ctors, errBranches)
	}
	for _, instr := range b.Instrs {
		if call, ok := instr.(ssa.CallInstruction); ok && neverReturns(call.Common()) {
			return !exitsSuccessfully(instr)
		}
	}
	return false
}

// exitsSuccessfully reports whether instr is a call of os.Exit(0) (or
// syscall.Exit(0)).
func exitsSuccessfully(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok || len(call.Call.Args) != 1 {
		return false
	}
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Name() != "Exit" || fn.Pkg == nil || (fn.Pkg.Pkg.Path() != "os" && fn.Pkg.Pkg.Path() != "syscall") {
		return false
	}
	k, ok := call.Call.Args[0].(*ssa.Const)
	return ok && k.Int64() == 0
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
func failureReturn(fn *ssa.Function, b *ssa.BasicBlock, ret *ssa.Return, ctors map[*ssa.Function]bool, errBranches map[*ssa.BasicBlock]bool) bool {
	results := fn.Signature.Results()
	sawError := false
	for i, v := range ret.Results {
		if i >= results.Len() || !isErrorType(results.At(i).Type()) {
			continue
		}
		v = stored(b, ret, v)
		if isNilConst(v) {
			return false
		}
		sawError = true
		if knownNonNil(v, ctors) {
			return true
		}
	}
	return sawError && dominatedByAny(b, errBranches)
}

// stored returns, for a result v that is a load of the function's result
// slot (go/ssa returns through one when the function defers or names its
// results: *r = err; rundefers; return *r), the value last stored into
// the slot in b before ret; v itself otherwise.
func stored(b *ssa.BasicBlock, ret *ssa.Return, v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	slot, ok := load.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	last := v
	for _, instr := range b.Instrs {
		if instr == ret {
			break
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == slot {
			last = st.Val
		}
	}
	return last
}

// constructors returns the functions of funcs that always return a non-nil
// error as their last result (wrap(format, args...) error { return
// fmt.Errorf(...) }): a call of one is known non-nil like fmt.Errorf.
func constructors(funcs []*ssa.Function) map[*ssa.Function]bool {
	ctors := map[*ssa.Function]bool{}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if !ctors[fn] && alwaysFails(fn, ctors) {
				ctors[fn] = true
				changed = true
			}
		}
	}
	return ctors
}

// alwaysFails reports whether every return of fn returns a known non-nil
// error as its last result, and fn has at least one return.
func alwaysFails(fn *ssa.Function, ctors map[*ssa.Function]bool) bool {
	results := fn.Signature.Results()
	if results.Len() == 0 || !isErrorType(results.At(results.Len()-1).Type()) {
		return false
	}
	returns := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if len(ret.Results) == 0 || !knownNonNil(stored(b, ret, ret.Results[len(ret.Results)-1]), ctors) {
				return false
			}
			returns++
		}
	}
	return returns > 0
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// knownNonNil reports whether v, an error, cannot be nil: a concrete value
// converted to error, a call of an error constructor (fmt.Errorf,
// errors.New, any function named Errorf or Newf, one of ctors) or of a
// function given such an error (a wrapper), or a load of a package-level
// Err* variable (a sentinel).
func knownNonNil(v ssa.Value, ctors map[*ssa.Function]bool) bool {
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return true
	case *ssa.Call:
		// A call that wraps a non-nil error (d.keyedError(expr,
		// fmt.Errorf(...)), errors.Wrap) returns one.
		for _, arg := range v.Call.Args {
			if isErrorType(arg.Type()) && knownNonNil(arg, ctors) {
				return true
			}
		}
		fn := v.Call.StaticCallee()
		if fn == nil {
			return false
		}
		if ctors[fn] || fn.Name() == "Errorf" || fn.Name() == "Newf" {
			return true
		}
		return fn.Pkg != nil && fn.Name() == "New" && strings.HasSuffix(fn.Pkg.Pkg.Path(), "errors")
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			name := strings.TrimPrefix(g.Name(), "err")
			return strings.HasPrefix(name, "Err") || name != g.Name()
		}
	}
	return false
}

// nilTest is the branch of an if on `x != nil` (or `x == nil`'s else)
// for an error x, or for the result of recover.
type nilTest struct {
	branch    *ssa.BasicBlock // the block the branch starts with (its only predecessor is the if)
	x         ssa.Value
	recovered bool // x is recover()'s result
}

// nilTests returns fn's branches on a non-nil error or recovered value, in
// block order.
func nilTests(fn *ssa.Function) []nilTest {
	var out []nilTest
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 {
			continue
		}
		ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || (cond.Op != token.NEQ && cond.Op != token.EQL) {
			continue
		}
		x, y := cond.X, cond.Y
		if isNilConst(x) {
			x, y = y, x
		}
		if !isNilConst(y) {
			continue
		}
		branch := b.Succs[0]
		if cond.Op == token.EQL {
			branch = b.Succs[1]
		}
		if len(branch.Preds) != 1 {
			continue
		}
		switch {
		case isRecovered(x):
			out = append(out, nilTest{branch, x, true})
		case isError(x.Type()):
			out = append(out, nilTest{branch, x, false})
		}
	}
	return out
}

// markDominated marks cold every block that b dominates.
func markDominated(b *ssa.BasicBlock, cold []Cause) {
	stack := []*ssa.BasicBlock{b}
	for len(stack) > 0 {
		d := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if cold[d.Index] == NotCold {
			cold[d.Index] = Failure
		}
		stack = append(stack, d.Dominees()...)
	}
}

// dominatedByAny reports whether one of branches dominates b.
func dominatedByAny(b *ssa.BasicBlock, branches map[*ssa.BasicBlock]bool) bool {
	if len(branches) == 0 {
		return false
	}
	for d := b; d != nil; d = d.Idom() {
		if branches[d] {
			return true
		}
	}
	return false
}

// isRecovered reports whether v is the result of the recover builtin.
func isRecovered(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "recover"
}

// isError reports whether t is error, or an interface that has its
// method.
func isError(t types.Type) bool {
	if isErrorType(t) {
		return true // the common case, without a method set lookup
	}
	errorIface := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	return types.IsInterface(t) && types.Implements(t, errorIface)
}

// reported reports whether v, or what is made of it (an interface, its
// Error string), is an argument of a call, or stored, in a block that d
// dominates.
func reported(d *ssa.BasicBlock, v ssa.Value, depth int) bool {
	if depth > 3 || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		if r.Block() == nil || !d.Dominates(r.Block()) {
			continue
		}
		switch r := r.(type) {
		case ssa.CallInstruction:
			c := r.Common()
			if c.IsInvoke() && c.Value == v {
				// err.Error(): what is done with the string.
				if call, ok := r.(*ssa.Call); ok && reported(d, call, depth+1) {
					return true
				}
				continue
			}
			return true
		case *ssa.MakeInterface:
			if reported(d, r, depth+1) {
				return true
			}
		case *ssa.ChangeInterface:
			if reported(d, r, depth+1) {
				return true
			}
		case *ssa.Store:
			return r.Val == v // into a call's ...any, a field, a variable
		}
	}
	return false
}
