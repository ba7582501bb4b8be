package mapptr

import (
	"go/token"
	"go/types"

	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/ssa"
)

// sharedMaps returns the map-of-pointer types of the package whose entries
// a map of values could not replace without changing behaviour, because
// some code
//
//   - writes through, keeps, passes on or compares a pointer read out of
//     such a map (m[k].n++, &m[k].f, use(m[k]), m[k].PtrMethod(), the value
//     of a range over the map), which a value map does not allow or would
//     make act on a copy;
//   - lets such a map leave the package's sight: converts it to an
//     interface, passes it to a function of another package or through a
//     function value, or exposes its type in the package's exported API.
//
// Reads through the pointer (m[k].f, *m[k]) and comparisons with nil are
// fine. Types are compared by their underlying map type, with type
// parameters matching anything (see matchesAny).
//
// It also returns the map types whose lookups some code compares with nil:
// a map of values tells absence by v, ok := m[k] instead, which the advice
// says.
func sharedMaps(pkg *types.Package, funcs []*ssa.Function) (shared, nilTested []*types.Map) {
	var out []*types.Map
	addTo := func(list *[]*types.Map, t types.Type) {
		if m := ptrMap(t); m != nil {
			for _, o := range *list {
				if types.Identical(o, m) {
					return
				}
			}
			*list = append(*list, m)
		}
	}
	add := func(t types.Type) { addTo(&out, t) }
	var seen []ssa.Value
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Lookup:
					if ptrMap(instr.X.Type()) == nil {
						continue
					}
					v := ssa.Value(instr)
					if instr.CommaOk {
						v = extract(instr, 0)
					}
					seen = seen[:0]
					if v != nil && !readOnly(v, &seen) {
						add(instr.X.Type())
					} else if v != nil && comparedWithNil(seen) {
						addTo(&nilTested, instr.X.Type())
					}
				case *ssa.Next:
					rng, ok := instr.Iter.(*ssa.Range)
					if !ok || ptrMap(rng.X.Type()) == nil {
						continue
					}
					seen = seen[:0]
					if v := extract(instr, 2); v != nil && !readOnly(v, &seen) {
						add(rng.X.Type())
					}
				case *ssa.MakeInterface:
					add(instr.X.Type())
				case ssa.CallInstruction:
					c := instr.Common()
					if _, ok := c.Value.(*ssa.Builtin); ok {
						continue // len, clear, delete: no pointer leaves the map
					}
					if callee := c.StaticCallee(); callee != nil && inPackage(callee, pkg) {
						continue // its body is part of this scan
					}
					for _, arg := range c.Args {
						add(arg.Type())
					}
				}
			}
		}
	}
	for _, t := range exported(pkg) {
		add(t)
	}
	return out, nilTested
}

// comparedWithNil reports whether any of the values readOnly visited is
// compared with nil.
func comparedWithNil(vals []ssa.Value) bool {
	for _, v := range vals {
		for _, r := range *v.Referrers() {
			if b, ok := r.(*ssa.BinOp); ok && (isNil(b.X) || isNil(b.Y)) {
				return true
			}
		}
	}
	return false
}

// inPackage reports whether fn's body is one of pkg's source functions
// (an instance of a generic function counts as its generic body).
func inPackage(fn *ssa.Function, pkg *types.Package) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return fn.Pkg != nil && fn.Pkg.Pkg == pkg && fn.Synthetic == ""
}

// ptrMap returns t's map type if its elements are or may be pointers (a
// type parameter may stand for one), else nil. A pointer to a map counts
// as the map: whoever holds it can read the map's pointers.
func ptrMap(t types.Type) *types.Map {
	for range 4 {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	m := typeshape.MapOf(t)
	if m == nil {
		return nil
	}
	switch types.Unalias(m.Elem()).(type) {
	case *types.TypeParam:
		return m
	}
	if _, ok := m.Elem().Underlying().(*types.Pointer); !ok {
		return nil
	}
	return m
}

// extract returns the Extract of tuple's component i, or nil.
func extract(tuple ssa.Value, i int) ssa.Value {
	for _, r := range *tuple.Referrers() {
		if e, ok := r.(*ssa.Extract); ok && e.Index == i {
			return e
		}
	}
	return nil
}

// readOnly reports whether the pointer v, read out of a map, is only read
// through: loads of the pointee or of its fields and elements, and
// comparisons with nil, also after merging with other values in a phi.
func readOnly(v ssa.Value, seen *[]ssa.Value) bool {
	for _, s := range *seen {
		if s == v {
			return true
		}
	}
	*seen = append(*seen, v)
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.BinOp:
			if (r.Op != token.EQL && r.Op != token.NEQ) || !(isNil(r.X) || isNil(r.Y)) {
				return false
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if !loadsOnly(r.(ssa.Value)) {
				return false
			}
		case *ssa.Phi:
			if !readOnly(r, seen) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// loadsOnly reports whether the address addr is only loaded from.
func loadsOnly(addr ssa.Value) bool {
	refs := addr.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if !loadsOnly(r.(ssa.Value)) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// exported returns the map types that other packages can reach through the
// package's exported API: in the signatures of exported functions and of
// exported methods, in exported variables, and in exported types and their
// exported fields, following pointers, slices, arrays, maps, channels and
// the package's own named types.
func exported(pkg *types.Package) []types.Type {
	w := apiWalker{pkg: pkg}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if obj := scope.Lookup(name); obj.Exported() {
			w.walk(obj.Type())
		}
	}
	return w.maps
}

type apiWalker struct {
	pkg   *types.Package
	named []*types.Named
	maps  []types.Type
}

func (w *apiWalker) walk(t types.Type) {
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		if t.Obj().Pkg() != w.pkg {
			return // another package's type: its maps are not ours
		}
		for _, n := range w.named {
			if n == t {
				return
			}
		}
		w.named = append(w.named, t)
		w.walk(t.Underlying())
		for m := range t.Methods() {
			if m.Exported() {
				w.walk(m.Type())
			}
		}
	case *types.Map:
		w.maps = append(w.maps, t)
		w.walk(t.Key())
		w.walk(t.Elem())
	case *types.Pointer:
		w.walk(t.Elem())
	case *types.Slice:
		w.walk(t.Elem())
	case *types.Array:
		w.walk(t.Elem())
	case *types.Chan:
		w.walk(t.Elem())
	case *types.Struct:
		for f := range t.Fields() {
			if f.Exported() || f.Embedded() { // an embedded field's fields are promoted
				w.walk(f.Type())
			}
		}
	case *types.Signature:
		for v := range t.Params().Variables() {
			w.walk(v.Type())
		}
		for v := range t.Results().Variables() {
			w.walk(v.Type())
		}
	}
}

// matchesAny reports whether m could be the same map type as one of
// shared: identical, or equal once type parameters on either side are
// allowed to stand for anything.
func matchesAny(m *types.Map, shared []*types.Map) bool {
	for _, s := range shared {
		if unify(m, s, 0) {
			return true
		}
	}
	return false
}

func unify(a, b types.Type, depth int) bool {
	a, b = types.Unalias(a), types.Unalias(b)
	if _, ok := a.(*types.TypeParam); ok {
		return true
	}
	if _, ok := b.(*types.TypeParam); ok {
		return true
	}
	if types.Identical(a, b) {
		return true
	}
	if depth > 8 {
		return false
	}
	switch a := a.(type) {
	case *types.Named:
		b, ok := b.(*types.Named)
		if !ok || a.Origin() != b.Origin() || a.TypeArgs().Len() != b.TypeArgs().Len() {
			return false
		}
		for i := range a.TypeArgs().Len() {
			if !unify(a.TypeArgs().At(i), b.TypeArgs().At(i), depth+1) {
				return false
			}
		}
		return true
	case *types.Map:
		b, ok := b.(*types.Map)
		return ok && unify(a.Key(), b.Key(), depth+1) && unify(a.Elem(), b.Elem(), depth+1)
	case *types.Pointer:
		b, ok := b.(*types.Pointer)
		return ok && unify(a.Elem(), b.Elem(), depth+1)
	case *types.Slice:
		b, ok := b.(*types.Slice)
		return ok && unify(a.Elem(), b.Elem(), depth+1)
	case *types.Array:
		b, ok := b.(*types.Array)
		return ok && a.Len() == b.Len() && unify(a.Elem(), b.Elem(), depth+1)
	}
	return false
}
