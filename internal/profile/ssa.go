package profile

import (
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// FuncWeight is what the profile charged one function of the current
// source. Its lines are found by their offset from the function's start
// line, as Go's PGO matches a profile to code, so a profile of an older
// revision still fits a function that only moved. The start line is:
//
//	declared function or method   the line of its func keyword
//	function literal              the line of its func keyword
//	range-over-func loop body     the line of its for keyword
//	package initializer           line 1 (its lines are absolute)
//
// The zero FuncWeight weighs nothing.
type FuncWeight struct {
	start   int64
	entries []*funcEntry
}

// Total is the function's own weight: for CPU, the samples in which it
// runs (cumulative); for heap, what its lines were charged.
func (w FuncWeight) Total() Weight {
	var t Weight
	for _, e := range w.entries {
		t.add(e.total)
	}
	return t
}

// At is what the profile charged line (of the function's file, in the
// current source): for CPU, the samples in which it runs (cumulative); for
// heap, the allocations charged to it.
func (w FuncWeight) At(line int) Weight {
	var t Weight
	for _, e := range w.entries {
		off := int64(line)
		if e.start > 0 {
			off -= w.start
		}
		if i, ok := slices.BinarySearchFunc(e.lines, off, func(l lineEntry, off int64) int {
			return int(min(max(l.off-off, -1), 1))
		}); ok {
			t.add(e.lines[i].w)
		}
	}
	return t
}

// Func returns what the profile charged fn, a function of the digest's
// package in the current source (an instance of a generic function counts
// as the generic function; the compiler's wrappers weigh nothing). It maps
// fn to the name the compiler gives it: F$1 is F.func1, F$1$2 is
// F.func1.2, a range-over-func body F-range1, init#1 init.0, and a closure
// in a package-level variable's initializer init.funcN. A closure that
// the compiler copied into a caller by inlining is found by its file and
// start line, so it counts only while the closure has not moved.
//
// Cost: the first call indexes the digest; a call walks the syntax of
// fn's enclosing declared function once, then costs a map lookup.
func (d *Digest) Func(fn *ssa.Function) FuncWeight {
	if d == nil || fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != d.path {
		return FuncWeight{}
	}
	if fn.Parent() == nil {
		if o := fn.Origin(); o != nil {
			fn = o
		}
	}
	d.once.Do(func() { d.index = newFuncIndex(d.funcs, fn.Pkg.Pkg.Scope()) })
	name, pos, ok := d.index.name(fn)
	if !ok {
		return FuncWeight{}
	}
	w := FuncWeight{start: 1, entries: d.index.byName[name]}
	if pos.IsValid() {
		p := fn.Prog.Fset.Position(pos)
		w.start = int64(p.Line)
		if fn.Parent() != nil {
			w.entries = append(slices.Clip(w.entries), d.index.copies[fileLine{filepath.Base(p.Filename), w.start}]...)
		}
	}
	return w
}

type fileLine struct {
	file string
	line int64
}

// funcIndex finds a digest's entries by the current source's functions.
type funcIndex struct {
	byName map[string][]*funcEntry
	copies map[fileLine][]*funcEntry // closures copied by inlining

	mu    sync.Mutex
	names map[*ssa.Function]map[ast.Node]string // per declared function: its literals' and loop bodies' names
}

func newFuncIndex(funcs []funcEntry, scope *types.Scope) *funcIndex {
	isType := func(name string) bool {
		_, ok := scope.Lookup(name).(*types.TypeName)
		return ok
	}
	ix := &funcIndex{byName: map[string][]*funcEntry{}, copies: map[fileLine][]*funcEntry{}, names: map[*ssa.Function]map[ast.Node]string{}}
	for i := range funcs {
		e := &funcs[i]
		if resolveName(e.name, isType) {
			key := fileLine{e.file, e.start}
			ix.copies[key] = append(ix.copies[key], e)
		} else {
			ix.byName[e.name] = append(ix.byName[e.name], e)
		}
	}
	return ix
}

// name returns the compiler's name for fn and the position of its start
// (NoPos for the package initializer), or false for a function of the
// compiler's own making.
func (ix *funcIndex) name(fn *ssa.Function) (string, token.Pos, bool) {
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if fn.Parent() != nil {
			return "", token.NoPos, false
		}
		init := 0
		if n, ok := strings.CutPrefix(fn.Name(), "init#"); ok {
			i, _ := strconv.Atoi(n)
			init = i - 1
		}
		return declName(syn, init), syn.Type.Func, true
	case *ast.FuncLit:
		name, ok := ix.literal(fn, syn)
		return name, syn.Type.Func, ok
	case *ast.RangeStmt:
		name, ok := ix.literal(fn, syn)
		return name, syn.For, ok
	case nil:
		if fn.Synthetic == "package initializer" {
			return "init", token.NoPos, true
		}
	}
	return "", token.NoPos, false
}

// literal names a function literal or a range-over-func body by its node.
func (ix *funcIndex) literal(fn *ssa.Function, node ast.Node) (string, bool) {
	top := fn
	for top.Parent() != nil {
		top = top.Parent()
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	names, ok := ix.names[top]
	if !ok {
		names = literalNames(top)
		ix.names[top] = names
	}
	name, ok := names[node]
	return name, ok
}

// literalNames names every literal and range-over-func body inside top, a
// declared function or the package initializer.
func literalNames(top *ssa.Function) map[ast.Node]string {
	names := map[ast.Node]string{}
	// SSA makes a function of each range-over-func body: its syntax is the
	// loop, which tells the loops over functions from the others.
	rangeFuncs := map[*ast.RangeStmt]bool{}
	var visit func(*ssa.Function)
	visit = func(f *ssa.Function) {
		for _, anon := range f.AnonFuncs {
			if r, ok := anon.Syntax().(*ast.RangeStmt); ok {
				rangeFuncs[r] = true
			}
			visit(anon)
		}
	}
	visit(top)
	isRangeFunc := func(r *ast.RangeStmt) bool { return rangeFuncs[r] }
	emit := func(n ast.Node, name string) { names[n] = name }
	switch syn := top.Syntax().(type) {
	case *ast.FuncDecl:
		init := 0
		if n, ok := strings.CutPrefix(top.Name(), "init#"); ok {
			i, _ := strconv.Atoi(n)
			init = i - 1
		}
		if syn.Body != nil {
			nameLiterals(syn.Body, declName(syn, init), true, isRangeFunc, emit)
		}
	case nil:
		// The package initializer: SSA builds the variables' initializers
		// in initialization order, the order the compiler numbers their
		// closures in.
		for i, anon := range top.AnonFuncs {
			if lit, ok := anon.Syntax().(*ast.FuncLit); ok {
				name := "init.func" + strconv.Itoa(i+1)
				names[lit] = name
				nameLiterals(lit.Body, name, false, isRangeFunc, emit)
			}
		}
	}
	return names
}
