// Package typeshape answers the questions about a type's layout that decide
// whether the runtime allocates: its size, whether it is pointer-shaped
// (stored directly in an interface word), whether it holds pointers, and
// whether it must not be copied.
//
// Every query is safe on type parameters: go/types' Sizes panics on them,
// and buildssa leaves generic bodies uninstantiated, so checks must never
// call types.Sizes directly.
package typeshape

import (
	"go/types"
)

// HasTypeParam reports whether t mentions a type parameter anywhere in its
// layout, so that its size and shape are unknown until instantiation.
func HasTypeParam(t types.Type) bool {
	return walk(t, func(t types.Type) bool {
		_, ok := t.(*types.TypeParam)
		return ok
	})
}

// Size returns t's size in bytes under sizes, and false when it is not known
// (a type parameter in the layout, or no sizes).
func Size(sizes types.Sizes, t types.Type) (int64, bool) {
	if sizes == nil || HasTypeParam(t) {
		return 0, false
	}
	return sizes.Sizeof(t), true
}

// ZeroSize reports whether values of t are known to occupy no memory. The
// runtime boxes and allocates them without touching the heap (zerobase).
func ZeroSize(sizes types.Sizes, t types.Type) bool {
	n, ok := Size(sizes, t)
	return ok && n == 0
}

// PointerShaped reports whether t is stored directly in an interface's data
// word, so that converting it to an interface never allocates: pointers,
// maps, channels, funcs, unsafe.Pointer, and structs and arrays whose only
// non-zero-size element is one such value (the compiler's IsDirectIface).
// It is false for type parameters: their shape is unknown.
func PointerShaped(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Chan, *types.Signature:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Array:
		return u.Len() == 1 && PointerShaped(u.Elem())
	case *types.Struct:
		return u.NumFields() == 1 && PointerShaped(u.Field(0).Type())
	}
	return false
}

// HasPointers reports whether values of t contain pointers the garbage
// collector must scan. Type parameters count as having pointers.
func HasPointers(t types.Type) bool {
	return walk(t, func(t types.Type) bool {
		switch u := t.(type) {
		case *types.TypeParam, *types.Pointer, *types.Map, *types.Chan, *types.Signature, *types.Slice, *types.Interface:
			return true
		case *types.Basic:
			return u.Kind() == types.String || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedString
		}
		return false
	})
}

// NoCopy reports whether values of t must not be copied: t is, or holds by
// value, a type from sync or sync/atomic, or a type whose pointer has Lock
// and Unlock methods (the copylocks rule). Turning a map of pointers into a
// map of such values would copy them.
func NoCopy(t types.Type) bool {
	return walk(t, func(t types.Type) bool {
		named, ok := t.(*types.Named)
		if !ok {
			return false
		}
		if pkg := named.Obj().Pkg(); pkg != nil && (pkg.Path() == "sync" || pkg.Path() == "sync/atomic") {
			return true
		}
		return hasLockMethods(named)
	})
}

func hasLockMethods(t *types.Named) bool {
	ms := types.NewMethodSet(types.NewPointer(t))
	return ms.Lookup(nil, "Lock") != nil && ms.Lookup(nil, "Unlock") != nil
}

// walk visits t and the types it holds by value (struct fields, array
// elements, the underlying types of named types), stopping at the first one
// for which match is true. It does not follow pointers, slices, maps or
// channels: their targets are not part of t's own memory.
//
// Only an invalid type (type T struct{ t T }) can hold itself by value, so
// the guard against recursion, a set of the named types on the way, is
// made only past a depth no valid program reaches: the checks call walk
// for most SSA values, and a map per call was most of its cost.
func walk(t types.Type, match func(types.Type) bool) bool {
	return walkFrom(t, 0, nil, match)
}

const walkDepthBeforeSeen = 16

func walkFrom(t types.Type, depth int, seen map[types.Type]bool, match func(types.Type) bool) bool {
	t = types.Unalias(t)
	if match(t) {
		return true
	}
	switch u := t.(type) {
	case *types.Named:
		if depth++; depth > walkDepthBeforeSeen {
			if seen[u] {
				return false
			}
			if seen == nil {
				seen = make(map[types.Type]bool)
			}
			seen[u] = true
		}
		return walkFrom(u.Underlying(), depth, seen, match)
	case *types.Struct:
		for f := range u.Fields() {
			if walkFrom(f.Type(), depth, seen, match) {
				return true
			}
		}
	case *types.Array:
		return walkFrom(u.Elem(), depth, seen, match)
	}
	return false
}
