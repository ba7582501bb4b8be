package unsizedmake

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
var Info = checkinfo.Info{Name: "unsizedmake", Since: "v0.1.0", Default: true, Fix: checkinfo.FixManual}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// UpperBounds also reports growth whose size is only bounded: appends
	// on some iterations only (a filter), loops that can break early, and
	// ranges over strings (one iteration per rune). The message says "up
	// to", and no fix is offered: the bound may be far above the size.
	UpperBounds bool `json:"upper-bounds,omitempty"`
	// SmallCap is the largest constant capacity that counts as unsized
	// when the loop's bound is not a constant; 0 means 4, -1 means that
	// only creations without capacity are reported then.
	SmallCap int `json:"small-cap,omitempty"`
}

// Validate rejects bad values, naming the setting.
func (c Config) Validate() error {
	if c.SmallCap < -1 {
		return fmt.Errorf("small-cap: %d is below -1", c.SmallCap)
	}
	return nil
}

func (c Config) smallCap() int64 {
	switch c.SmallCap {
	case 0:
		return 4
	case -1:
		return 0
	}
	return int64(c.SmallCap)
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
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, hotness.Analyzer, escape.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.BoolVar(&cfg.UpperBounds, "upper-bounds", cfg.UpperBounds, "also report growth whose size is only bounded (conditional appends, early breaks)")
	a.Flags.IntVar(&cfg.SmallCap, "small-cap", cfg.SmallCap, "largest constant capacity that counts as unsized when the bound is not constant (0 means 4, -1 none)")
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
	for _, fn := range funcs {
		forest := lps.Of(fn)
		if forest == nil {
			continue
		}
		c := &checker{pass: pass, cfg: cfg, fn: fn, forest: forest, reported: map[token.Pos]bool{}}
		c.run()
	}
	return nil, nil
}

// checker looks at one function.
type checker struct {
	pass   *analysis.Pass
	cfg    *Config
	fn     *ssa.Function
	forest *loops.Forest
	trips  *loops.Trips // computed on first use

	reported map[token.Pos]bool // creations reported (a var entering two loops in turn)
}

func (c *checker) tripsOf() *loops.Trips {
	if c.trips == nil {
		c.trips = loops.FindTrips(c.fn, c.forest, c.pass.TypesInfo)
	}
	return c.trips
}

// A creation is a slice or map made without (enough) room.
type creation struct {
	isMap bool
	// value is the slice or map: for var s []T entering a loop as nil,
	// the loop header phi; for var s []T first grown by an append before
	// the loop, that append.
	value   ssa.Value
	nilVar  bool       // var s []T entering the loop as nil
	declVar bool       // var s []T, then s = append(s, ...) before the loop
	lit     []ast.Expr // the elements of a non-empty literal []T{a, b}
	cap     int64      // the constant capacity or size hint it has (0 for none)
	sized   bool       // cap was written in a make (a deliberate size)
	typ     types.Type
	pos     token.Pos
	end     token.Pos
	syntax  ast.Node     // *ast.ValueSpec, *ast.CompositeLit, *ast.CallExpr, or *ast.Field (a named result)
	name    string       // the variable, or "" when it has none
	obj     types.Object // the variable, or nil
}

func (c *checker) run() {
	for _, b := range c.fn.Blocks {
		for _, instr := range b.Instrs {
			var cr *creation
			switch v := instr.(type) {
			case *ssa.Phi:
				cr = c.nilSlice(v)
			case *ssa.Alloc:
				cr = c.constSlice(v)
			case *ssa.MakeSlice:
				cr = c.madeSlice(v)
			case *ssa.MakeMap:
				cr = c.madeMap(v)
			case *ssa.Call:
				cr = c.declThenAppend(v)
			}
			if cr != nil {
				c.check(cr)
			}
		}
	}
}

// nilSlice recognizes `var s []T` entering a loop: a loop header phi whose
// value on entry is nil, declared by a var spec without a value (or a named
// result).
func (c *checker) nilSlice(phi *ssa.Phi) *creation {
	l := c.forest.Innermost(phi.Block())
	if l == nil || l.Header != phi.Block() || !phi.Pos().IsValid() {
		return nil
	}
	if _, ok := phi.Type().Underlying().(*types.Slice); !ok {
		return nil
	}
	var entry ssa.Value
	for i, e := range phi.Edges {
		if l.Contains(phi.Block().Preds[i]) {
			continue
		}
		if entry != nil && entry != e {
			return nil
		}
		entry = e
	}
	k, ok := entry.(*ssa.Const)
	if !ok || !k.IsNil() {
		return nil
	}
	cr := &creation{value: phi, nilVar: true, typ: phi.Type(), name: phi.Comment}
	if !c.declaredAt(cr, phi.Pos()) {
		return nil
	}
	return cr
}

// declaredAt finds the declaration of a slice variable without a value
// (var s []T, or a named result) whose name is at pos.
func (c *checker) declaredAt(cr *creation, pos token.Pos) bool {
	cr.pos = pos
	for _, n := range ssapos.Path(c.fn, pos) {
		switch n := n.(type) {
		case *ast.ValueSpec:
			if len(n.Names) != 1 || n.Names[0].Pos() != pos || n.Values != nil || n.Type == nil {
				return false
			}
			cr.syntax, cr.end, cr.obj = n, n.End(), c.pass.TypesInfo.Defs[n.Names[0]]
			return true
		case *ast.Field: // a named result
			for _, id := range n.Names {
				if id.Pos() == pos {
					cr.syntax, cr.end, cr.obj = n, id.End(), c.pass.TypesInfo.Defs[id]
					return true
				}
			}
			return false
		case ast.Stmt:
			return false
		}
	}
	return false
}

// declThenAppend recognizes var s []T grown by an append before the loop
// that then fills it: s = append(s, ...) whose s is still the nil of the
// declaration.
func (c *checker) declThenAppend(call *ssa.Call) *creation {
	if !isAppend(call) {
		return nil
	}
	if k, ok := call.Call.Args[0].(*ssa.Const); !ok || !k.IsNil() {
		return nil
	}
	syntax := ssapos.CallExpr(c.fn, call.Pos())
	if syntax == nil || len(syntax.Args) == 0 {
		return nil
	}
	id, ok := ast.Unparen(syntax.Args[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() {
		return nil
	}
	cr := &creation{value: call, declVar: true, typ: call.Type(), name: v.Name()}
	if !c.declaredAt(cr, v.Pos()) || cr.obj != v {
		return nil
	}
	return cr
}

// constSlice recognizes []T{} and make([]T, 0[, k]) with a constant k: an
// array allocation sliced to length 0.
func (c *checker) constSlice(a *ssa.Alloc) *creation {
	if a.Comment != "slicelit" && a.Comment != "makeslice" {
		return nil
	}
	arr, ok := a.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
	if !ok || a.Referrers() == nil {
		return nil
	}
	var s *ssa.Slice
	for _, r := range *a.Referrers() {
		if sl, ok := r.(*ssa.Slice); ok && sl.X == a {
			s = sl
		}
	}
	if s == nil || s.Low != nil || s.Max != nil {
		return nil
	}
	if s.High != nil {
		if n, ok := intConst(s.High); !ok || n != 0 {
			return nil // make([]T, n, k): already has elements
		}
	} else if arr.Len() != 0 && a.Comment != "slicelit" {
		return nil
	}
	cr := &creation{value: s, cap: arr.Len(), sized: a.Comment == "makeslice", typ: s.Type(), pos: a.Pos()}
	if !c.syntaxAt(cr, a.Comment == "slicelit") {
		return nil
	}
	if lit, ok := cr.syntax.(*ast.CompositeLit); ok && len(lit.Elts) > 0 {
		if int64(len(lit.Elts)) != arr.Len() {
			return nil // keyed elements leave gaps
		}
		cr.lit = lit.Elts // []T{a, b}: starts with its elements
	}
	return cr
}

// madeSlice recognizes make([]T, 0, k) whose constant k reached SSA as a
// constant value only after the variable holding it was lifted.
func (c *checker) madeSlice(m *ssa.MakeSlice) *creation {
	n, ok := intConst(m.Len)
	if !ok || n != 0 {
		return nil
	}
	k, ok := intConst(m.Cap)
	if !ok {
		return nil // sized by a variable
	}
	cr := &creation{value: m, cap: k, sized: true, typ: m.Type(), pos: m.Pos()}
	if !c.syntaxAt(cr, false) {
		return nil
	}
	return cr
}

// madeMap recognizes make(map[K]V), make(map[K]V, k) and map[K]V{}.
func (c *checker) madeMap(m *ssa.MakeMap) *creation {
	cr := &creation{isMap: true, value: m, typ: m.Type(), pos: m.Pos()}
	if m.Reserve != nil {
		k, ok := intConst(m.Reserve)
		if !ok {
			return nil
		}
		cr.cap, cr.sized = k, true
	}
	if !c.syntaxAt(cr, false) {
		return nil
	}
	if lit, ok := cr.syntax.(*ast.CompositeLit); ok && len(lit.Elts) > 0 {
		return nil
	}
	return cr
}

// syntaxAt finds the make call (Lparen at cr.pos) or the composite literal
// (Lbrace at cr.pos) of a creation, and the variable it is assigned to.
func (c *checker) syntaxAt(cr *creation, lit bool) bool {
	path := ssapos.Path(c.fn, cr.pos)
	for i, n := range path {
		switch n := n.(type) {
		case *ast.CallExpr:
			if n.Lparen != cr.pos {
				continue
			}
			cr.syntax, cr.pos, cr.end = n, n.Pos(), n.End()
		case *ast.CompositeLit:
			if n.Lbrace != cr.pos {
				continue
			}
			cr.syntax, cr.pos, cr.end = n, n.Pos(), n.End()
		default:
			continue
		}
		if id := assignedIdent(path[i+1:], n.(ast.Expr)); id != nil {
			cr.name = id.Name
			if obj := c.pass.TypesInfo.ObjectOf(id); obj != nil {
				cr.obj = obj
			}
		}
		return true
	}
	return false
}

// assignedIdent returns the variable that expr is assigned to or declared
// with, given the nodes enclosing expr, innermost first.
func assignedIdent(outer []ast.Node, expr ast.Expr) *ast.Ident {
	for _, n := range outer {
		switch n := n.(type) {
		case *ast.ParenExpr:
			expr = n
			continue
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if r == expr && i < len(n.Lhs) && len(n.Lhs) == len(n.Rhs) {
					if id, ok := n.Lhs[i].(*ast.Ident); ok && id.Name != "_" {
						return id
					}
				}
			}
		case *ast.ValueSpec:
			for i, r := range n.Values {
				if r == expr && i < len(n.Names) {
					return n.Names[i]
				}
			}
		}
		return nil
	}
	return nil
}

func intConst(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// An atom is one factor of a count: a loop's trip count or the length of
// an appended slice, as it would be written where the slice is created.
type atom struct {
	text  string
	bare  string     // text without the max(..., 0) clamp, when max is set
	sum   bool       // text has a top-level + or -
	max   bool       // text uses the max builtin (go1.21)
	exprs []ast.Expr // the syntax text quotes
}

// growth is what a creation receives in its loops.
type growth struct {
	total poly
	pre   poly // what it holds when the first loop starts (a literal's elements, appends before it)
	exact bool
	// counted is false when it accumulates by append in a loop whose
	// count is not known before the loop; total is then meaningless.
	counted bool
	loop    *loops.Loop // the first loop it grows in
	depth   int         // the deepest loop that adds to it
	grows   []token.Pos // the appends and map stores in loops, where the runtime charges the growth
	vals    []ssa.Value // the slice's values in its loops (header phis, appends): what may escape
}

// accum tracks the analysis of one creation.
type accum struct {
	c     *checker
	atoms []atom
	vals  []ssa.Value // the values of the slice or map being filled
}

// atomOf returns the index of the atom with this text, adding it.
func (a *accum) atomOf(t atom) int {
	for i, x := range a.atoms {
		if x.text == t.text {
			a.atoms[i].exprs = append(a.atoms[i].exprs, t.exprs...)
			return i
		}
	}
	a.atoms = append(a.atoms, t)
	return len(a.atoms) - 1
}

// tripPoly returns l's trip count as a poly, whether it is exact, and
// false when it is unknown or not fixed for the whole of root (the
// accumulation's outermost loop).
func (a *accum) tripPoly(l, root *loops.Loop) (poly, bool, bool) {
	t := a.c.tripsOf().Of(l)
	if t == nil {
		return nil, false, false
	}
	for _, term := range t.Count.Terms {
		if !loops.Invariant(term.Value, root) {
			return nil, false, false
		}
	}
	exact := t.Exact || (t.Kind != loops.RangeString && !a.leavesEarly(t))
	if n, ok := t.Count.IsConst(); ok {
		return constPoly(n), exact, true
	}
	return atomPoly(a.atomOf(countAtom(t.Count))), exact, true
}

// leavesEarly reports whether t's loop can stop early and go on with what
// it filled: an edge out of the loop other than its test's, from which the
// code after the loop is reached, the loop is entered again, or the slice
// or map is used. An early return that drops it (return nil, err) does not
// count: what the loop fills then is not kept.
func (a *accum) leavesEarly(t *loops.Trip) bool {
	l := t.Loop
	after := t.Test.Succs[1]
	for _, b := range a.c.fn.Blocks {
		if !l.Contains(b) {
			continue
		}
		for i, s := range b.Succs {
			if l.Contains(s) || (b == t.Test && i == 1) {
				continue
			}
			if a.keeps(s, l, after) {
				return true
			}
		}
	}
	return false
}

// keeps reports whether the code from block start reaches after, the
// loop l, or a use of the values being filled.
func (a *accum) keeps(start *ssa.BasicBlock, l *loops.Loop, after *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := []*ssa.BasicBlock{start}
	var ops []*ssa.Value
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if b == after || l.Contains(b) {
			return true
		}
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if op != nil && slices.Contains(a.vals, *op) {
					return true
				}
			}
		}
		work = append(work, b.Succs...)
	}
	return false
}

// countAtom writes a trip count: len(xs), n, b - a, max(n, 0).
func countAtom(c loops.Count) atom {
	var at atom
	text := ""
	for i, t := range c.Terms {
		s := types.ExprString(t.Expr)
		if t.Len {
			s = "len(" + s + ")"
		} else if needsParens(t.Expr) && (len(c.Terms) > 1 || c.Const != 0) {
			s = "(" + s + ")"
		}
		switch {
		case t.Coef < 0:
			text += " - " + s
		case i > 0:
			text += " + " + s
		default:
			text += s
		}
		at.exprs = append(at.exprs, t.Expr)
	}
	if len(c.Terms) == 1 && c.Terms[0].Coef < 0 {
		text = "-" + text[len(" - "):]
	}
	switch {
	case c.Const > 0:
		text += fmt.Sprintf(" + %d", c.Const)
	case c.Const < 0:
		text += fmt.Sprintf(" - %d", -c.Const)
	}
	at.sum = len(c.Terms) > 1 || c.Const != 0 || c.Terms[0].Coef < 0
	if !c.NonNegative() {
		at.bare = text
		text = "max(" + text + ", 0)"
		at.max = true
	}
	at.text = text
	return at
}

func needsParens(e ast.Expr) bool {
	switch ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit, *ast.CallExpr, *ast.SelectorExpr, *ast.IndexExpr:
		return false
	}
	return true
}

// check analyzes one creation and reports it when it grows in a loop with
// a known bound beyond its capacity, or when it grows from empty on each
// call of a hot function (or iteration of a loop) and could be reused.
func (c *checker) check(cr *creation) {
	a := &accum{c: c}
	var g *growth
	if cr.isMap {
		g = a.mapGrowth(cr)
	} else {
		g = a.sliceGrowth(cr)
	}
	if g == nil || c.reported[cr.pos] {
		return
	}
	if !g.counted {
		if c.regrows(cr, g) {
			c.reported[cr.pos] = true
		}
		return
	}
	if g.total.isZero() || (!g.exact && !c.cfg.UpperBounds) {
		return
	}
	if !g.exact && a.call(g.total) != nil {
		return // a bound that calls a function on a path that may not call it
	}
	c.reported[cr.pos] = true
	if n, ok := g.total.constant(); ok {
		if !c.presizeSaves(cr, g, n) {
			return
		}
	} else if cr.sized && cr.cap > c.cfg.smallCap() {
		return // a deliberate capacity
	}
	c.report(cr, a, g)
}

// sliceGrowth follows a slice from its creation: into the first loop whose
// header takes it on entry, out of it, and into each later loop that takes
// what the previous one built, adding up what the loops append and what
// appends between and after them (of a constant number of elements) add.
func (a *accum) sliceGrowth(cr *creation) *growth {
	f := a.c.forest
	var cur ssa.Value
	var phi *ssa.Phi
	var home *loops.Loop // the loop the creation is in, or nil
	if cr.nilVar {
		phi = cr.value.(*ssa.Phi)
		home = f.Innermost(phi.Block()).Parent
	} else {
		cur = cr.value
		home = f.Innermost(cr.value.(ssa.Instruction).Block())
	}
	g := &growth{exact: true, counted: true}
	var straight poly
	switch {
	case len(cr.lit) > 0:
		straight = constPoly(int64(len(cr.lit)))
	case cr.declVar:
		straight = a.straightElems(cur.(*ssa.Call), g)
	}
	for step := 0; step < 100; step++ {
		if phi != nil {
			l := f.Innermost(phi.Block())
			total, exact, depth, st := a.appendsIn(phi, l, g)
			switch st {
			case notAccum:
				return nil
			case uncounted:
				if g.loop != nil {
					return nil // counted growth, then more: not a regrowth
				}
				g.loop, g.counted = l, false
				return g
			}
			if g.loop == nil {
				g.loop = l
				g.pre = straight
			}
			g.total = add(g.total, total)
			g.exact = g.exact && exact && a.c.unconditional(cr, l)
			g.depth = max(g.depth, depth)
			cur, phi = phi, nil
			continue
		}
		next, conditional := a.nextStep(cur, home)
		if next == nil {
			break
		}
		if conditional {
			// An append under an if: it may or may not run, so the
			// count it adds is an upper bound.
			g.exact = false
		}
		switch next := next.(type) {
		case *ssa.Phi:
			if l := f.Innermost(next.Block()); l != nil && l.Header == next.Block() && l.Parent == home {
				phi = next
			} else {
				cur = next
			}
		case *ssa.Call:
			straight = add(straight, a.straightElems(next, g))
			cur = next
		}
	}
	if g.loop == nil {
		return nil
	}
	g.total = add(g.total, straight)
	return g
}

// straightElems returns how many elements an append outside the loops
// adds: a constant, or len(xs) for append(s, xs...); any other count makes
// the growth inexact.
func (a *accum) straightElems(call *ssa.Call, g *growth) poly {
	if n, ok := a.constElems(call); ok {
		return constPoly(n)
	}
	if p, ok := a.spreadLen(call); ok {
		return p
	}
	g.exact = false
	return nil
}

// nextStep returns where the slice v goes next at the creation's loop
// level: the header phi of a loop it enters, an append to it, or a phi
// merging it; nil when none. conditional reports an append that v also
// bypasses (to a phi after an if): it runs on some paths only.
//
// A loop it enters comes first: a loop inside an if also reaches the phi
// after the if, which the slice reaches directly when the loop is skipped.
// An append comes before a phi that merges v with its result, so that the
// elements it adds are counted (as an upper bound).
func (a *accum) nextStep(v ssa.Value, home *loops.Loop) (next ssa.Value, conditional bool) {
	if v.Referrers() == nil {
		return nil, false
	}
	f := a.c.forest
	var appendCall, merge ssa.Value
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Phi:
			l := f.Innermost(r.Block())
			if l != nil && l.Header == r.Block() && l.Parent == home {
				entering := true
				for i, e := range r.Edges {
					if !l.Contains(r.Block().Preds[i]) && e != v {
						entering = false
					}
				}
				if entering {
					return r, false
				}
				continue
			}
			if l == home && merge == nil {
				merge = r
			}
		case *ssa.Call:
			if isAppend(r) && r.Call.Args[0] == v && f.Innermost(r.Block()) == home && appendCall == nil {
				appendCall = r
			}
		}
	}
	if appendCall != nil {
		return appendCall, merge != nil
	}
	return merge, false
}

// constElems returns how many elements an append adds when it is a
// constant.
func (a *accum) constElems(call *ssa.Call) (int64, bool) {
	if len(call.Call.Args) < 2 {
		return 0, true
	}
	if n, ok := arrayLenOf(call.Call.Args[1]); ok {
		return n, true
	}
	if k, ok := call.Call.Args[1].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.String {
		return int64(len(constant.StringVal(k.Value))), true
	}
	return 0, false
}

// arrayLenOf returns the length of a slice of a whole fresh array: the
// packed arguments of append(s, a, b, c), or arr[:].
func arrayLenOf(v ssa.Value) (int64, bool) {
	s, ok := v.(*ssa.Slice)
	if !ok || s.Low != nil || s.High != nil || s.Max != nil {
		return 0, false
	}
	alloc, ok := s.X.(*ssa.Alloc)
	if !ok {
		return 0, false
	}
	arr, ok := alloc.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
	if !ok {
		return 0, false
	}
	return arr.Len(), true
}

// appendsIn analyzes the accumulation of the slice that enters loop l as
// the header phi: the values of the slice within l must be the phi, other
// phis of those values, and appends to them, and every value the loop
// carries back must be one of them (a reset, s = s[:0], or any other
// assignment makes the growth unknown). It returns the elements added over
// the whole loop, whether that count is exact, and the loop depth of the
// deepest loop that appends.
func (a *accum) appendsIn(phi *ssa.Phi, l *loops.Loop, g *growth) (poly, bool, int, accumState) {
	inLoop := func(v ssa.Value) bool {
		instr, ok := v.(ssa.Instruction)
		return ok && l.Contains(instr.Block())
	}
	// The slice's values in the loop.
	vals := []ssa.Value{phi}

	member := func(v ssa.Value) bool { return slices.Contains(vals, v) }
	for i := 0; i < len(vals); i++ {
		refs := vals[i].Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi:
				if inLoop(r) && !member(r) {
					vals = append(vals, r)
				}
			case *ssa.Call:
				if isAppend(r) && r.Call.Args[0] == vals[i] && inLoop(r) && !member(r) {
					vals = append(vals, r)
				}
			}
		}
	}
	a.vals = vals
	// Every phi among them takes only such values (besides the entry).
	for _, v := range vals {
		p, ok := v.(*ssa.Phi)
		if !ok {
			continue
		}
		for i, e := range p.Edges {
			if p == phi && !l.Contains(p.Block().Preds[i]) {
				continue
			}
			if !member(e) {
				return nil, false, 0, notAccum
			}
		}
	}
	// The appends whose result the loop carries back (live), by block.
	live := map[*ssa.Call]bool{}
	var work []ssa.Value
	for i, e := range phi.Edges {
		if l.Contains(phi.Block().Preds[i]) {
			work = append(work, e)
		}
	}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] || v == phi {
			continue
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Phi:
			work = append(work, v.Edges...)
		case *ssa.Call:
			live[v] = true
			work = append(work, v.Call.Args[0])
		}
	}
	if len(live) == 0 {
		return nil, false, 0, notAccum
	}
	g.vals = append(g.vals, vals...)
	weights := map[*ssa.BasicBlock]poly{}
	exactW, known := true, true
	depth := 0
	// Visit in block order for determinism of the atom table.
	for _, b := range a.c.fn.Blocks {
		if !l.Contains(b) {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || !live[call] {
				continue
			}
			g.grows = append(g.grows, call.Pos())
			w, exact, ok := a.elems(call, l)
			if !ok {
				known = false
				continue
			}
			exactW = exactW && exact
			weights[b] = add(weights[b], w)
			depth = max(depth, a.c.forest.Depth(b))
		}
	}
	if !known {
		return nil, false, 0, uncounted
	}
	per, exact, ok := a.perIter(l, l, weights)
	if !ok {
		return nil, false, 0, uncounted
	}
	trip, tripExact, ok := a.tripPoly(l, l)
	if !ok {
		return nil, false, 0, uncounted
	}
	return mul(trip, per), exact && exactW && tripExact, depth, counted
}

// accumState says what a loop does to a slice that enters it.
type accumState uint8

const (
	notAccum  accumState = iota // it is reset or replaced: not an accumulation
	uncounted                   // it accumulates, by a count not known before the loop
	counted                     // it accumulates, by a known count
)

func isAppend(call *ssa.Call) bool {
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "append" && len(call.Call.Args) >= 1
}

// elems returns how many elements an append adds: the number of listed
// values, or the length of a spread slice or string that is the same on
// every iteration of root.
func (a *accum) elems(call *ssa.Call, root *loops.Loop) (poly, bool, bool) {
	if len(call.Call.Args) < 2 {
		return nil, true, true
	}
	x := call.Call.Args[1]
	if n, ok := a.constElems(call); ok {
		return constPoly(n), true, true // append(s, a, b, c), append(s, arr[:]...), append(b, "abc"...)
	}
	if k, ok := x.(*ssa.Const); ok && k.Value == nil {
		return nil, true, true // append(s, nil...)
	}
	if !loops.Invariant(x, root) {
		return nil, false, false
	}
	p, ok := a.spreadLen(call)
	return p, true, ok
}

// spreadLen returns the count of append(s, xs...) as len(xs), or as the
// length of a constant string.
func (a *accum) spreadLen(call *ssa.Call) (poly, bool) {
	syntax := ssapos.CallExpr(a.c.fn, call.Pos())
	if syntax == nil || len(syntax.Args) != 2 || !syntax.Ellipsis.IsValid() {
		return nil, false
	}
	arg := syntax.Args[1]
	if tv, ok := a.c.pass.TypesInfo.Types[arg]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constPoly(int64(len(constant.StringVal(tv.Value)))), true
	}
	return atomPoly(a.atomOf(atom{text: "len(" + types.ExprString(arg) + ")", exprs: []ast.Expr{arg}})), true
}

// perIter returns how much l adds on one iteration at most (the longest
// path through l's body, an inner loop counting as its whole run), and
// whether every iteration adds exactly that much: every path from the
// header to a latch adds the same. weights holds what each block adds
// itself. Inner loops' trip counts must be fixed for all of root.
func (a *accum) perIter(l, root *loops.Loop, weights map[*ssa.BasicBlock]poly) (poly, bool, bool) {
	f := a.c.forest
	fn := a.c.fn
	// The nodes: l's own blocks, and each inner loop (by its header).
	node := func(b *ssa.BasicBlock) *ssa.BasicBlock {
		in := f.Innermost(b)
		if in == l {
			return b
		}
		for in != nil && in.Parent != l {
			in = in.Parent
		}
		if in == nil {
			return nil
		}
		return in.Header
	}
	// Weights of the nodes; the edges that skip a rotated inner loop
	// exactly when it runs 0 times, which count as going through it.
	w := map[*ssa.BasicBlock]poly{}
	type edge struct{ from, to *ssa.BasicBlock }
	var skips []edge
	exact := true
	for _, b := range fn.Blocks {
		if !l.Contains(b) || node(b) != b {
			continue
		}
		in := f.Innermost(b)
		if in == l {
			w[b] = weights[b]
			continue
		}
		if t := a.c.tripsOf().Of(in); t != nil && t.Guard != nil && l.Contains(t.Guard) {
			skips = append(skips, edge{node(t.Guard), node(t.Guard.Succs[1])})
		}
		// An inner loop: its whole run, if anything in it adds.
		adds := false
		for _, bb := range fn.Blocks {
			if in.Contains(bb) && !weights[bb].isZero() {
				adds = true
				break
			}
		}
		if !adds {
			continue
		}
		per, perExact, ok := a.perIter(in, root, weights)
		if !ok {
			return nil, false, false
		}
		trip, tripExact, ok := a.tripPoly(in, root)
		if !ok {
			return nil, false, false
		}
		w[b] = mul(trip, per)
		exact = exact && perExact && tripExact
	}
	// The forward edges between nodes (not back to the header), in block
	// order: one pass over the blocks, rather than one per node.
	succs := map[*ssa.BasicBlock][]*ssa.BasicBlock{}
	for _, b := range fn.Blocks {
		if !l.Contains(b) {
			continue
		}
		n := node(b)
		if n == nil {
			continue
		}
		for _, s := range b.Succs {
			if !l.Contains(s) || s == l.Header {
				continue
			}
			m := node(s)
			if m == nil || m == n || slices.Contains(succs[n], m) || slices.Contains(skips, edge{n, m}) {
				continue
			}
			succs[n] = append(succs[n], m)
		}
	}
	var order []*ssa.BasicBlock
	visited := map[*ssa.BasicBlock]bool{}
	var visit func(n *ssa.BasicBlock)
	visit = func(n *ssa.BasicBlock) {
		visited[n] = true
		for _, m := range succs[n] {
			if !visited[m] {
				visit(m)
			}
		}
		order = append(order, n)
	}
	visit(l.Header)
	slices.Reverse(order)
	// Longest path, and whether all paths into a node add the same.
	type state struct {
		in      poly
		reached bool
		uneven  bool
	}
	st := map[*ssa.BasicBlock]*state{l.Header: {reached: true}}
	var result poly
	for _, n := range order {
		s := st[n]
		if s == nil {
			continue
		}
		out := add(s.in, w[n])
		result = maxPoly(result, out)
		for _, m := range succs[n] {
			t := st[m]
			if t == nil {
				st[m] = &state{in: out, reached: true, uneven: s.uneven}
				continue
			}
			if !slices.EqualFunc(t.in, out, monoEqual) {
				t.uneven = true
			}
			t.uneven = t.uneven || s.uneven
			t.in = maxPoly(t.in, out)
		}
	}
	// Every latch must see the same, uneven nowhere on the way, and that
	// must be the most any path adds.
	var latchSum poly
	first := true
	for _, p := range l.Header.Preds {
		if !l.Contains(p) {
			continue
		}
		n := node(p)
		s := st[n]
		if s == nil {
			return nil, false, false
		}
		out := add(s.in, w[n])
		if s.uneven || (!first && !slices.EqualFunc(out, latchSum, monoEqual)) {
			exact = false
		}
		latchSum, first = out, false
	}
	if !slices.EqualFunc(latchSum, result, monoEqual) {
		exact = false
	}
	return result, exact, true
}

func monoEqual(a, b mono) bool { return a.coef == b.coef && slices.Equal(a.atoms, b.atoms) }

// mapGrowth counts the assignments to a map in the loops that fill it.
// A map stored as a value into another map is nestedmap's finding. An
// assignment whose value reads the same map (m[k]++, m[k] = append(m[k],
// v)) groups elements under fewer keys and is not counted; one whose key
// is the same on every iteration adds one entry at most; reads of the map
// in the loop (a dedupe test) make the count an upper bound.
func (a *accum) mapGrowth(cr *creation) *growth {
	m := cr.value
	if m.Referrers() == nil {
		return nil
	}
	home := m.(ssa.Instruction).Block()
	f := a.c.forest
	var roots []*loops.Loop
	var updates []*ssa.MapUpdate
	var straight int64 // stores outside the loops, one entry each at most
	for _, r := range *m.Referrers() {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Value == m || r.Key == m {
				return nil // an inner map: nestedmap's
			}
			if r.Map != m {
				continue
			}
			root := f.Innermost(r.Block())
			for root != nil && root.Parent != nil && !root.Parent.Contains(home) {
				root = root.Parent
			}
			if root == nil || root.Contains(home) {
				// Outside the loops that fill it: m[k] = v after the
				// loop still needs room (m[k]++ finds its key there).
				if f.Innermost(r.Block()) == f.Innermost(home) && !readsMap(r.Value, m, 0) {
					straight++
				}
				continue
			}
			updates = append(updates, r)
			if !slices.Contains(roots, root) {
				roots = append(roots, root)
			}
		}
	}
	if len(roots) == 0 {
		return nil
	}
	a.vals = []ssa.Value{m}
	g := &growth{exact: true, counted: true}
	for _, root := range roots {
		weights := map[*ssa.BasicBlock]poly{}
		dedupe := false
		for _, u := range updates {
			if !root.Contains(u.Block()) {
				continue
			}
			if readsMap(u.Value, m, 0) || loops.Invariant(u.Key, root) {
				continue
			}
			weights[u.Block()] = add(weights[u.Block()], constPoly(1))
			g.depth = max(g.depth, f.Depth(u.Block()))
			g.grows = append(g.grows, u.Pos())
		}
		if len(weights) == 0 {
			continue
		}
		for _, r := range *m.Referrers() {
			if lk, ok := r.(*ssa.Lookup); ok && root.Contains(lk.Block()) {
				dedupe = true
			}
		}
		per, exact, ok := a.perIter(root, root, weights)
		if !ok {
			return nil
		}
		trip, tripExact, ok := a.tripPoly(root, root)
		if !ok {
			return nil
		}
		if g.loop == nil {
			g.loop = root
		}
		g.total = add(g.total, mul(trip, per))
		g.exact = g.exact && exact && tripExact && !dedupe && a.c.unconditional(cr, root)
	}
	if g.loop == nil {
		return nil
	}
	g.total = add(g.total, constPoly(straight))
	return g
}

// readsMap reports whether v is computed from a lookup in m.
func readsMap(v, m ssa.Value, depth int) bool {
	if depth > 6 {
		return false
	}
	switch v := v.(type) {
	case *ssa.Lookup:
		return v.X == m
	case *ssa.Extract:
		return readsMap(v.Tuple, m, depth+1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if readsMap(e, m, depth+1) {
				return true
			}
		}
	case *ssa.BinOp:
		return readsMap(v.X, m, depth+1) || readsMap(v.Y, m, depth+1)
	case *ssa.UnOp:
		return readsMap(v.X, m, depth+1)
	case *ssa.Convert:
		return readsMap(v.X, m, depth+1)
	case *ssa.ChangeType:
		return readsMap(v.X, m, depth+1)
	case *ssa.Call:
		for _, arg := range v.Call.Args {
			if readsMap(arg, m, depth+1) {
				return true
			}
		}
	}
	return false
}
