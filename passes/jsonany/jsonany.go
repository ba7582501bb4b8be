package jsonany

import (
	_ "embed"
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/sinkflow"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
var Info = checkinfo.Info{Name: "jsonany", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// Unkeyed also reports decodes whose result the function never reads
	// with a constant key: the data may really have no fixed shape there.
	Unkeyed bool `json:"unkeyed,omitempty"`
	// MaxKeys is how many of the keys read a message names; 0 means 4.
	MaxKeys int `json:"max-keys,omitempty"`
}

// Validate rejects bad values, naming the setting.
func (c Config) Validate() error {
	if c.MaxKeys < 0 {
		return fmt.Errorf("max-keys: %d is negative", c.MaxKeys)
	}
	return nil
}

// Analyzer is the check with default settings.
var Analyzer = New(Config{})

// analyzerDoc is Analyzer.Doc, cut out of doc.go once per process (go vet
// starts one per package) rather than per New.
var analyzerDoc = analysisdoc.Must(doc, Info.Name)

// New returns a fresh analyzer bound to its own copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Info.Name,
		Doc:      analyzerDoc,
		URL:      report.URL(Info.Name),
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.BoolVar(&cfg.Unkeyed, "unkeyed", cfg.Unkeyed, "also report decodes whose result is not read with constant keys")
	a.Flags.IntVar(&cfg.MaxKeys, "max-keys", cfg.MaxKeys, "how many keys a message names (0 means 4)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

const jsonPath = "encoding/json"

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	if !sinkflow.DependsOn(pass.Pkg, jsonPath) {
		return nil, nil
	}
	funcs := cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	maxKeys := cfg.MaxKeys
	if maxKeys == 0 {
		maxKeys = 4
	}
	var last struct {
		pos   token.Pos
		claim string
	}
	for _, u := range sinkflow.Uses(funcs, find) {
		ptr, ok := u.Type.Underlying().(*types.Pointer)
		if !ok || !Untyped(ptr.Elem()) {
			continue
		}
		elem := ptr.Elem()
		if _, isMap := elem.Underlying().(*types.Map); !isMap && !zeroTarget(u) {
			// json decodes into the pointer an interface already holds, and
			// reuses the elements of an array or slice; a map's values are
			// always made anew.
			continue
		}
		fn := u.Instr.Parent()
		ks := readKeys(fn, u, elem)
		if len(ks.keys) == 0 && !cfg.Unkeyed {
			continue
		}
		f := finding(u, elem, ks, maxKeys, pass.Pkg)
		f.Pos, f.End = callRange(fn, u.Instr)
		f.Block = u.Instr.Block()
		if f.Pos == last.pos && f.Claim == last.claim {
			continue
		}
		last.pos, last.claim = f.Pos, f.Claim
		if u.Callee != nil {
			if p, _ := callRange(u.Sink.Parent(), u.Sink); p.IsValid() {
				f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: "decoded here"})
			}
		}
		report.Emit(pass, cfg.Scope, f)
	}
	return nil, nil
}

// find reports calls of json.Unmarshal and (*json.Decoder).Decode, in any
// form SSA shows statically (a call, a method value, a method expression,
// a function held in a local), with the target as the sink.
func find(instr ssa.Instruction) (sinkflow.Sink, bool) {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return sinkflow.Sink{}, false
	}
	c := call.Common()
	if len(c.Args) == 0 {
		return sinkflow.Sink{}, false
	}
	if c.IsInvoke() {
		// An interface holding a *json.Decoder, called in place.
		mi, ok := c.Value.(*ssa.MakeInterface)
		if !ok || c.Method.Name() != "Decode" || !isDecoder(mi.X.Type()) {
			return sinkflow.Sink{}, false
		}
		return sinkflow.Sink{Iface: c.Args[len(c.Args)-1]}, true
	}
	callee := c.StaticCallee()
	if callee == nil {
		return sinkflow.Sink{}, false
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != jsonPath {
		return sinkflow.Sink{}, false
	}
	recv := obj.Signature().Recv()
	switch {
	case obj.Name() == "Unmarshal" && recv == nil:
	case obj.Name() == "Decode" && recv != nil && isDecoder(recv.Type()):
	default:
		return sinkflow.Sink{}, false
	}
	// The target is the last argument in every form: Unmarshal(data, v),
	// Decode(dec, v), and a bound dec.Decode(v).
	return sinkflow.Sink{Iface: c.Args[len(c.Args)-1]}, true
}

func isDecoder(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Name() == "Decoder" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == jsonPath
}

// Untyped reports whether encoding/json decodes into t without a schema:
// t is an empty interface, or a map, slice, array or pointer whose elements
// are (at any depth), and no type on the way decodes itself.
func Untyped(t types.Type) bool {
	for range 8 {
		t = types.Unalias(t)
		if _, ok := t.(*types.TypeParam); ok || decodesItself(t) {
			return false
		}
		switch u := t.Underlying().(type) {
		case *types.Interface:
			return u.Empty()
		case *types.Map:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Array:
			if u.Len() == 0 {
				return false // json skips the elements it has no room for
			}
			t = u.Elem()
		case *types.Pointer:
			t = u.Elem()
		default:
			return false
		}
	}
	return false
}

// decodesItself reports whether a named t has an UnmarshalJSON or
// UnmarshalText method (on T or *T), which encoding/json calls instead of
// decoding generically.
func decodesItself(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	if _, isIface := n.Underlying().(*types.Interface); isIface {
		return false
	}
	ms := types.NewMethodSet(types.NewPointer(n))
	return ms.Lookup(nil, "UnmarshalJSON") != nil || ms.Lookup(nil, "UnmarshalText") != nil
}

// zeroTarget reports whether the target is known to hold its zero value
// when decoded into: a local variable never assigned anything but nil, in
// whole or in part. Otherwise an interface (or an element of a slice or
// array) may hold a pointer, and json decodes into what it points to.
func zeroTarget(u sinkflow.Use) bool {
	for _, v := range []ssa.Value{u.SinkValue, u.Value} {
		if alloc, ok := v.(*ssa.Alloc); ok {
			return !storedInto(alloc, 0)
		}
	}
	return false
}

// storedInto reports whether anything but a nil constant is stored into
// addr or into an element or field of it.
func storedInto(addr ssa.Value, depth int) bool {
	if depth > 4 {
		return true
	}
	for _, r := range *addr.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != addr {
				continue
			}
			if c, ok := r.Val.(*ssa.Const); !ok || !c.IsNil() {
				return true
			}
		case *ssa.IndexAddr:
			if storedInto(r, depth+1) {
				return true
			}
		case *ssa.FieldAddr:
			if storedInto(r, depth+1) {
				return true
			}
		}
	}
	return false
}

// keys is what a function does with a decoded value.
type keys struct {
	keys    []keyAt // constant keys read, in position order, unique
	dynamic bool    // keys read with a non-constant key, or ranged over
}

type keyAt struct {
	key string
	pos token.Pos
}

// readKeys follows the decoded value in fn (through loads, type
// assertions, slice elements, phis and closures) to the first map level,
// and collects the constant keys read from it.
func readKeys(fn *ssa.Function, u sinkflow.Use, elem types.Type) keys {
	s := &keyScan{}
	if u.Value != nil {
		s.walk(u.Value)
	} else if v, ok := u.Instr.(ssa.Value); ok {
		// A wrapper that returns what it decoded: follow its results.
		if types.Identical(v.Type(), elem) {
			s.walk(v)
		} else if tup, ok := v.Type().(*types.Tuple); ok && v.Referrers() != nil {
			for _, r := range *v.Referrers() {
				if ex, ok := r.(*ssa.Extract); ok && types.Identical(tup.At(ex.Index).Type(), elem) {
					s.walk(ex)
				}
			}
		}
	}
	if fv, ok := u.Value.(*ssa.FreeVar); ok {
		if b := binding(fn, fv); b != nil {
			s.walk(b)
		}
	}
	slices.SortFunc(s.out.keys, func(a, b keyAt) int { return int(a.pos - b.pos) })
	s.out.keys = slices.CompactFunc(s.out.keys, func(a, b keyAt) bool { return a.key == b.key })
	// CompactFunc drops adjacent duplicates only; drop the others too.
	var uniq []keyAt
	for _, k := range s.out.keys {
		if !slices.ContainsFunc(uniq, func(x keyAt) bool { return x.key == k.key }) {
			uniq = append(uniq, k)
		}
	}
	s.out.keys = uniq
	return s.out
}

type keyScan struct {
	out  keys
	seen []ssa.Value
}

func (s *keyScan) walk(v ssa.Value) {
	if v == nil || slices.Contains(s.seen, v) || len(s.seen) > 512 {
		return
	}
	s.seen = append(s.seen, v)
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL {
				s.walk(r)
			}
		case *ssa.Lookup:
			if r.X != v {
				continue
			}
			if _, isMap := r.X.Type().Underlying().(*types.Map); !isMap {
				continue
			}
			if c, ok := r.Index.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String {
				s.out.keys = append(s.out.keys, keyAt{constant.StringVal(c.Value), r.Pos()})
			} else {
				s.out.dynamic = true
			}
		case *ssa.Range:
			s.out.dynamic = true
		case *ssa.TypeAssert:
			if r.X != v {
				continue
			}
			if !r.CommaOk {
				s.walk(r)
				continue
			}
			for _, e := range *r.Referrers() {
				if ex, ok := e.(*ssa.Extract); ok && ex.Index == 0 {
					s.walk(ex)
				}
			}
		case *ssa.IndexAddr:
			if r.X == v {
				s.walk(r)
			}
		case *ssa.Index:
			if r.X == v {
				s.walk(r)
			}
		case *ssa.Phi, *ssa.ChangeType, *ssa.Slice:
			s.walk(r.(ssa.Value))
		case *ssa.MakeClosure:
			anon, _ := r.Fn.(*ssa.Function)
			for i, b := range r.Bindings {
				if b == v && anon != nil && i < len(anon.FreeVars) {
					s.walk(anon.FreeVars[i])
				}
			}
		}
	}
}

// binding returns the value a closure's free variable is bound to in the
// function that creates the closure.
func binding(fn *ssa.Function, fv *ssa.FreeVar) ssa.Value {
	i := slices.Index(fn.FreeVars, fv)
	parent := fn.Parent()
	if i < 0 || parent == nil {
		return nil
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	}
	return nil
}

// callRange returns the extent of the call expression at instr, or its
// position alone when the syntax is not found.
func callRange(fn *ssa.Function, instr ssa.Instruction) (token.Pos, token.Pos) {
	pos := ssapos.Pos(instr)
	if call := ssapos.CallExpr(fn, pos); call != nil {
		return call.Pos(), call.End()
	}
	return pos, token.NoPos
}

func finding(u sinkflow.Use, elem types.Type, ks keys, maxKeys int, pkg *types.Package) report.Finding {
	qual := report.Qualifier(pkg)
	var b strings.Builder
	b.WriteString("decoding into ")
	b.WriteString(typeName(elem, qual))
	if u.Callee != nil {
		b.WriteString(" through ")
		b.WriteString(u.Callee.RelString(pkg))
	}
	b.WriteString(" builds a map per JSON object and boxes every number and string")
	f := report.Finding{Claim: b.String()}
	b.Reset()
	switch {
	case len(ks.keys) > 0:
		b.WriteString("the code reads ")
		for i, k := range ks.keys {
			if i == maxKeys {
				fmt.Fprintf(&b, " and %d more", len(ks.keys)-maxKeys)
				break
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Quote(k.key))
		}
		if ks.dynamic {
			b.WriteString(": decode into a struct with those fields (and map[string]T for the rest)")
		} else {
			b.WriteString(": decode into a struct with those fields")
		}
	case ks.dynamic:
		b.WriteString("decode into map[string]T with a concrete T, or map[string]json.RawMessage to defer decoding")
	default:
		b.WriteString("decode into a struct of the fields you need, or json.RawMessage to defer decoding")
	}
	f.Advice = b.String()
	return f
}

// typeName names t, and spells out its structure when t is a named type.
func typeName(t types.Type, qual types.Qualifier) string {
	s := types.TypeString(t, qual)
	if _, ok := types.Unalias(t).(*types.Named); ok {
		s += " (" + types.TypeString(t.Underlying(), qual) + ")"
	}
	return s
}
