// Package hotness tells, for every block of a package's SSA functions, how
// often it runs: cold (on a failure path, at init, once in main, or only
// reached from such code), warm (once per call of its function) or hot
// (inside a loop). The report path applies it to every finding of every
// check, so that a check never decides hotness itself.
//
// Cold, for a block:
//   - every path from it ends in a panic, a call that never returns
//     (os.Exit, log.Fatal*, log.Panic*, the same methods of a *log.Logger,
//     a test's Fatal*, Skip*, FailNow, SkipNow, runtime.Goexit: go/ssa ends
//     the block after such a call with a panic, from ctrlflow's facts, and
//     the calls are also recognized by name through interfaces such as
//     testing.TB), or a failure return: a return whose error result is not
//     the nil constant and is either known non-nil (a concrete value
//     converted to error, fmt.Errorf, errors.New, a package-level Err*
//     variable) or returned under an `err != nil` test (the block is
//     dominated by the branch where some error value is not nil). A block
//     that makes a known non-nil error and jumps with it into joins that
//     only return it or test it against nil (err = fmt.Errorf(...) before
//     a shared `return err` or `if err != nil`) goes where the error
//     takes it. A loop
//     on the way counts when it is taken to end (it has a condition, or
//     ranges over a slice, array, string, map or integer) and every edge
//     out of it leads to such an end: the loop that prints a usage
//     message before os.Exit(2). os.Exit(0) is the program's normal end,
//     not a failure;
//   - it is the recover block of its function, or under `recover() != nil`
//     (it only runs after a panic);
//   - it is in the branch of an `err != nil` test that reports err (passes
//     it, or err.Error(), to a call: logs, wraps, prints or collects it),
//     whether the branch then returns or goes on: it runs once per
//     failure. A branch that does nothing with err (a cache miss that
//     computes the value) is not cold;
//   - it belongs to an init function, the package initializer, or an Error
//     method (formatting an error runs once per failure: of the 50 Error
//     methods outside tests in twelve popular modules (BurntSushi/toml, gin,
//     chi, goccy/go-json, go-toml, logrus, zap, yaml.v3, miekg/dns, gjson,
//     fasthttp, validator), a random 40 read one by one all build the
//     message of a failure that is being returned, logged or printed);
//   - its function is only called, in the package, from cold blocks, and
//     cannot be called from elsewhere: unexported, never used as a value,
//     and, for a method, no interface of the package has its name.
//
// Once: the blocks of main.main outside loops run once per program, and so
// do those of functions called only from such blocks (their loops stay hot).
// They count as cold: one-shot setup is not worth changing.
//
// String methods are warm: of the 163 in the same modules, a random 40
// read one by one were 26 that format (and allocate) and 14 that return a
// constant per value; they serve logging, keys and serialization on hot
// paths as often as failure messages, so their callers decide.
//
// Hot: inside a loop of its function (the body of a range-over-func loop
// counts as a loop), or inside a loop of the caller for a function literal
// called where it is made (func(){...}() and defer func(){...}()).
//
// Analyzer computes all of this once per package for every check, in time
// linear in the package's instructions (one pass to collect calls, then a
// fixpoint over functions whose work is bounded by the call sites).
package hotness

import (
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strconv"

	"github.com/heaplint/heaplint/internal/loops"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer is a helper: it reports nothing and returns a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "heaplinthotness",
	Doc:        "classify every block of the package's SSA functions as cold, warm or hot, for heaplint's report path",
	URL:        "https://pkg.go.dev/github.com/heaplint/heaplint/internal/hotness",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run: func(pass *analysis.Pass) (any, error) {
		ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		funcs := ssainput.SrcFuncs
		if init := ssainput.Pkg.Func("init"); init != nil {
			funcs = withLiterals(slices.Clip(funcs), init)
		}
		return Compute(pass.Pkg, funcs, pass.ResultOf[loops.Analyzer].(*loops.Result)), nil
	},
}

// Heat is how often a block runs.
type Heat uint8

const (
	Warm Heat = iota // once per call of its function
	Hot              // on each iteration of a loop
	Cold             // on a failure path, at init, or once per program
)

func (h Heat) String() string {
	switch h {
	case Hot:
		return "hot"
	case Cold:
		return "cold"
	}
	return "warm"
}

// Cause says why a block is cold.
type Cause uint8

const (
	NotCold     Cause = iota
	Failure           // every path ends in a panic, an exit or a failure return; or the recover block
	Init              // an init function or the package initializer
	ErrorMethod       // an Error method: it formats a failure
	ColdCallers       // the function is only called from cold code
	Once              // main.main outside loops, or code only it calls
)

// Hotness is what the report path needs to know of a block.
type Hotness struct {
	Heat      Heat
	LoopDepth int   // the loops around the block (range-over-func bodies included); 0 unless Hot
	Cause     Cause // NotCold unless Cold
	// Sometimes is, for a hot block, that it runs on some iterations of
	// its innermost loop only (under an if, in a switch's case): "inside a
	// loop" rather than "on each iteration".
	Sometimes bool
	// CalledInLoop is, for a warm block, a call of its function from a
	// loop of another function of the package: the block runs on each
	// iteration of that loop. Loops of benchmarks count, loops of tests
	// (over tables of cases) do not. Nil if there is none.
	CalledInLoop *Call
}

// Call is a static call of a function of the package.
type Call struct {
	Caller *ssa.Function
	Pos    token.Pos // the call's position; NoPos when the syntax is lost
	Depth  int       // the loop depth of the call in its caller
}

// Words says how often the block runs, for a message: "on each iteration",
// "on each iteration of 2 nested loops", "on each call", "on a failure
// path", "once, at init", "once per program".
func (h Hotness) Words() string {
	switch h.Heat {
	case Hot:
		switch {
		case h.Sometimes && h.LoopDepth > 1:
			return "inside " + strconv.Itoa(h.LoopDepth) + " nested loops"
		case h.Sometimes:
			return "inside a loop"
		case h.LoopDepth > 1:
			return "on each iteration of " + strconv.Itoa(h.LoopDepth) + " nested loops"
		}
		return "on each iteration"
	case Cold:
		switch h.Cause {
		case Init:
			return "once, at init"
		case Once:
			return "once per program"
		case ErrorMethod:
			return "when an error is formatted"
		case ColdCallers:
			return "in code reached only from failure paths or setup"
		}
		return "on a failure path"
	}
	if c := h.CalledInLoop; c != nil {
		return "on each call, and " + funcName(c.Caller) + " calls it in a loop"
	}
	return "on each call"
}

// funcName names a function of the package for a message: F, (*T).M, or
// the literal's parent and "a function literal in" it.
func funcName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "a function literal in " + funcName(fn.Parent())
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t, star = p.Elem(), "*"
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return "(" + star + n.Obj().Name() + ")." + fn.Name()
		}
	}
	return fn.Name()
}

// Result holds the hotness of every block of a package's functions. It is
// read-only once computed, so checks running in parallel may share it.
type Result struct {
	loops *loops.Result
	funcs map[*ssa.Function]*funcInfo
}

type funcInfo struct {
	cold     []Cause // by block index: intrinsic coldness (failure paths)
	state    state   // what the function's callers make of it
	cause    Cause   // for a function cold as a whole
	inLoop   *Call   // a call of the function inside a loop, if any
	inlineAt ssa.Instruction
	// inlineAt is, for a function literal called only where it is made,
	// that call: its blocks take the caller's hotness.
}

// state is what a function's callers (or its kind) make of all its blocks.
type state uint8

const (
	normal   state = iota
	onceOnly       // its blocks outside loops run once per program
	coldAll        // every block is cold
)

// Of returns the hotness of b, a block of one of the package's functions.
// Blocks of other functions are warm.
func (r *Result) Of(b *ssa.BasicBlock) Hotness {
	if r == nil || b == nil {
		return Hotness{}
	}
	fn := b.Parent()
	fi := r.funcs[fn]
	if fi == nil {
		return Hotness{}
	}
	if fi.state == coldAll {
		return Hotness{Heat: Cold, Cause: fi.cause}
	}
	if b.Index < len(fi.cold) && fi.cold[b.Index] != NotCold {
		return Hotness{Heat: Cold, Cause: fi.cold[b.Index]}
	}
	depth := r.loops.DepthIn(fn, b)
	if fi.inlineAt != nil {
		// A literal called where it is made runs as often as that call.
		outer := r.Of(fi.inlineAt.Block())
		if outer.Heat == Cold {
			return outer
		}
		outer.LoopDepth += depth
		if outer.LoopDepth > 0 {
			outer.Heat, outer.CalledInLoop = Hot, nil
		}
		return outer
	}
	if depth > 0 {
		return Hotness{Heat: Hot, LoopDepth: depth, Sometimes: !everyIteration(r.loops.Of(fn).Innermost(b), b)}
	}
	if fi.state == onceOnly {
		return Hotness{Heat: Cold, Cause: Once}
	}
	return Hotness{Heat: Warm, CalledInLoop: fi.inLoop}
}

// everyIteration reports whether b runs on every iteration of loop l (nil
// for a range-over-func body, which is itself the iteration): b dominates
// every block that jumps back to the header.
func everyIteration(l *loops.Loop, b *ssa.BasicBlock) bool {
	if l == nil {
		return true
	}
	for _, latch := range l.Header.Preds {
		if l.Contains(latch) && !b.Dominates(latch) {
			return false
		}
	}
	return true
}

// CalledInLoop returns a call of fn from a loop of another function of the
// package, or nil: a check that reports what fn allocates on each call
// (and could reuse) asks whether fn is hot through its callers.
func (r *Result) CalledInLoop(fn *ssa.Function) *Call {
	if r == nil {
		return nil
	}
	if fi := r.funcs[fn]; fi != nil {
		return fi.inLoop
	}
	return nil
}

// Compute classifies the blocks of funcs (a package's source functions,
// function literals included), whose loops lps holds.
func Compute(pkg *types.Package, funcs []*ssa.Function, lps *loops.Result) *Result {
	r := &Result{loops: lps, funcs: make(map[*ssa.Function]*funcInfo, len(funcs))}
	ctors := constructors(funcs)
	for _, fn := range funcs {
		r.funcs[fn] = &funcInfo{cold: failurePaths(fn, ctors, lps.Of(fn))}
	}
	r.propagate(pkg, collectCalls(r.funcs, funcs))
	return r
}

// withLiterals appends fn and the function literals nested in it.
func withLiterals(funcs []*ssa.Function, fn *ssa.Function) []*ssa.Function {
	funcs = append(funcs, fn)
	for _, anon := range fn.AnonFuncs {
		funcs = withLiterals(funcs, anon)
	}
	return funcs
}
