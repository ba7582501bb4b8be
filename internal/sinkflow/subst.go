package sinkflow

import (
	"go/types"
)

// MentionsTypeParam reports whether t mentions a type parameter anywhere:
// in its layout, behind pointers, slices, maps, channels and functions, or
// as a type argument of a named type.
func MentionsTypeParam(t types.Type) bool {
	switch t := t.(type) {
	case *types.TypeParam:
		return true
	case *types.Alias:
		return MentionsTypeParam(types.Unalias(t))
	case *types.Pointer:
		return MentionsTypeParam(t.Elem())
	case *types.Slice:
		return MentionsTypeParam(t.Elem())
	case *types.Array:
		return MentionsTypeParam(t.Elem())
	case *types.Chan:
		return MentionsTypeParam(t.Elem())
	case *types.Map:
		return MentionsTypeParam(t.Key()) || MentionsTypeParam(t.Elem())
	case *types.Named:
		for a := range t.TypeArgs().Types() {
			if MentionsTypeParam(a) {
				return true
			}
		}
		return false
	case *types.Tuple:
		for v := range t.Variables() {
			if MentionsTypeParam(v.Type()) {
				return true
			}
		}
		return false
	case *types.Signature:
		return MentionsTypeParam(t.Params()) || MentionsTypeParam(t.Results())
	case *types.Struct:
		for f := range t.Fields() {
			if MentionsTypeParam(f.Type()) {
				return true
			}
		}
		return false
	case *types.Interface:
		for m := range t.Methods() {
			if MentionsTypeParam(m.Type()) {
				return true
			}
		}
		for e := range t.EmbeddedTypes() {
			if MentionsTypeParam(e) {
				return true
			}
		}
		return false
	}
	return false
}

// Subst replaces the type parameters tparams in t by targs. It handles the
// type constructors a sink's type is made of (pointers, slices, arrays,
// maps, channels, instantiated named types); for anything else that
// mentions a type parameter it reports false rather than guess.
func Subst(t types.Type, tparams *types.TypeParamList, targs []types.Type) (types.Type, bool) {
	if tparams.Len() != len(targs) {
		return nil, false
	}
	return subst(t, tparams, targs)
}

func subst(t types.Type, tparams *types.TypeParamList, targs []types.Type) (types.Type, bool) {
	if !MentionsTypeParam(t) {
		return t, true
	}
	switch t := t.(type) {
	case *types.TypeParam:
		for i := range tparams.Len() {
			if tparams.At(i) == t {
				return targs[i], true
			}
		}
		return nil, false
	case *types.Alias:
		return subst(types.Unalias(t), tparams, targs)
	case *types.Pointer:
		e, ok := subst(t.Elem(), tparams, targs)
		if !ok {
			return nil, false
		}
		return types.NewPointer(e), true
	case *types.Slice:
		e, ok := subst(t.Elem(), tparams, targs)
		if !ok {
			return nil, false
		}
		return types.NewSlice(e), true
	case *types.Array:
		e, ok := subst(t.Elem(), tparams, targs)
		if !ok {
			return nil, false
		}
		return types.NewArray(e, t.Len()), true
	case *types.Chan:
		e, ok := subst(t.Elem(), tparams, targs)
		if !ok {
			return nil, false
		}
		return types.NewChan(t.Dir(), e), true
	case *types.Map:
		k, ok1 := subst(t.Key(), tparams, targs)
		e, ok2 := subst(t.Elem(), tparams, targs)
		if !ok1 || !ok2 {
			return nil, false
		}
		return types.NewMap(k, e), true
	case *types.Named:
		args := make([]types.Type, t.TypeArgs().Len())
		for i := range args {
			s, ok := subst(t.TypeArgs().At(i), tparams, targs)
			if !ok {
				return nil, false
			}
			args[i] = s
		}
		inst, err := types.Instantiate(nil, t.Origin(), args, false)
		if err != nil {
			return nil, false
		}
		return inst, true
	}
	return nil, false
}
