package unsizedmake

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/heaplint/heaplint/internal/imports"
	"github.com/heaplint/heaplint/internal/loops"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// report emits the finding for a creation, with a fix when one is safe.
func (c *checker) report(cr *creation, a *accum, g *growth) {
	upto := ""
	if !g.exact {
		upto = "at most "
	}
	bound := g.total.render(a.atoms, true)
	name := cr.name
	var f report.Finding
	if cr.isMap {
		if name == "" {
			name = "the map"
		}
		f.Claim = fmt.Sprintf("%s rehashes as it grows by %s%s assignments in a loop", name, upto, bound)
		f.Why = "it has no size hint"
		if cr.cap > 0 {
			f.Why = fmt.Sprintf("it has a size hint of %d", cr.cap)
		}
	} else {
		if name == "" {
			name = "the slice"
		}
		f.Claim = fmt.Sprintf("%s reallocates as it grows to %s%s elements by append in a loop", name, upto, bound)
		switch {
		case len(cr.lit) > 0:
			f.Why = fmt.Sprintf("it starts as a literal of %d elements, with no room for more", len(cr.lit))
		case cr.cap > 0:
			f.Why = fmt.Sprintf("it starts with capacity %d", cr.cap)
		default:
			f.Why = "it starts without capacity"
		}
	}
	adv := c.advise(cr, a, g, name)
	f.Advice, f.Fix = adv.text, adv.fix
	if adv.fix == nil && adv.noFix != "" {
		f.Advice += " (no automatic fix: " + adv.noFix + ")"
	}
	f.Pos, f.End, f.Block, f.Weigh = cr.pos, cr.end, creationBlock(cr, g), g.grows
	f.Related = c.growthRelated(g)
	report.Emit(c.pass, c.cfg.Scope, f)
}

// growthRelated points at the loop a slice or map grows in and at the
// first appends or stores that grow it, where the runtime (and a heap
// profile) charges the growth.
func (c *checker) growthRelated(g *growth) []analysis.RelatedInformation {
	var related []analysis.RelatedInformation
	if s := c.tripsOf().Stmt(g.loop); s != nil {
		related = append(related, analysis.RelatedInformation{Pos: s.Pos(), End: s.Pos() + token.Pos(len("for")), Message: "the loop it grows in"})
	}
	for i, p := range g.grows {
		if i == 2 {
			break // enough to find them; golangci-lint prints each entry
		}
		related = append(related, analysis.RelatedInformation{Pos: p, Message: "it grows here"})
	}
	return related
}

// creationBlock returns the block where the slice or map is created, whose
// hotness is the finding's: for var s []T (or a named result), which go/ssa
// makes a phi of the loop's header, the block that enters the loop.
func creationBlock(cr *creation, g *growth) *ssa.BasicBlock {
	if _, phi := cr.value.(*ssa.Phi); cr.nilVar || phi {
		return g.loop.Header.Idom()
	}
	if instr, ok := cr.value.(ssa.Instruction); ok {
		return instr.Block()
	}
	return nil
}

// advice is what to write instead, and the fix that writes it.
type advice struct {
	text  string
	fix   *analysis.SuggestedFix
	noFix string // why there is no fix, when it is worth saying
}

// advise chooses where the size goes: in the make at the creation, when
// the bound can be evaluated there; else, for a slice, slices.Grow just
// before the loop, which also keeps a nil slice nil when the loop does not
// run; a map, which has no Grow, is made just before the loop. A bound
// that calls a function is never written as a size: the call may cost more
// than the growth (reflect.Value.MapKeys allocates the very keys it
// counts), and it would run twice.
func (c *checker) advise(cr *creation, a *accum, g *growth, name string) advice {
	qual := report.Qualifier(c.pass.Pkg)
	typ := types.TypeString(cr.typ, qual)
	loopStmt := c.tripsOf().Stmt(g.loop)
	if call := a.call(g.total); call != nil {
		text := types.ExprString(call)
		v := c.freeName(cr.pos, "v", "xs", "elems", "items")
		size := strings.ReplaceAll(g.total.render(a.atoms, true), text, v)
		return advice{text: fmt.Sprintf("assign %s to a variable %s before creating it, create it with %s, and use %s in the loop instead of the call",
			text, v, makeText(cr, typ, size), v)}
	}
	withMax := c.hasMax(cr.pos)
	bound := g.total.render(a.atoms, withMax)
	if !withMax && a.usesMax(g.total) {
		// Before go1.21 there is no max to keep a negative bound from
		// panicking in make: say what to write if it cannot be negative.
		return advice{text: fmt.Sprintf("create it with %s if %s cannot be negative", makeText(cr, typ, bound), bound),
			noFix: "the bound needs the max builtin of go1.21"}
	}
	if loopStmt == nil {
		return advice{text: "create it with " + makeText(cr, typ, bound)}
	}
	at := c.siteOf(cr, loopStmt) // where "before the loop" is
	atMake := c.place(cr, cr.pos, loopStmt, true)
	whyNot := a.evaluable(atMake, g.total)
	if whyNot == "" {
		adv := advice{text: "create it with " + makeText(cr, typ, bound)}
		adv.fix, adv.noFix = c.makeFix(cr, g, typ, bound, name)
		if adv.fix != nil || cr.isMap || !g.exact {
			return adv
		}
		// A nil slice that must stay nil, or a named result: grow it
		// before the loop instead, if that can be written.
		if grow, _ := c.grow(cr, a, g, loopStmt, at, name); grow.fix != nil {
			return grow
		}
		return adv
	}
	if !cr.isMap {
		if grow, why := c.grow(cr, a, g, loopStmt, at, name); why == "" || grow.fix != nil {
			return grow
		}
	} else if c.unusedBefore(cr, at) && a.evaluable(c.place(cr, at.Pos(), loopStmt, false), g.total) == "" {
		return advice{text: "create it just before the loop with " + makeText(cr, typ, bound), noFix: whyNot}
	}
	return advice{text: fmt.Sprintf("create it with %s at a point where that size is known", makeText(cr, typ, bound)), noFix: whyNot}
}

// freeName returns the first of names that denotes nothing at pos.
func (c *checker) freeName(pos token.Pos, names ...string) string {
	scope := c.pass.Pkg.Scope().Innermost(pos)
	for _, n := range names {
		if scope == nil {
			return n
		}
		if _, obj := scope.LookupParent(n, pos); obj == nil {
			return n
		}
	}
	return "tmp"
}

// makeText writes the sized creation: make([]T, 0, n), make(map[K]V, n),
// or for a literal append(make([]T, 0, n), a, b).
func makeText(cr *creation, typ, bound string) string {
	switch {
	case cr.isMap:
		return fmt.Sprintf("make(%s, %s)", typ, bound)
	case len(cr.lit) > 0:
		return fmt.Sprintf("append(make(%s, 0, %s), %s)", typ, bound, literalElems(cr.lit))
	}
	return fmt.Sprintf("make(%s, 0, %s)", typ, bound)
}

func literalElems(elts []ast.Expr) string {
	if len(elts) > 3 {
		return "..."
	}
	parts := make([]string, len(elts))
	for i, e := range elts {
		parts[i] = types.ExprString(e)
	}
	return strings.Join(parts, ", ")
}

// hasMax reports whether the file at pos has the max builtin (go1.21).
func (c *checker) hasMax(pos token.Pos) bool {
	return report.GoAtLeast(c.pass, pos, "go1.21")
}

// makeFix rewrites the creation to a sized make, or says why it does not.
func (c *checker) makeFix(cr *creation, g *growth, typ, bound, name string) (*analysis.SuggestedFix, string) {
	if !g.exact {
		return nil, "the count is an upper bound"
	}
	if _, ok := cr.syntax.(*ast.Field); ok {
		return nil, name + " is a named result"
	}
	if cr.nilVar || cr.declVar {
		var within *loops.Loop
		if n, ok := g.total.constant(); ok && n > 0 && cr.nilVar {
			within = g.loop // a constant count: the loop always runs
		}
		if why := nilObservable(c.fn, cr, within); why != "" {
			return nil, fmt.Sprintf("%s is %s, and it would no longer be nil when the loop does not run", name, why)
		}
	}
	var edits []analysis.TextEdit
	insert := func(pos token.Pos, text string) {
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)})
	}
	replace := func(n ast.Node, text string) {
		edits = append(edits, analysis.TextEdit{Pos: n.Pos(), End: n.End(), NewText: []byte(text)})
	}
	size := ", 0, " + bound
	if cr.isMap {
		size = ", " + bound
	}
	switch s := cr.syntax.(type) {
	case *ast.ValueSpec:
		// var s []T  →  var s = make([]T, 0, n)
		insert(s.Type.Pos(), "= make(")
		insert(s.Type.End(), size+")")
	case *ast.CompositeLit:
		if s.Type == nil {
			return nil, ""
		}
		if len(s.Elts) > 0 {
			// []T{a, b}  →  append(make([]T, 0, n), a, b)
			for _, e := range s.Elts {
				if lit, ok := e.(*ast.CompositeLit); ok && lit.Type == nil {
					return nil, "an element of the literal has its type elided"
				}
				if _, ok := e.(*ast.KeyValueExpr); ok {
					return nil, "the literal has keyed elements"
				}
			}
			insert(s.Pos(), "append(make(")
			edits = append(edits, analysis.TextEdit{Pos: s.Lbrace, End: s.Lbrace + 1, NewText: []byte(size + "), ")})
			edits = append(edits, analysis.TextEdit{Pos: s.Rbrace, End: s.Rbrace + 1, NewText: []byte(")")})
			break
		}
		// []T{}  →  make([]T, 0, n)
		insert(s.Pos(), "make(")
		edits = append(edits, analysis.TextEdit{Pos: s.Lbrace, End: s.Rbrace + 1, NewText: []byte(size + ")")})
	case *ast.CallExpr:
		switch {
		case cr.isMap && len(s.Args) == 1:
			// make(map[K]V)  →  make(map[K]V, n)
			insert(s.Args[0].End(), size)
		case cr.isMap && len(s.Args) == 2:
			// make(map[K]V, 4)  →  make(map[K]V, n)
			replace(s.Args[1], bound)
		case !cr.isMap && len(s.Args) == 2:
			// make([]T, 0)  →  make([]T, 0, n)
			insert(s.Args[1].End(), ", "+bound)
		case !cr.isMap && len(s.Args) == 3:
			// make([]T, 0, 4)  →  make([]T, 0, n)
			replace(s.Args[2], bound)
		default:
			return nil, ""
		}
	default:
		return nil, ""
	}
	return &analysis.SuggestedFix{Message: "Preallocate " + strings.TrimPrefix(name, "the ") + " with make", TextEdits: edits}, ""
}

// grow advises s = slices.Grow(s, n) just before the first loop, n being
// what the loops and the appends after them add, and fixes it when it can
// be written there; why says why the advice itself does not apply.
func (c *checker) grow(cr *creation, a *accum, g *growth, loopStmt, at ast.Stmt, name string) (adv advice, why string) {
	if cr.obj == nil || cr.name == "" {
		return advice{}, "it is not a variable"
	}
	if !c.hasMax(at.Pos()) { // slices is go1.21, as max is
		return advice{}, "slices.Grow needs go1.21"
	}
	rest := add(g.total, neg(g.pre))
	if whyNot := a.evaluable(c.place(cr, at.Pos(), loopStmt, false), rest); whyNot != "" {
		return advice{}, whyNot
	}
	bound := rest.render(a.atoms, true)
	text := fmt.Sprintf("grow it just before the loop with %s = slices.Grow(%s, %s)", cr.name, cr.name, bound)
	if cr.nilVar || cr.declVar {
		text += ", which leaves it nil when the loop does not run"
	}
	adv = advice{text: text}
	if !g.exact {
		adv.noFix = "the count is an upper bound"
		return adv, ""
	}
	adv.fix, adv.noFix = c.growFix(cr, at, bound)
	return adv, ""
}

// growFix inserts name = slices.Grow(name, bound) before stmt, the loop
// statement or the nil guard around it (before its label, if it has one),
// importing slices if needed.
func (c *checker) growFix(cr *creation, stmt ast.Stmt, bound string) (*analysis.SuggestedFix, string) {
	at := ast.Node(stmt)
	for _, n := range ssapos.Path(c.fn, stmt.Pos()) {
		if l, ok := n.(*ast.LabeledStmt); ok && l.Stmt == stmt {
			at = l
		}
	}
	scope := c.pass.Pkg.Scope().Innermost(at.Pos())
	if scope == nil {
		return nil, ""
	}
	if _, obj := scope.LookupParent(cr.name, at.Pos()); obj != cr.obj {
		return nil, cr.name + " is another variable at the loop"
	}
	file := report.FileOf(c.pass, at.Pos())
	pkgName, importEdit, why := c.importSlices(file, at.Pos())
	if why != "" {
		return nil, why
	}
	indent := c.indentOf(at.Pos())
	text := fmt.Sprintf("%s = %s.Grow(%s, %s)\n%s", cr.name, pkgName, cr.name, bound, indent)
	edits := []analysis.TextEdit{{Pos: at.Pos(), End: at.Pos(), NewText: []byte(text)}}
	if importEdit != nil {
		edits = append([]analysis.TextEdit{*importEdit}, edits...)
	}
	return &analysis.SuggestedFix{Message: "Grow " + cr.name + " before the loop with slices.Grow", TextEdits: edits}, ""
}

// importSlices returns the name under which file can call package slices
// at pos, and the edit that imports it when it is not imported yet.
func (c *checker) importSlices(file *ast.File, pos token.Pos) (string, *analysis.TextEdit, string) {
	if file == nil {
		return "", nil, "the file is not found"
	}
	name, add := imports.Name(c.pass.TypesInfo, file, "slices", pos)
	switch {
	case name == "":
		return "", nil, "the name slices is taken at the loop"
	case add:
		edit := imports.Add(file, "slices")
		return name, &edit, ""
	}
	return name, nil, ""
}

// indentOf returns the whitespace that starts pos's line, read from the
// file (tabs, as gofmt writes, when it cannot be read).
func (c *checker) indentOf(pos token.Pos) string {
	tf := c.pass.Fset.File(pos)
	col := c.pass.Fset.Position(pos).Column - 1
	if c.pass.ReadFile != nil {
		if src, err := c.pass.ReadFile(tf.Name()); err == nil {
			off := tf.Offset(pos)
			if start := off - col; start >= 0 && off <= len(src) {
				line := src[start:off]
				if strings.TrimLeft(string(line), " \t") == "" {
					return string(line)
				}
			}
		}
	}
	return strings.Repeat("\t", max(col, 0))
}

// unusedBefore reports whether nothing uses the map between its creation
// and the loop statement, so that it can be created just before the loop.
func (c *checker) unusedBefore(cr *creation, at ast.Stmt) bool {
	refs := cr.value.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		if p := r.Pos(); p.IsValid() && p < at.Pos() {
			return false
		}
	}
	return true
}
