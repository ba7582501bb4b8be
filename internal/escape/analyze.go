package escape

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/ssa"
)

// maxRounds bounds the fixed-point iteration of a recursive cycle; a cycle
// that has not settled by then keeps its last summaries.
const maxRounds = 8

// Analyze computes the escape information of funcs, the source functions of
// pkg (buildssa's SrcFuncs: anonymous functions included). Callees are
// analyzed before their callers; the functions of a recursive cycle are
// analyzed together until their summaries stop changing.
func Analyze(pkg *types.Package, funcs []*ssa.Function) *Result {
	return AnalyzeImports(pkg, funcs, nil)
}

// AnalyzeImports is Analyze with summaries of other packages' functions
// from imported (nil: none), used when the standard library table has no
// entry. imported may return nil for an unknown function.
func AnalyzeImports(pkg *types.Package, funcs []*ssa.Function, imported func(*ssa.Function) *Summary) *Result {
	r := newResult(pkg, funcs, imported)
	r.analyze(funcs)
	return r
}

func newResult(pkg *types.Package, funcs []*ssa.Function, imported func(*ssa.Function) *Summary) *Result {
	r := &Result{
		imported:  imported,
		pkg:       pkg,
		funcs:     make(map[*ssa.Function]*funcInfo, len(funcs)),
		summaries: make(map[*ssa.Function]*Summary, len(funcs)),
		src:       make(map[*ssa.Function]bool, len(funcs)),
	}
	for _, fn := range funcs {
		r.src[fn] = true
	}
	return r
}

// analyze builds the graphs of funcs, callees first.
func (r *Result) analyze(funcs []*ssa.Function) {
	r.analyzeWith(funcs, func(fn *ssa.Function) []*ssa.Function { return callees(fn, r.src) })
}

// analyzeWith is analyze with the call graph among funcs given.
func (r *Result) analyzeWith(funcs []*ssa.Function, calleesOf func(*ssa.Function) []*ssa.Function) {
	b := &builder{r: r}
	for _, scc := range sccs(funcs, calleesOf) {
		for round := 0; ; round++ {
			changed := false
			for _, fn := range scc {
				if fn.Blocks == nil {
					// Declared without a body (assembly): only
					// //go:noescape says its parameters stay put.
					r.summaries[fn] = bodyless(fn)
					continue
				}
				b.reset(fn)
				b.build()
				fi := b.finish()
				if old := r.summaries[fn]; old == nil || !old.equal(fi.summary) {
					changed = true
				}
				r.summaries[fn] = fi.summary
				r.funcs[fn] = fi
			}
			if !changed || round == maxRounds || (len(scc) == 1 && !selfCalls(scc[0])) {
				break
			}
		}
	}
}

// inSource reports whether fn's summary is computed from its code here:
// a source function of r, or of r's base.
func (r *Result) inSource(fn *ssa.Function) bool {
	return r.src[fn] || (r.base != nil && r.base.src[fn])
}

// summaryOf returns the summary to apply at a call of fn.
func (r *Result) summaryOf(fn *ssa.Function) *Summary {
	if o := fn.Origin(); o != nil {
		fn = o // an instance behaves as its generic body
	}
	if r.src[fn] {
		return r.summaries[fn] // nil (nothing leaks yet) inside a cycle's first round
	}
	if r.base != nil && r.base.src[fn] {
		return r.base.summaries[fn] // read-only by now
	}
	if s, ok := r.summaries[fn]; ok {
		return s
	}
	nparams := fn.Signature.Params().Len()
	if fn.Signature.Recv() != nil {
		nparams++
	}
	if fn.Synthetic != "" && fn.Blocks != nil {
		// A wrapper (bound method, thunk, promoted method): analyze it
		// on demand, assuming the worst while it is on the stack.
		r.summaries[fn] = allLeak(nparams + len(fn.FreeVars))
		b := &builder{r: r}
		b.reset(fn)
		b.build()
		fi := b.finish()
		r.funcs[fn] = fi // for unknownVia
		r.summaries[fn] = fi.summary
		return fi.summary
	}
	if s := lookupTable(fn); s != nil {
		r.summaries[fn] = s
		return s
	}
	if r.imported != nil {
		if s := r.imported(fn); s != nil {
			r.summaries[fn] = s
			return s
		}
	}
	s := unknownLeak(nparams + len(fn.FreeVars))
	r.summaries[fn] = s
	return s
}

// unknownVia returns the function of another module through which
// parameter i of callee leaks by assumption: callee itself when nothing is
// known of it, else the one its summary was computed through.
func (r *Result) unknownVia(callee *ssa.Function, i int) *ssa.Function {
	origin := callee
	if o := callee.Origin(); o != nil {
		origin = o
	}
	for res := r; res != nil; res = res.base {
		if fi := res.funcs[origin]; fi != nil {
			if i < len(fi.unknownVia) {
				return fi.unknownVia[i]
			}
			return nil
		}
		if res.src[origin] {
			return nil // in a recursive cycle's first round
		}
	}
	return callee
}

// bodyless is the summary of a function declared without a body.
func bodyless(fn *ssa.Function) *Summary {
	n := fn.Signature.Params().Len()
	if fn.Signature.Recv() != nil {
		n++
	}
	if decl, ok := fn.Syntax().(*ast.FuncDecl); ok && decl.Doc != nil {
		for _, c := range decl.Doc.List {
			if strings.HasPrefix(c.Text, "//go:noescape") {
				return &Summary{Params: make([]Leak, n)}
			}
		}
	}
	return allLeak(n)
}

// sccs returns the strongly connected components of the static call graph
// among funcs, callees before callers, in a deterministic order (Tarjan's
// algorithm, started from funcs in order, edges in instruction order).
func sccs(funcs []*ssa.Function, calleesOf func(*ssa.Function) []*ssa.Function) [][]*ssa.Function {
	index := make(map[*ssa.Function]int, len(funcs))
	low := make(map[*ssa.Function]int, len(funcs))
	onStack := make(map[*ssa.Function]bool)
	var stack []*ssa.Function
	var out [][]*ssa.Function
	next := 0
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		index[fn], low[fn] = next, next
		next++
		stack = append(stack, fn)
		onStack[fn] = true
		for _, c := range calleesOf(fn) {
			if _, seen := index[c]; !seen {
				visit(c)
				low[fn] = min(low[fn], low[c])
			} else if onStack[c] {
				low[fn] = min(low[fn], index[c])
			}
		}
		if low[fn] == index[fn] {
			var scc []*ssa.Function
			for {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[top] = false
				scc = append(scc, top)
				if top == fn {
					break
				}
			}
			out = append(out, scc)
		}
	}
	for _, fn := range funcs {
		if _, seen := index[fn]; !seen {
			visit(fn)
		}
	}
	return out
}

// callees returns the functions among in whose summaries fn uses: static
// callees and the bodies of the closures it makes.
func callees(fn *ssa.Function, in map[*ssa.Function]bool) []*ssa.Function {
	var out []*ssa.Function
	add := func(c *ssa.Function) {
		if c == nil {
			return
		}
		if o := c.Origin(); o != nil {
			c = o
		}
		if in[c] {
			out = append(out, c)
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case ssa.CallInstruction:
				add(in.Common().StaticCallee())
			case *ssa.MakeClosure:
				add(in.Fn.(*ssa.Function))
			}
		}
	}
	return out
}

func selfCalls(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok {
				callee := c.Common().StaticCallee()
				if callee != nil && (callee == fn || callee.Origin() == fn) {
					return true
				}
			}
		}
	}
	return false
}

// site describes the escape of node n, or reports that it does not escape.
func (fi *funcInfo) site(r *Result, n int32) (Site, bool) {
	w := &fi.heap
	if w.derefs[n] > 0 {
		w = &fi.ret
	}
	if w.derefs[n] > 0 {
		w = &fi.unknown
	}
	if w.derefs[n] > 0 {
		return Site{}, false
	}
	// Follow the path toward the root; the first closure or box on it is
	// what carried the value there.
	var via ssa.Value
	cur := n
	for steps := 0; w.parent[cur] >= nRoots && steps < len(w.parent); steps++ {
		cur = w.parent[cur]
		if via == nil && fi.obj[cur] {
			switch v := fi.vals[cur].(type) {
			case *ssa.MakeClosure, *ssa.MakeInterface, *ssa.ChangeType:
				via = v
			}
		}
	}
	si := w.site[cur]
	if si < 0 {
		return Site{}, false // a broken path: cannot happen
	}
	rec := fi.sites[si]
	s := Site{Kind: rec.kind, Instr: rec.instr, Pos: ssapos.Pos(rec.instr), Via: via}
	if w == &fi.unknown {
		s.Unknown = rec.unknown
	}
	s.Desc = r.describe(rec)
	return s, true
}

// describe words a site for a message, e.g. "fmt.Println's argument".
func (r *Result) describe(rec siteRec) string {
	switch rec.kind {
	case Call:
		if _, ok := rec.instr.(*ssa.MakeClosure); ok {
			return "the body of " + r.funcName(rec.callee)
		}
		return r.funcName(rec.callee) + "'s argument"
	case Dynamic:
		if rec.what != "" {
			return "a call of interface method " + rec.what
		}
		return "a call through a func value"
	case Store:
		return "a store into " + rec.what
	case Global:
		return "a store into global " + rec.what
	case MapPut:
		return "a map " + rec.what
	case Return:
		return "a return"
	case Send:
		return "a channel send"
	case Go:
		return "a go statement"
	case Defer:
		return "a defer inside a loop"
	case Panic:
		return "a panic"
	case Append:
		switch rec.what {
		case "copy":
			return "copy"
		case "appendee":
			return "append, when it grows the slice"
		}
		return "append"
	}
	return rec.kind.String()
}

// funcName names fn the way a reader wrote it: pkg.F, (*pkg.T).M, or F and
// (*T).M inside its own package; "a function literal in F" for closures.
func (r *Result) funcName(fn *ssa.Function) string {
	if fn == nil {
		return "a function"
	}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if p := fn.Parent(); p != nil {
		return "a function literal in " + r.funcName(p)
	}
	qual := func(p *types.Package) string {
		if p == r.pkg {
			return ""
		}
		return p.Name()
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj != nil {
		sig := obj.Signature()
		if recv := sig.Recv(); recv != nil {
			return "(" + types.TypeString(recv.Type(), qual) + ")." + obj.Name()
		}
		if obj.Pkg() != nil && obj.Pkg() != r.pkg {
			return obj.Pkg().Name() + "." + obj.Name()
		}
		return obj.Name()
	}
	return fn.Name()
}
