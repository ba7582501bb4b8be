// Package escape answers, for heaplint's checks, the question the compiler's
// escape analysis answers: does the object an SSA value refers to (an
// interface box, a closure, a new(T) or &T{}, a make result) outlive its
// function, and if so, where does it escape to?
//
// # Contract
//
// [Result.Of](v) reports whether what v refers to escapes the function that
// defines v, and the first site on the way: a call argument whose parameter
// leaks, a store through a pointer, into a global, a map, a slice element or
// a parameter's field, a return, a channel send, a go statement, a defer in
// a loop, a panic, an append, or a call whose callee is unknown (interface
// methods and func values: their arguments escape, as the compiler assumes).
// Site.Via names the closure or interface box through which it escapes when
// the value was captured or boxed on the way.
//
// The model is the compiler's (cmd/compile/internal/escape), on SSA instead
// of IR: every value is a location, a flow "dst = *^k src" is an edge with a
// dereference count k (-1 for an address, +1 for a load), an allocation is a
// location whose address is its SSA value, and a location escapes when its
// address reaches the heap or a result. As in the compiler, a store through
// anything but a local variable's own address (a pointer, a slice element, a
// parameter's field, a global) sends the stored value to the heap, and the
// arguments of unknown callees escape. Values are followed through Phi,
// ChangeType, ChangeInterface, Convert, Slice, FieldAddr and IndexAddr,
// loads and stores of local variables, Extract, TypeAssert, append results
// and the results of calls whose parameters flow to their results.
//
// Calls are resolved with per-function parameter summaries (the compiler's
// "leaking param" tags): computed from SSA for the functions of the package,
// recursion included (iterated to a fixed point per strongly connected
// component), and for synthetic wrappers on demand; for other packages, from
// the table of standard library summaries in table.go; any other callee's
// arguments are assumed to escape, as for an unknown callee.
//
// # Cost
//
// Analyzer runs once per package, for all checks: one graph per function,
// linear in its instructions, walked from the heap and from the results with
// the compiler's shortest-dereference walk (a location is revisited only when
// its dereference count drops, at most maxLevel+1 times, almost always
// once). Functions in a recursive cycle are rebuilt until their summaries
// stop changing, typically twice. Of is a map lookup plus a walk up one path
// to describe the site. The Result is read-only and safe for concurrent use.
//
// # Differences from the compiler
//
// No inlining (a callee the compiler inlines may keep its argument on the
// stack where its summary says it leaks), no devirtualization, no loop-depth
// "outlives" rule (an address stored into a variable declared outside the
// loop), no size limits (large or variable-size objects are heap allocated
// whether they escape or not), and a store through a pointer to a
// local allocation (p := &T{}; p.f = v) stays local here where the compiler
// sends v to the heap.
package escape

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Kind is what made a value escape: the last step on its way to the heap.
type Kind uint8

// The kinds of escape site.
const (
	None    Kind = iota
	Call         // an argument (or receiver) of a call whose parameter leaks
	Dynamic      // an argument of a call through an interface or a func value, or of an unknown callee
	Store        // stored through a pointer, into a slice element or into a parameter's field
	Global       // stored into a package-level variable
	MapPut       // a key or value stored into a map
	Return       // returned from the function
	Send         // sent on a channel
	Go           // an argument of a go statement
	Defer        // an argument of a defer inside a loop
	Panic        // passed to panic
	Append       // appended to a slice, or a slice appended to
)

var kindNames = [...]string{"none", "call", "dynamic call", "store", "global", "map", "return", "send", "go", "defer", "panic", "append"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Site is where a value escapes.
type Site struct {
	Kind  Kind
	Instr ssa.Instruction // the call, store, return, send, go, defer, panic or map update
	Pos   token.Pos       // Instr's position, or NoPos (see ssapos)
	Desc  string          // e.g. "fmt.Println's argument", "a store into global cache"

	// Via is the closure (*ssa.MakeClosure) or interface box
	// (*ssa.MakeInterface, or a generic ChangeType to an interface) through
	// which the value escapes when it was captured or boxed on the way;
	// nil when it escapes directly.
	Via ssa.Value
}

func (s Site) String() string {
	switch v := s.Via.(type) {
	case *ssa.MakeClosure:
		return "captured by a closure that escapes through " + s.Desc
	case nil:
		return s.Desc
	default:
		_ = v
		return "converted to an interface that escapes through " + s.Desc
	}
}

// Analyzer computes the escape information of every source function of a
// package, once, for all checks. It is config-free and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "heaplintescape",
	Doc:        "compute which SSA values escape their function, and per-function parameter escape summaries, for heaplint's checks",
	URL:        "https://pkg.go.dev/github.com/heaplint/heaplint/internal/escape",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	Run: func(pass *analysis.Pass) (any, error) {
		ssainput := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		return Analyze(ssainput.Pkg.Pkg, ssainput.SrcFuncs), nil
	},
}

// Result is the escape information of one package's functions. It is
// read-only after Analyze returns.
type Result struct {
	pkg       *types.Package
	funcs     map[*ssa.Function]*funcInfo
	summaries map[*ssa.Function]*Summary // source functions, and callees looked up so far
	src       map[*ssa.Function]bool
}

// Of reports whether what v refers to escapes the function defining v, and
// the first site where it does. For an allocation (Alloc, MakeInterface of a
// value that is not pointer-shaped, MakeClosure, MakeSlice, MakeMap,
// MakeChan) this is the compiler's "escapes to heap"/"moved to heap"; for any
// other value it is whether the flows starting at v make its referent
// escape. Values of functions that were not analyzed (not source functions
// of the package) report false.
func (r *Result) Of(v ssa.Value) (Site, bool) {
	fn := parentOf(v)
	fi := r.funcs[fn]
	if fi == nil {
		return Site{}, false
	}
	n, ok := fi.nodes[v]
	if !ok {
		return Site{}, false
	}
	return fi.site(r, n)
}

// Summary returns the parameter summary of fn, a source function of the
// package (or a synthetic wrapper it calls), or nil.
func (r *Result) Summary(fn *ssa.Function) *Summary {
	return r.summaries[fn]
}

func parentOf(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case ssa.Instruction:
		return v.Parent()
	case *ssa.Parameter:
		return v.Parent()
	case *ssa.FreeVar:
		return v.Parent()
	}
	return nil
}
