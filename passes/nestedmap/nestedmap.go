package nestedmap

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"github.com/heaplint/heaplint/internal/typeshape"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
//
// The check is off by default: a nested map costs one allocation per inner
// map for certain, but whether one flat map is also smaller and faster
// depends on how many entries each inner map holds, which only the data
// knows (see the Cost section of the docs).
var Info = checkinfo.Info{Name: "nestedmap", Since: "v0.1.0", Default: false, Fix: checkinfo.FixNone}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// MinDepth is the smallest nesting depth reported: 2 for
	// map[K1]map[K2]V, 3 for map[K1]map[K2]map[K3]V. 0 means 2.
	MinDepth int `json:"min-depth,omitempty"`
}

// Validate rejects bad values, naming the setting.
func (c Config) Validate() error {
	if c.MinDepth < 0 || c.MinDepth == 1 {
		return fmt.Errorf("min-depth: %d is not a nesting depth: want 2 or more (0 means 2)", c.MinDepth)
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
	a.Flags.IntVar(&cfg.MinDepth, "min-depth", cfg.MinDepth, "report maps nested at least this deep (0 means 2)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	funcs := cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	lps := pass.ResultOf[loops.Analyzer].(*loops.Result)
	minDepth := cfg.MinDepth
	if minDepth == 0 {
		minDepth = 2
	}
	qual := report.Qualifier(pass.Pkg)
	var tr tracer
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mk, ok := instr.(*ssa.MakeMap)
				if !ok {
					continue
				}
				u := tr.perKeyStore(lps, mk)
				if u == nil {
					continue
				}
				shape := shapeOf(u.Map)
				if shape.depth() < minDepth {
					continue
				}
				emit(pass, cfg, qual, mk, u, shape)
			}
		}
	}
	return nil, nil
}

func emit(pass *analysis.Pass, cfg *Config, qual types.Qualifier, mk *ssa.MakeMap, u *ssa.MapUpdate, shape nest) {
	fn := mk.Parent()
	pos, end, what := allocExpr(fn, mk, qual)
	f := report.Finding{
		Pos: pos, End: end, Block: mk.Block(),
		Claim:  "inner map " + what + " allocates per outer key",
		Why:    fmt.Sprintf("it escapes into a %d-level nested map keyed by %s", shape.depth(), shape.keyList(qual)),
		Advice: "use one " + shape.flat(qual),
	}
	if p := u.Pos(); p.IsValid() && line(pass.Fset, p) != line(pass.Fset, pos) {
		f.Related = append(f.Related, analysis.RelatedInformation{
			Pos:     p,
			Message: "stored into the outer " + types.TypeString(u.Map.Type(), qual) + " here",
		})
	}
	report.Emit(pass, cfg.Scope, f)
}

func line(fset *token.FileSet, p token.Pos) int { return fset.Position(p).Line }

// allocExpr returns the range of the make call or map literal mk was built
// for, and how to name it in a message (as the compiler does).
func allocExpr(fn *ssa.Function, mk *ssa.MakeMap, qual types.Qualifier) (token.Pos, token.Pos, string) {
	t := types.TypeString(mk.Type(), qual)
	for _, n := range ssapos.Path(fn, mk.Pos()) {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Lparen == mk.Pos() {
				return n.Pos(), n.End(), "make(" + t + ")"
			}
		case *ast.CompositeLit:
			if n.Lbrace == mk.Pos() {
				if len(n.Elts) == 0 {
					return n.Pos(), n.End(), t + "{}"
				}
				return n.Pos(), n.End(), t + "{...}"
			}
		}
	}
	return mk.Pos(), token.NoPos, "make(" + t + ")"
}

// tracer follows a new map to the stores that put it into an outer map. Its
// scratch slices are reused across the whole package.
type tracer struct {
	work []ssa.Value
	seen []ssa.Value
}

// perKeyStore returns the first store of the map made by mk into a map whose
// elements are maps, on a path that runs once per outer key; nil if there is
// none. The map may reach the store directly, through a phi or a type
// change, or through a local variable (an Alloc it is stored into).
func (tr *tracer) perKeyStore(lps *loops.Result, mk *ssa.MakeMap) *ssa.MapUpdate {
	tr.work = append(tr.work[:0], mk)
	tr.seen = append(tr.seen[:0], mk)
	push := func(v ssa.Value) {
		for _, s := range tr.seen {
			if s == v {
				return
			}
		}
		if len(tr.seen) > 64 {
			return // a pathological web of phis: give up quietly
		}
		tr.seen = append(tr.seen, v)
		tr.work = append(tr.work, v)
	}
	for len(tr.work) > 0 {
		v := tr.work[len(tr.work)-1]
		tr.work = tr.work[:len(tr.work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.MapUpdate:
				if r.Value == v && nested(r.Map.Type()) && perKey(lps, mk, r) {
					return r
				}
			case *ssa.Phi:
				push(r)
			case *ssa.ChangeType:
				push(r)
			case *ssa.Store:
				// A local variable holding the map: follow its loads.
				if alloc, ok := r.Addr.(*ssa.Alloc); ok && r.Val == v && alloc.Referrers() != nil {
					for _, l := range *alloc.Referrers() {
						if load, ok := l.(*ssa.UnOp); ok && load.Op == token.MUL {
							push(load)
						}
					}
				}
			}
		}
	}
	return nil
}

// nested reports whether t is a map whose elements are maps.
func nested(t types.Type) bool {
	m := typeshape.MapOf(t)
	return m != nil && typeshape.MapOf(m.Elem()) != nil
}

// perKey reports whether the store u of the map made by mk runs once per
// outer key, rather than a fixed number of times: its key is not a
// constant, the map is made afresh each time the store runs (not once
// before a loop that stores it under many keys), and the outer map is not a
// fresh local filled only outside loops (a literal such as
// map[string]map[string]int{k: {}}).
func perKey(lps *loops.Result, mk *ssa.MakeMap, u *ssa.MapUpdate) bool {
	if _, ok := u.Key.(*ssa.Const); ok {
		return false
	}
	fn := u.Parent()
	if l := lps.Of(fn).Innermost(u.Block()); l != nil && !l.Contains(mk.Block()) {
		return false
	}
	if _, fresh := unchange(u.Map).(*ssa.MakeMap); fresh && lps.DepthIn(fn, u.Block()) == 0 {
		return false
	}
	return true
}

func unchange(v ssa.Value) ssa.Value {
	for {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			return v
		}
		v = ct.X
	}
}

// nest describes a nested map type from its outermost level: the key of
// each level and the value at the bottom.
type nest struct {
	keys []types.Type
	elem types.Type
}

func (n nest) depth() int { return len(n.keys) }

// shapeOf returns the shape of the nested map that outer belongs to: outer's
// own type, or, when outer was read out of a bigger nested map (m[k],
// m[k] with comma-ok, a range over m, possibly merged with a fresh map by a
// phi), that map's type.
func shapeOf(outer ssa.Value) nest {
	root := outer
	var phis []*ssa.Phi
	for range 16 { // one step per level of nesting
		phis = phis[:0]
		parent := parentMap(root, &phis)
		if parent == nil {
			break
		}
		root = parent
	}
	var n nest
	t := root.Type()
	var seen []types.Type
	for {
		m := typeshape.MapOf(t)
		if m == nil {
			break
		}
		for _, s := range seen {
			if types.Identical(s, t) {
				return nest{} // a recursive map type (a trie): no fixed depth
			}
		}
		seen = append(seen, t)
		n.keys = append(n.keys, m.Key())
		t = m.Elem()
	}
	n.elem = t
	return n
}

// parentMap returns the map that v was read from, or nil. phis holds the
// phis already visited: they may form cycles (a variable updated in a
// loop).
func parentMap(v ssa.Value, phis *[]*ssa.Phi) ssa.Value {
	switch v := v.(type) {
	case *ssa.ChangeType:
		return parentMap(v.X, phis)
	case *ssa.Lookup:
		if typeshape.MapOf(v.X.Type()) != nil {
			return v.X
		}
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.Lookup:
			if v.Index == 0 {
				return parentMap(t, phis)
			}
		case *ssa.Next:
			if rng, ok := t.Iter.(*ssa.Range); ok && v.Index == 2 && typeshape.MapOf(rng.X.Type()) != nil {
				return rng.X
			}
		}
	case *ssa.Phi:
		if slices.Contains(*phis, v) || len(*phis) > 32 {
			return nil
		}
		*phis = append(*phis, v)
		for _, e := range v.Edges {
			if p := parentMap(e, phis); p != nil {
				return p
			}
		}
	}
	return nil
}

// keyList names the keys of each level: "string, int".
func (n nest) keyList(qual types.Qualifier) string {
	var sb strings.Builder
	for i, k := range n.keys {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(types.TypeString(k, qual))
	}
	return sb.String()
}

// flat writes the one map that replaces the nest: keyed by an array when
// every level has the same key type, else by a struct of the keys.
func (n nest) flat(qual types.Qualifier) string {
	same := true
	for _, k := range n.keys[1:] {
		if !types.Identical(k, n.keys[0]) {
			same = false
		}
	}
	elem := types.TypeString(n.elem, qual)
	if same {
		return fmt.Sprintf("map[[%d]%s]%s", len(n.keys), types.TypeString(n.keys[0], qual), elem)
	}
	var sb strings.Builder
	sb.WriteString("map[struct{")
	for i, k := range n.keys {
		if i > 0 {
			sb.WriteString("; ")
		}
		fmt.Fprintf(&sb, "k%d %s", i+1, types.TypeString(k, qual))
	}
	sb.WriteString("}]")
	sb.WriteString(elem)
	return sb.String()
}
