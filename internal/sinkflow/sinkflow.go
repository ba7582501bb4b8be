// Package sinkflow finds the concrete types that reach a "sink": an
// instruction a check judges by the type of one value, such as the target
// passed to json.Unmarshal, the value stored into a sync.Map, or the type
// asserted on sync.Pool.Get's result.
//
// It sees through what SSA shows within one package:
//
//   - interface conversions: the dynamic types of an interface value are the
//     types converted to it (MakeInterface, ChangeType from a type
//     parameter, ChangeInterface, and Phi joins of these);
//   - wrappers: a function whose interface parameter reaches a sink is a
//     wrapper, and its callers' arguments are traced in turn;
//   - generics: buildssa leaves generic bodies uninstantiated, so a sink whose
//     type mentions the function's type parameters is resolved at each call
//     of an instance, by substituting the instance's type arguments.
//
// It does not see across packages (no facts), through function values
// other than closures and bound methods of known functions, through values
// stored in memory and loaded back, or through interface method calls.
// Each of these yields no Use: the result errs towards silence.
//
// Cost: one walk over the instructions of the given functions, plus a small
// fixed-point over the calls of same-package functions that have sinks.
package sinkflow

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A Sink is what a check finds at one instruction: either an interface
// value whose dynamic types matter (Iface), or a type that matters (Type,
// e.g. a type assertion's asserted type) with the value of that type, if
// any (Value).
type Sink struct {
	Iface ssa.Value
	Type  types.Type
	Value ssa.Value
}

// A Use is one concrete type reaching a sink, at the instruction where a
// check should report it.
type Use struct {
	// Instr is where to report: the sink itself, or a call (in a function
	// of the package) of a wrapper or generic instance that reaches it.
	Instr ssa.Instruction
	// Type is the concrete type: it mentions no type parameter.
	Type types.Type
	// Value is the value of Type in Instr's function (before any
	// conversion to an interface); nil when the value lives only inside
	// the wrapper (e.g. a local of a generic function).
	Value ssa.Value
	// Sink is the sink instruction, and SinkValue the value at the sink
	// whose type, in the sink's function, is Type or a generic form of it.
	Sink      ssa.Instruction
	SinkValue ssa.Value
	// Callee is the function called at Instr on the way to the sink (an
	// instance of a generic function, or a wrapper); nil for a direct use.
	Callee *ssa.Function
}

// A Finder reports whether instr is a sink, and which value matters.
type Finder func(instr ssa.Instruction) (Sink, bool)

// maxDepth bounds how many wrappers deep a sink is followed.
const maxDepth = 4

// pending is a sink reached inside a function whose type is not known
// there: it depends on the function's type arguments (typ mentions its
// type parameters) or on an argument of interface type (iface).
type pending struct {
	sink      ssa.Instruction
	sinkValue ssa.Value
	typ       types.Type // generic type, when !iface
	param     int        // index into Params of the value with typ, or of the interface parameter; -1 if none
	iface     bool
	depth     int
}

func (p pending) same(q pending) bool {
	return p.sink == q.sink && p.param == q.param && p.iface == q.iface &&
		(p.iface || types.Identical(p.typ, q.typ))
}

// site is one call in a function of the package to another function of it.
type site struct {
	seq    int
	instr  ssa.CallInstruction
	callee *ssa.Function // as called: maybe an instance
	origin *ssa.Function // the function whose body is in funcs
}

// Uses calls find on every instruction of funcs and returns the concrete
// types that reach the sinks it finds, directly or through wrappers among
// funcs, ordered by the reporting instruction (funcs, then Blocks, then
// Instrs order) and, for one instruction, in discovery order.
func Uses(funcs []*ssa.Function, find Finder) []Use {
	type seqUse struct {
		seq int
		use Use
	}
	var out []seqUse
	summary := map[*ssa.Function][]pending{}
	seq := 0
	var scratch []source
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				seq++
				s, ok := find(instr)
				if !ok {
					continue
				}
				scratch = sinkSources(fn, s, scratch[:0])
				for _, src := range scratch {
					if src.concrete() {
						out = append(out, seqUse{seq, Use{Instr: instr, Type: src.typ, Value: src.value, Sink: instr, SinkValue: src.value}})
						continue
					}
					summary[fn] = addPending(summary[fn], src.pending(instr, src.value, 0))
				}
			}
		}
	}
	var sites []site
	if len(summary) > 0 {
		// Only wrappers need the calls among funcs; most packages
		// have none, and are spared the second walk.
		sites = callSites(funcs)
	}
	// Propagate pending sinks to callers until nothing changes. Each
	// pending has a bounded depth and callers dedupe, so this terminates.
	for changed := true; changed; {
		changed = false
		for _, s := range sites {
			fn := s.instr.Parent()
			for _, p := range summary[s.origin] {
				if p.depth >= maxDepth {
					continue
				}
				for _, src := range resolve(fn, s, p, scratch[:0]) {
					if src.concrete() {
						continue
					}
					n := len(summary[fn])
					summary[fn] = addPending(summary[fn], src.pending(p.sink, p.sinkValue, p.depth+1))
					changed = changed || len(summary[fn]) != n
				}
			}
		}
	}
	for _, s := range sites {
		fn := s.instr.Parent()
		for _, p := range summary[s.origin] {
			for _, src := range resolve(fn, s, p, scratch[:0]) {
				if src.concrete() {
					out = append(out, seqUse{s.seq, Use{Instr: s.instr, Type: src.typ, Value: src.value, Sink: p.sink, SinkValue: p.sinkValue, Callee: s.callee}})
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b seqUse) int { return a.seq - b.seq })
	res := make([]Use, len(out))
	for i, u := range out {
		res[i] = u.use
	}
	return res
}

// callSites returns the calls in funcs of other functions among funcs, in
// the same sequence numbering as Uses.
func callSites(funcs []*ssa.Function) []site {
	inPkg := make(map[*ssa.Function]bool, len(funcs))
	for _, fn := range funcs {
		inPkg[fn] = true
	}
	var sites []site
	seq := 0
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				seq++
				call, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := call.Common().StaticCallee()
				if callee == nil {
					continue
				}
				origin := callee
				if o := callee.Origin(); o != nil {
					origin = o
				}
				if inPkg[origin] && origin != fn {
					sites = append(sites, site{seq, call, callee, origin})
				}
			}
		}
	}
	return sites
}

func addPending(list []pending, p pending) []pending {
	for _, q := range list {
		if q.same(p) {
			return list
		}
	}
	return append(list, p)
}

// source is one thing an interface value or a generic value may be, in
// one function: a type with the value of that type, or an interface
// parameter of the function.
type source struct {
	typ   types.Type // nil for an interface parameter
	value ssa.Value  // the value of typ, or the parameter
	param int        // index into the function's Params when value is one, else -1
	tmpl  bool       // typ mentions type parameters
}

func (s source) concrete() bool { return s.typ != nil && !s.tmpl }

func (s source) pending(sink ssa.Instruction, sinkValue ssa.Value, depth int) pending {
	return pending{sink: sink, sinkValue: sinkValue, typ: s.typ, param: s.param, iface: s.typ == nil, depth: depth}
}

// sinkSources returns what the sink's value may be in fn.
func sinkSources(fn *ssa.Function, s Sink, out []source) []source {
	if s.Iface != nil {
		return dynamic(fn, s.Iface, out, 0)
	}
	if s.Type != nil {
		return append(out, typed(fn, s.Type, s.Value))
	}
	return out
}

func typed(fn *ssa.Function, t types.Type, v ssa.Value) source {
	return source{typ: t, value: v, param: paramIndex(fn, v), tmpl: MentionsTypeParam(t)}
}

func paramIndex(fn *ssa.Function, v ssa.Value) int {
	if p, ok := v.(*ssa.Parameter); ok {
		for i, q := range fn.Params {
			if q == p {
				return i
			}
		}
	}
	return -1
}

// dynamic appends the sources of the interface value v in fn. It follows
// Phi joins up to a small depth, which also stops cycles.
func dynamic(fn *ssa.Function, v ssa.Value, out []source, depth int) []source {
	if depth > 8 {
		return out
	}
	switch v := v.(type) {
	case *ssa.MakeInterface:
		return append(out, typed(fn, v.X.Type(), v.X))
	case *ssa.ChangeType:
		// A type parameter converted to an interface is a ChangeType in
		// generic bodies when the type parameter may itself be an interface.
		if types.IsInterface(v.X.Type()) && !isTypeParam(v.X.Type()) {
			return dynamic(fn, v.X, out, depth+1)
		}
		return append(out, typed(fn, v.X.Type(), v.X))
	case *ssa.ChangeInterface:
		return dynamic(fn, v.X, out, depth+1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if e != v {
				out = dynamic(fn, e, out, depth+1)
			}
		}
		return out
	case *ssa.Parameter:
		if i := paramIndex(fn, v); i >= 0 && types.IsInterface(v.Type()) {
			if isTypeParam(v.Type()) {
				return append(out, source{typ: v.Type(), value: v, param: i, tmpl: true})
			}
			return append(out, source{value: v, param: i})
		}
	}
	return out
}

func isTypeParam(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

// resolve returns what pending p of the function called at s is, seen from
// fn, the caller.
func resolve(fn *ssa.Function, s site, p pending, out []source) []source {
	args := s.instr.Common().Args
	if len(args) != len(s.origin.Params) {
		return out // arguments and parameters do not line up
	}
	if p.iface {
		if p.param < 0 || p.param >= len(args) {
			return out
		}
		return dynamic(fn, args[p.param], out, 0)
	}
	t := p.typ
	switch {
	case s.callee != s.origin:
		var ok bool
		t, ok = Subst(t, s.origin.TypeParams(), s.callee.TypeArgs())
		if !ok {
			return out
		}
	case s.origin.Parent() != nil:
		// A closure shares the type parameters of the function around it.
	case MentionsTypeParam(t):
		return out // a generic function called uninstantiated, from itself
	}
	var v ssa.Value
	if p.param >= 0 && p.param < len(args) {
		v = args[p.param]
	}
	src := source{typ: t, value: v, param: -1, tmpl: MentionsTypeParam(t)}
	if v != nil {
		src.param = paramIndex(fn, v)
	}
	return append(out, src)
}

// DependsOn reports whether pkg imports path, directly or not: a cheap
// test that lets a check skip a package where its sinks cannot occur. For
// dependencies loaded from export data, Imports lists the packages their
// export data refers to, which covers the packages of the types their API
// exposes (a function returning *json.Decoder refers to encoding/json).
func DependsOn(pkg *types.Package, path string) bool {
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if p.Path() == path {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		return slices.ContainsFunc(p.Imports(), visit)
	}
	return visit(pkg)
}
