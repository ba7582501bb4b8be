package escape

import (
	"go/token"
	"go/types"
	"slices"

	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/ssa"
)

// The graph of one function: locations (SSA values, the objects of
// allocations, and the roots) and flows between them.

const (
	heapNode    int32 = 0 // the heap root
	retNode     int32 = 1 // all results, for Of
	unknownNode int32 = 2 // what other modules' functions are assumed to keep (see Site.Unknown)
	nRoots            = 3

	unreached = int8(127)
	maxDerefs = int8(maxLevel - 1)
)

// An edge is a flow src → dst: dst = *^derefs src (derefs -1 takes an
// address). Edges into a root carry the site that makes the flow.
type edge struct {
	src, dst int32
	derefs   int8
	site     int32 // index into sites, or -1
}

// siteRec is an escape site before it is described.
type siteRec struct {
	kind   Kind
	instr  ssa.Instruction
	callee *ssa.Function // Call: the callee whose parameter leaks
	what   string        // extra detail: the method, the global, the parameter

	// unknown, for a flow into the unknown root, is the function of
	// another module whose escape behaviour is assumed: callee itself, or
	// the function callee passes the argument on to.
	unknown *ssa.Function
}

// funcInfo is what Of needs about one function after analysis.
type funcInfo struct {
	fn    *ssa.Function
	nodes map[ssa.Value]int32
	vals  []ssa.Value // by node: the value, or for an object the allocation
	obj   []bool      // by node: an object location
	sites []siteRec

	heap    walk // from the heap root
	ret     walk // from the result root
	unknown walk // from the unknown root

	// unknownVia is, by parameter (free variables follow), the function
	// of another module through which the parameter leaks by assumption
	// only (Leak.Unknown); nil entries elsewhere, or a nil slice.
	unknownVia []*ssa.Function

	summary *Summary
}

// walk is the result of one walk from a root: for each node the least
// dereference count with which it reaches the root, the next node toward
// the root, and (for nodes next to the root) the site of the flow.
type walk struct {
	derefs []int8
	parent []int32
	site   []int32
}

// builder builds one function's graph. It is reused from function to
// function: nodes, vals and obj go to the function's funcInfo; edges,
// sites, rets and g are scratch.
type builder struct {
	r      *Result
	fn     *ssa.Function
	nodes  map[ssa.Value]int32
	vals   []ssa.Value
	obj    []bool
	edges  []edge
	sites  []siteRec
	rets   [][]int32 // by result index: the nodes returned there
	forest *loops.Forest
	loopsK bool
	g      csr
	locals []local // locate's scratch
}

func (b *builder) reset(fn *ssa.Function) {
	b.fn = fn
	b.edges = b.edges[:0]
	b.sites = b.sites[:0]
	b.rets = b.rets[:0]
	b.forest, b.loopsK = nil, false
	for range fn.Signature.Results().Len() {
		b.rets = append(b.rets, nil)
	}
	b.locate()
}

// locate gives every value of fn that can refer to memory its node, and
// every allocation its object node, before any flow is added: node is then
// a lookup, the map is sized once, and vals and obj are allocated at their
// final size (map inserts and growth were most of the cost of a graph).
func (b *builder) locate() {
	b.locals = b.locals[:0]
	count := 0
	forEachLocal(b.fn, func(v ssa.Value, isAlloc bool) {
		b.locals = append(b.locals, local{v, isAlloc})
		count++
		if isAlloc {
			count++
		}
	})
	b.nodes = make(map[ssa.Value]int32, len(b.locals))
	b.vals = make([]ssa.Value, nRoots, nRoots+count)
	b.obj = make([]bool, nRoots, nRoots+count)
	for _, l := range b.locals {
		n := int32(len(b.vals))
		b.nodes[l.v] = n
		if l.isAlloc {
			// The object's node follows its address's, and the
			// address flows from it.
			b.vals = append(b.vals, l.v, l.v)
			b.obj = append(b.obj, false, true)
			b.edges = append(b.edges, edge{src: n + 1, dst: n, derefs: -1, site: -1})
		} else {
			b.vals = append(b.vals, l.v)
			b.obj = append(b.obj, false)
		}
	}
}

// local is a value of the function being built that gets a node.
type local struct {
	v       ssa.Value
	isAlloc bool
}

// forEachLocal calls f for each parameter, free variable and instruction
// value of fn that can refer to memory, in order, saying whether it
// allocates an object of its own.
func forEachLocal(fn *ssa.Function, f func(v ssa.Value, isAlloc bool)) {
	for _, p := range fn.Params {
		if tracked(p.Type()) {
			f(p, false)
		}
	}
	for _, fv := range fn.FreeVars {
		if tracked(fv.Type()) {
			f(fv, false)
		}
	}
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			v, ok := instr.(ssa.Value)
			if !ok {
				continue
			}
			switch in := instr.(type) {
			case *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeClosure:
				f(v, true)
				continue
			case *ssa.MakeInterface:
				if !typeshape.PointerShaped(in.X.Type()) {
					f(v, true)
					continue
				}
			case *ssa.ChangeType:
				if isBoxing(in.X.Type(), in.Type()) {
					f(v, true)
					continue
				}
			}
			if tracked(v.Type()) {
				f(v, false)
			}
		}
	}
}

// tracked reports whether values of type t can refer to memory, so that
// their flows matter.
func tracked(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedString || u.Kind() == types.UntypedNil
	case *types.Tuple:
		for v := range u.Variables() {
			if tracked(v.Type()) {
				return true
			}
		}
		return false
	}
	return typeshape.HasPointers(t)
}

// node returns v's location, or -1 for values that refer to no memory of
// this function (constants, functions, globals, builtins, pointer-free
// values): locate made a node for every other value.
func (b *builder) node(v ssa.Value) int32 {
	if n, ok := b.nodes[v]; ok {
		return n
	}
	return -1
}

// objectOf returns the object node of the allocation v, or -1.
func (b *builder) objectOf(v ssa.Value) int32 {
	n, ok := b.nodes[v]
	if !ok || int(n+1) >= len(b.obj) || !b.obj[n+1] || b.vals[n+1] != v {
		return -1
	}
	return n + 1
}

func (b *builder) flow(dst int32, src ssa.Value, derefs int8) {
	if dst < 0 {
		return
	}
	if s := b.node(src); s >= 0 {
		b.edges = append(b.edges, edge{src: s, dst: dst, derefs: derefs, site: -1})
	}
}

// flowV adds dst = *^derefs src between two values.
func (b *builder) flowV(dst, src ssa.Value, derefs int8) {
	if d := b.node(dst); d >= 0 {
		b.flow(d, src, derefs)
	}
}

// escapes adds a flow of src into the heap root at the given site.
func (b *builder) escapes(src ssa.Value, derefs int8, s siteRec) {
	b.toRoot(heapNode, src, derefs, s)
}

// assumed adds a flow of src into the unknown root: src escapes if the
// function of another module s.unknown keeps it, which is not known.
func (b *builder) assumed(src ssa.Value, derefs int8, s siteRec) {
	b.toRoot(unknownNode, src, derefs, s)
}

func (b *builder) toRoot(root int32, src ssa.Value, derefs int8, s siteRec) {
	n := b.node(src)
	if n < 0 {
		return
	}
	b.sites = append(b.sites, s)
	b.edges = append(b.edges, edge{src: n, dst: root, derefs: derefs, site: int32(len(b.sites) - 1)})
}

func (b *builder) inLoop(blk *ssa.BasicBlock) bool {
	if !b.loopsK {
		b.forest, b.loopsK = loops.Find(b.fn), true
	}
	return b.forest.Depth(blk) > 0
}

func (b *builder) build() {
	for _, blk := range b.fn.Blocks {
		for _, instr := range blk.Instrs {
			b.instr(instr)
		}
	}
}

func (b *builder) instr(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.MakeClosure:
		o := b.objectOf(in)
		callee := in.Fn.(*ssa.Function)
		sum := b.r.summaryOf(callee)
		for i, bv := range in.Bindings {
			b.flow(o, bv, 0)
			leak := sum.Param(len(callee.Params) + i)
			lvl := leak.Heap
			for _, l := range leak.Results {
				// A result of the closure flows wherever its calls'
				// results go, which is not known here.
				if l != Never && (lvl == Never || l < lvl) {
					lvl = l
				}
			}
			if lvl != Never {
				b.escapes(bv, int8(lvl)-1, siteRec{kind: Call, instr: in, callee: callee})
			}
			if leak.Unknown != Never {
				j := len(callee.Params) + i
				b.assumed(bv, int8(leak.Unknown)-1, siteRec{kind: Call, instr: in, callee: callee, unknown: b.r.unknownVia(callee, j)})
			}
		}

	case *ssa.MakeInterface:
		if typeshape.PointerShaped(in.X.Type()) {
			b.flowV(in, in.X, 0)
		} else {
			b.flow(b.objectOf(in), in.X, 0)
		}

	case *ssa.ChangeType:
		if isBoxing(in.X.Type(), in.Type()) {
			b.flow(b.objectOf(in), in.X, 0)
		} else {
			b.flowV(in, in.X, 0)
		}

	case *ssa.ChangeInterface:
		b.flowV(in, in.X, 0)
	case *ssa.Convert:
		if refConvert(in.X.Type(), in.Type()) {
			b.flowV(in, in.X, 0)
		}
	case *ssa.MultiConvert:
		b.flowV(in, in.X, 0)
	case *ssa.SliceToArrayPointer:
		b.flowV(in, in.X, 0)
	case *ssa.Slice:
		b.flowV(in, in.X, 0)
	case *ssa.FieldAddr:
		b.flowV(in, in.X, 0)
	case *ssa.IndexAddr:
		b.flowV(in, in.X, 0)
	case *ssa.Field:
		b.flowV(in, in.X, 0)
	case *ssa.Index:
		b.flowV(in, in.X, 0)
	case *ssa.Phi:
		if d := b.node(in); d >= 0 {
			for _, e := range in.Edges {
				b.flow(d, e, 0)
			}
		}
	case *ssa.Extract:
		if _, ok := in.Tuple.(*ssa.Call); !ok {
			b.flowV(in, in.Tuple, 0)
		}
	case *ssa.Range:
		b.flowV(in, in.X, 0)
	case *ssa.Next:
		if !in.IsString {
			b.flowV(in, in.Iter, 1) // keys and values are the map's content
		}
	case *ssa.Lookup:
		if _, ok := in.X.Type().Underlying().(*types.Map); ok {
			b.flowV(in, in.X, 1)
		}
	case *ssa.TypeAssert:
		var d int8
		if !types.IsInterface(in.AssertedType) && !typeshape.PointerShaped(in.AssertedType) {
			d = 1 // the value is copied out of the box
		}
		b.flowV(in, in.X, d)
	case *ssa.UnOp:
		if in.Op == token.MUL || in.Op == token.ARROW {
			b.flowV(in, in.X, 1)
		}

	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.SendOnly {
				b.escapes(st.Send, 0, siteRec{kind: Send, instr: in})
			} else {
				b.flowV(in, st.Chan, 1)
			}
		}
	case *ssa.Store:
		b.store(in)
	case *ssa.MapUpdate:
		b.escapes(in.Key, 0, siteRec{kind: MapPut, instr: in, what: "key"})
		b.escapes(in.Value, 0, siteRec{kind: MapPut, instr: in, what: "value"})
	case *ssa.Send:
		b.escapes(in.X, 0, siteRec{kind: Send, instr: in})
	case *ssa.Panic:
		b.escapes(in.X, 0, siteRec{kind: Panic, instr: in})
	case *ssa.Return:
		for j, res := range in.Results {
			if n := b.node(res); n >= 0 {
				b.sites = append(b.sites, siteRec{kind: Return, instr: in})
				b.edges = append(b.edges, edge{src: n, dst: retNode, site: int32(len(b.sites) - 1)})
				b.rets[j] = append(b.rets[j], n)
			}
		}

	case *ssa.Go:
		b.spawn(in, &in.Call, Go)
	case *ssa.Defer:
		// The call's own flows first, so that a deferred fmt.Println
		// is blamed on Println, and a deferred closure on the loop.
		b.call(in, &in.Call, nil)
		if b.inLoop(in.Block()) {
			b.spawn(in, &in.Call, Defer)
		}
	case *ssa.Call:
		b.call(in, &in.Call, in)
	}
}

// spawn makes everything a go statement (or a defer in a loop) passes
// escape: its function value, its receiver and its arguments.
func (b *builder) spawn(instr ssa.Instruction, c *ssa.CallCommon, k Kind) {
	s := siteRec{kind: k, instr: instr}
	if _, ok := c.Value.(*ssa.Builtin); !ok {
		b.escapes(c.Value, 0, s)
	}
	for _, a := range c.Args {
		b.escapes(a, 0, s)
	}
}

// elemHasPointers reports whether the elements of a slice (or string) of
// type t hold pointers.
func elemHasPointers(t types.Type) bool {
	if s, ok := t.Underlying().(*types.Slice); ok {
		return typeshape.HasPointers(s.Elem())
	}
	return false
}

// contentHasPointers reports whether what a value of type t points to may
// hold pointers, so that a leak of its content matters.
func contentHasPointers(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Pointer:
		return typeshape.HasPointers(u.Elem())
	case *types.Slice:
		return typeshape.HasPointers(u.Elem())
	case *types.Chan:
		return typeshape.HasPointers(u.Elem())
	case *types.Map:
		return typeshape.HasPointers(u.Key()) || typeshape.HasPointers(u.Elem())
	}
	return true
}

// isBoxing reports whether a ChangeType from src to dst boxes a value of a
// type parameter in an interface (uninstantiated generic code).
func isBoxing(src, dst types.Type) bool {
	if !types.IsInterface(dst) {
		return false
	}
	_, ok := types.Unalias(src).(*types.TypeParam)
	return ok
}

// refConvert reports whether a conversion keeps referring to the same
// memory (pointer ↔ unsafe.Pointer, slice ↔ slice of the same layout).
func refConvert(src, dst types.Type) bool {
	isRef := func(t types.Type) bool {
		switch u := t.Underlying().(type) {
		case *types.Pointer, *types.TypeParam:
			return true
		case *types.Basic:
			return u.Kind() == types.UnsafePointer
		}
		return false
	}
	return isRef(src) && isRef(dst)
}

// store handles *addr = val: into the object of a local allocation when
// addr is its address or a field or array element of it, else into the heap
// (the compiler's rule: stores through pointers and into slice elements go
// to the heap).
func (b *builder) store(in *ssa.Store) {
	root := in.Addr
	for {
		switch a := root.(type) {
		case *ssa.FieldAddr:
			root = a.X
			continue
		case *ssa.IndexAddr:
			if _, ok := a.X.Type().Underlying().(*types.Pointer); ok {
				root = a.X // an element of an array behind a pointer
				continue
			}
		}
		break
	}
	switch r := root.(type) {
	case *ssa.Alloc:
		if o := b.objectOf(r); o >= 0 {
			b.flow(o, in.Val, 0)
			return
		}
	case *ssa.Global:
		b.escapes(in.Val, 0, siteRec{kind: Global, instr: in, what: r.Name()})
		return
	case *ssa.Parameter:
		b.escapes(in.Val, 0, siteRec{kind: Store, instr: in, what: "a field of parameter " + r.Name()})
		return
	case *ssa.IndexAddr:
		b.escapes(in.Val, 0, siteRec{kind: Store, instr: in, what: "a slice element"})
		return
	}
	b.escapes(in.Val, 0, siteRec{kind: Store, instr: in, what: "memory behind a pointer"})
}

// call adds the flows of a call: builtins by their semantics, static
// callees by their summaries, anything else as the compiler does (the
// arguments escape). res is the call's value, nil for a defer.
func (b *builder) call(instr ssa.Instruction, c *ssa.CallCommon, res ssa.Value) {
	if c.IsInvoke() {
		s := siteRec{kind: Dynamic, instr: instr, what: c.Method.Name()}
		b.escapes(c.Value, 0, s)
		for _, a := range c.Args {
			b.escapes(a, 0, s)
		}
		return
	}
	if bi, ok := c.Value.(*ssa.Builtin); ok {
		b.builtin(instr, bi.Name(), c.Args, res)
		return
	}
	callee := c.StaticCallee()
	if callee == nil {
		if yieldNotKept(c.Value) {
			return // a standard iterator calls its yield and drops it
		}
		s := siteRec{kind: Dynamic, instr: instr}
		for _, a := range c.Args {
			b.escapes(a, 0, s)
		}
		return
	}
	sum := b.r.summaryOf(callee)
	nres := callee.Signature.Results().Len()
	for i, a := range c.Args {
		leak := sum.Param(i)
		if leak.Heap != Never {
			b.escapes(a, int8(leak.Heap)-1, siteRec{kind: Call, instr: instr, callee: callee})
		}
		if leak.Unknown != Never {
			b.assumed(a, int8(leak.Unknown)-1, siteRec{kind: Call, instr: instr, callee: callee, unknown: b.r.unknownVia(callee, i)})
		}
		for j, l := range leak.Results {
			if l == Never || res == nil || j >= nres {
				continue
			}
			b.toResult(res, nres, j, a, int8(l)-1)
		}
	}
}

// toResult adds the flow of arg into result j of the call res.
func (b *builder) toResult(res ssa.Value, nres, j int, arg ssa.Value, derefs int8) {
	if nres == 1 {
		b.flowV(res, arg, derefs)
		return
	}
	if res.Referrers() == nil {
		return
	}
	for _, r := range *res.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == j {
			b.flowV(ex, arg, derefs)
		}
	}
}

func (b *builder) builtin(instr ssa.Instruction, name string, args []ssa.Value, res ssa.Value) {
	switch name {
	case "append":
		// The appendee flows to the result; if append grows it, its
		// elements are copied to a new heap array, and so are the
		// appended elements (the compiler's rule). Elements without
		// pointers carry nothing.
		if res != nil {
			b.flowV(res, args[0], 0)
		}
		if elemHasPointers(args[0].Type()) {
			b.escapes(args[0], 1, siteRec{kind: Append, instr: instr, what: "appendee"})
			if len(args) > 1 {
				b.escapes(args[1], 1, siteRec{kind: Append, instr: instr})
			}
		}
	case "copy":
		if elemHasPointers(args[1].Type()) {
			b.escapes(args[1], 1, siteRec{kind: Append, instr: instr, what: "copy"})
		}
	case "ssa:wrapnilchk", "Add", "Slice", "SliceData", "String", "StringData":
		if res != nil && len(args) > 0 {
			b.flowV(res, args[0], 0)
		}
	}
}

// finish builds the reverse adjacency and walks from the roots.
func (b *builder) finish() *funcInfo {
	fi := &funcInfo{
		fn:    b.fn,
		nodes: b.nodes,
		vals:  b.vals,
		obj:   b.obj,
		sites: slices.Clone(b.sites),
	}
	g := &b.g
	g.fill(len(b.vals), b.edges)
	fi.ret = g.walk(retNode)
	// An object returned from the function lives on the heap, so what is
	// stored in it escapes too (the compiler makes it a heap root).
	n := len(b.edges)
	for o, isObj := range b.obj {
		if isObj && fi.ret.derefs[o] < 0 {
			b.edges = append(b.edges, edge{src: int32(o), dst: heapNode, site: fi.ret.rootSite(int32(o))})
		}
	}
	if len(b.edges) > n {
		g.fill(len(b.vals), b.edges)
	}
	fi.heap = g.walk(heapNode)
	fi.unknown = g.walk(unknownNode)
	fi.summary = b.summary(g, fi)
	return fi
}

// csr is the graph's incoming edges grouped by destination, with the
// scratch space of its walks; a builder reuses one for every function.
type csr struct {
	start []int32 // by node: index of its first incoming edge in edges
	edges []edge

	next   []int32 // fill's cursor per node
	queued []bool  // walk's queue membership per node
	queue  []int32
}

// fill makes g the graph of n nodes and the given edges.
func (g *csr) fill(n int, edges []edge) {
	g.start = resize(g.start, n+1)
	clear(g.start)
	g.edges = resize(g.edges, len(edges))
	for _, e := range edges {
		g.start[e.dst+1]++
	}
	for i := 1; i <= n; i++ {
		g.start[i] += g.start[i-1]
	}
	g.next = append(g.next[:0], g.start[:n]...)
	for _, e := range edges {
		g.edges[g.next[e.dst]] = e
		g.next[e.dst]++
	}
}

// resize returns s with length n, reusing its array when it is big enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// rootSite returns the site of the flow into the root at the end of n's
// path, or -1.
func (w *walk) rootSite(n int32) int32 {
	for steps := 0; w.parent[n] >= nRoots && steps < len(w.parent); steps++ {
		n = w.parent[n]
	}
	return w.site[n]
}

// walk computes, for every node, the least number of dereferences with
// which its value reaches one of the seeds (a root, or the values returned
// as one result), as the compiler's walkOne does: an address-of flow (-1)
// followed by anything starts again from 0, so that "root = &l; l = x"
// makes l's address, but not x's, flow to root. Nodes next to a root get
// the site of their flow into it.
func (g *csr) walk(seeds ...int32) walk {
	n := len(g.start) - 1
	links := make([]int32, 2*n) // one allocation for parent and site
	w := walk{derefs: make([]int8, n), parent: links[:n:n], site: links[n:]}
	for i := range w.derefs {
		w.derefs[i] = unreached
	}
	for i := range links {
		links[i] = -1
	}
	g.queued = resize(g.queued, n)
	clear(g.queued)
	queued, queue := g.queued, g.queue[:0]
	for _, s := range seeds {
		if !queued[s] {
			w.derefs[s] = 0
			queued[s] = true
			queue = append(queue, s)
		}
	}
	for head := 0; head < len(queue); head++ {
		l := queue[head]
		queued[l] = false
		d := w.derefs[l]
		if d < 0 {
			d = 0
		}
		for _, e := range g.edges[g.start[l]:g.start[l+1]] {
			nd := d + e.derefs
			if nd > maxDerefs || nd >= w.derefs[e.src] {
				continue
			}
			w.derefs[e.src] = nd
			w.parent[e.src] = l
			w.site[e.src] = e.site
			if !queued[e.src] {
				queued[e.src] = true
				queue = append(queue, e.src)
			}
		}
	}
	g.queue = queue[:0]
	return w
}

// summary reads fn's parameter summary off the walks: how each parameter
// (and free variable) reaches the heap and each result.
func (b *builder) summary(g *csr, fi *funcInfo) *Summary {
	fn := b.fn
	n := len(fn.Params) + len(fn.FreeVars)
	s := &Summary{Params: make([]Leak, n)}
	if n == 0 {
		return s
	}
	var perResult []walk
	if len(b.rets) == 1 {
		perResult = []walk{fi.ret}
	} else {
		for _, seeds := range b.rets {
			perResult = append(perResult, g.walk(seeds...))
		}
	}
	var deep bool // whether p's content may hold pointers
	level := func(d int8) Level {
		if d == unreached || (d > 0 && !deep) {
			return Never
		}
		return Level(max(d, 0) + 1)
	}
	for i := range n {
		var p ssa.Value
		if i < len(fn.Params) {
			p = fn.Params[i]
		} else {
			p = fn.FreeVars[i-len(fn.Params)]
		}
		node, ok := b.nodes[p]
		if !ok {
			continue
		}
		deep = contentHasPointers(p.Type())
		s.Params[i].Heap = level(fi.heap.derefs[node])
		if u := level(fi.unknown.derefs[node]); u != Never && (s.Params[i].Heap == Never || u < s.Params[i].Heap) {
			// It leaks (deeper) only if a function of another
			// module keeps it: say which, for the sites at calls.
			s.Params[i].Unknown = u
			if fi.unknownVia == nil {
				fi.unknownVia = make([]*ssa.Function, n)
			}
			if si := fi.unknown.rootSite(node); si >= 0 {
				fi.unknownVia[i] = fi.sites[si].unknown
			}
		}
		for j, w := range perResult {
			if l := level(w.derefs[node]); l != Never {
				if s.Params[i].Results == nil {
					s.Params[i].Results = make([]Level, len(perResult))
				}
				s.Params[i].Results[j] = l
			}
		}
	}
	return s
}
