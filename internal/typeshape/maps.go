package typeshape

import "go/types"

// This file was added for the nestedmap and mapptr checks, which both need
// to see the map behind a named type or a type parameter.

// MapOf returns the map type t stands for: t's underlying type when it is a
// map (through aliases and named types, generic ones included), or the core
// type of a type parameter whose type set holds only maps with one
// underlying type (~map[K]V, map[K]V | M where M's underlying type is
// map[K]V). It returns nil for every other type.
//
// Cost: a walk of the constraint's terms for a type parameter, nothing
// otherwise.
func MapOf(t types.Type) *types.Map {
	t = types.Unalias(t)
	if tp, ok := t.(*types.TypeParam); ok {
		m, _ := coreMap(tp.Constraint(), 0)
		return m
	}
	m, _ := t.Underlying().(*types.Map)
	return m
}

// coreMap returns the map type shared by every term of the constraint c,
// and whether c restricts its type set at all (a constraint with methods
// only does not, so it has no core map).
func coreMap(c types.Type, depth int) (*types.Map, bool) {
	iface, ok := c.Underlying().(*types.Interface)
	if !ok || depth > 8 {
		return nil, false
	}
	var core *types.Map
	restricted := false
	// A type set is the intersection of the embedded elements' type sets:
	// every restricting element must agree on one map type.
	for i := range iface.NumEmbeddeds() {
		m, ok := termsMap(iface.EmbeddedType(i), depth)
		if !ok {
			continue
		}
		if m == nil || (core != nil && !types.Identical(core, m)) {
			return nil, true
		}
		core, restricted = m, true
	}
	return core, restricted
}

// termsMap returns the map type of every term of the constraint element e
// (a union, a single type or term, or an embedded interface), nil when they
// are not all the same map, and false when e does not restrict the type set.
func termsMap(e types.Type, depth int) (*types.Map, bool) {
	e = types.Unalias(e)
	switch e := e.(type) {
	case *types.Union:
		var core *types.Map
		for term := range e.Terms() {
			m, ok := termsMap(term.Type(), depth+1)
			if !ok || m == nil || (core != nil && !types.Identical(core, m)) {
				return nil, true
			}
			core = m
		}
		return core, true
	}
	if _, ok := e.Underlying().(*types.Interface); ok {
		return coreMap(e, depth+1)
	}
	m, _ := e.Underlying().(*types.Map)
	return m, true
}
