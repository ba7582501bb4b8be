package loops

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file answers "how many times will this loop run, as far as is known
// before it starts?" for the loops of one function, from SSA (the induction
// variable, its step, the exit test) checked against the loop's syntax
// (whose expressions a check quotes in a message or a fix).
//
// Cost: Trips walks the function's syntax once to list its loop statements,
// then looks at the header, the latches and the exit edges of each loop;
// linear in the function's size. Nothing is computed per instruction after
// that.

// Kind says how a loop counts its iterations.
type Kind uint8

// The kinds of counted loop.
const (
	Counted     Kind = iota + 1 // for i := a; i < b; i++ (also <=, and i-- with > or >=)
	RangeInt                    // for i := range n
	RangeSlice                  // for i := range xs, xs a slice
	RangeArray                  // for i := range xs, xs an array or a pointer to one
	RangeString                 // for i, r := range s: at most len(s) iterations (one per rune)
	RangeMap                    // for k := range m, m not changed in the loop
)

var kindNames = [...]string{"", "counted", "range over int", "range over slice", "range over array", "range over string", "range over map"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}

// Term is one summand of a trip count: Coef·Expr, or Coef·len(Expr) when
// Len is set.
type Term struct {
	Coef int64 // +1 or -1

	// Value is the SSA value of Expr (for a Len term, of the collection)
	// as the loop sees it: defined before the loop, or computed in it from
	// such values only.
	Value ssa.Value
	Expr  ast.Expr // the syntax: a range operand, a counted loop's limit or start
	Len   bool
}

// Count is a trip count: the sum of Terms plus Const, and 0 when that sum is
// negative.
type Count struct {
	Terms []Term
	Const int64
}

// IsConst reports whether the count is a compile-time constant, and its value
// (already clamped at 0).
func (c Count) IsConst() (int64, bool) {
	if len(c.Terms) > 0 {
		return 0, false
	}
	return max(c.Const, 0), true
}

// NonNegative reports whether the sum is never negative, so that it needs no
// clamping: one positive len term, or one positive term of unsigned type,
// plus a constant ≥ 0.
func (c Count) NonNegative() bool {
	if c.Const < 0 {
		return false
	}
	switch len(c.Terms) {
	case 0:
		return true
	case 1:
		t := c.Terms[0]
		if t.Coef < 0 {
			return false
		}
		if _, isLen := lenArg(t.Value); t.Len || isLen {
			return true
		}
		b, ok := t.Value.Type().Underlying().(*types.Basic)
		return ok && b.Info()&types.IsUnsigned != 0
	}
	return false
}

// Trip is what is known about one loop's iterations before it starts.
type Trip struct {
	Loop  *Loop
	Stmt  ast.Stmt // the *ast.ForStmt or *ast.RangeStmt
	Kind  Kind
	Count Count

	// Exact says that the loop runs exactly Count times unless it panics.
	// When false, Count is an upper bound: the loop can leave early
	// (break, return, goto) or, over a string, runs once per rune.
	Exact bool

	// Guard is, for a loop tested at the bottom (range over int is built
	// that way), the block before it whose test skips the loop, going to
	// Guard.Succs[1], exactly when Count is 0; nil for a loop tested at
	// the top. A check that asks whether the loop runs whenever its
	// statement is reached counts the skipping edge as a run of 0
	// iterations.
	Guard *ssa.BasicBlock

	// Test is the block whose test ends the loop normally, leaving to
	// Test.Succs[1]; every other edge out of the loop leaves early.
	Test *ssa.BasicBlock
}

// Trips holds the trip counts and statements of one function's loops.
type Trips struct {
	forest *Forest
	trips  []*Trip    // by index in forest.loops
	stmts  []ast.Stmt // by index in forest.loops
}

// Of returns l's trip count, or nil when it is not known before the loop
// starts (a loop over a channel or an iterator, a condition that is not a
// counter compared with a loop-invariant limit, a limit or a counter changed
// in the loop, a map changed while it is ranged over).
func (t *Trips) Of(l *Loop) *Trip {
	if i := t.index(l); i >= 0 {
		return t.trips[i]
	}
	return nil
}

// Stmt returns the for or range statement of l, or nil when it has none
// (a loop made with goto) or it could not be told.
func (t *Trips) Stmt(l *Loop) ast.Stmt {
	if i := t.index(l); i >= 0 {
		return t.stmts[i]
	}
	return nil
}

func (t *Trips) index(l *Loop) int {
	if t == nil || l == nil {
		return -1
	}
	for i, x := range t.forest.loops {
		if x == l {
			return i
		}
	}
	return -1
}

// FindTrips computes the trip counts of fn's loops (f is Find(fn) or
// Result.Of(fn)). info is the package's type information, used to tell what
// a range statement ranges over and to match a counted loop's variable.
func FindTrips(fn *ssa.Function, f *Forest, info *types.Info) *Trips {
	t := &Trips{forest: f}
	if f == nil {
		return t
	}
	t.trips = make([]*Trip, len(f.loops))
	t.stmts = matchStmts(fn, f)
	for i, l := range f.loops {
		if s := t.stmts[i]; s != nil {
			t.trips[i] = tripOf(fn, l, s, info)
		}
	}
	return t
}

// Invariant reports whether v has the same value on every iteration of l:
// it is defined outside l, or computed in l by arithmetic, conversions, or
// len/cap of a slice, string or array from such values. Loads from memory
// and phis are not invariant.
func Invariant(v ssa.Value, l *Loop) bool {
	return invariant(v, l, 0)
}

func invariant(v ssa.Value, l *Loop, depth int) bool {
	switch v.(type) {
	case *ssa.Const, *ssa.Parameter, *ssa.FreeVar, *ssa.Function, *ssa.Global, *ssa.Builtin:
		return true
	}
	instr, ok := v.(ssa.Instruction)
	if !ok {
		return false
	}
	if !l.Contains(instr.Block()) {
		return true
	}
	if depth > 8 {
		return false
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		switch v.Op {
		case token.ADD, token.SUB, token.MUL, token.AND, token.OR, token.XOR, token.AND_NOT, token.SHL, token.SHR:
			return invariant(v.X, l, depth+1) && invariant(v.Y, l, depth+1)
		}
	case *ssa.Convert:
		return invariant(v.X, l, depth+1)
	case *ssa.ChangeType:
		return invariant(v.X, l, depth+1)
	case *ssa.Call:
		if x, ok := lenArg(v); ok {
			return invariant(x, l, depth+1)
		}
	}
	return false
}

// arrayLen returns the length of a slice that is the whole of a fresh
// array, as a slice literal is built.
func arrayLen(v ssa.Value) (int64, bool) {
	s, ok := v.(*ssa.Slice)
	if !ok || s.Low != nil || s.High != nil || s.Max != nil {
		return 0, false
	}
	a, ok := s.X.(*ssa.Alloc)
	if !ok {
		return 0, false
	}
	arr, ok := a.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
	if !ok {
		return 0, false
	}
	return arr.Len(), true
}

// lenArg returns x when v is len(x) or cap(x) for a slice, string, array or
// pointer to array (whose length cannot change without x changing).
func lenArg(v ssa.Value) (ssa.Value, bool) {
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil, false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	if !ok || (b.Name() != "len" && b.Name() != "cap") || len(call.Call.Args) != 1 {
		return nil, false
	}
	x := call.Call.Args[0]
	switch u := x.Type().Underlying().(type) {
	case *types.Slice, *types.Array, *types.Pointer:
		return x, true
	case *types.Basic:
		return x, u.Info()&types.IsString != 0
	}
	return nil, false
}

// matchStmts finds the for or range statement of each loop of f. Each
// positioned instruction of a loop's own blocks (not those of inner loops)
// votes for the innermost statement that contains it, and the outermost
// vote wins: a statement that never loops (its body always leaves) is no SSA
// loop, so its body's votes go to the loop around it. An instruction that
// runs before an inner loop (its range operand, its init statement) votes
// for the inner statement; when that makes an outer loop claim its inner
// loop's statement, the outer loop takes the statement around it. A loop
// without votes takes the statement around its inner loops' statements.
func matchStmts(fn *ssa.Function, f *Forest) []ast.Stmt {
	out := make([]ast.Stmt, len(f.loops))
	var body *ast.BlockStmt
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = s.Body
	case *ast.FuncLit:
		body = s.Body
	}
	if body == nil {
		return out
	}
	type stmtInfo struct {
		stmt   ast.Stmt
		parent int // index of the enclosing loop statement, or -1
	}
	var stmts []stmtInfo
	var stack []int // indexes of the enclosing loop statements
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			stack = stack[:len(stack)-1]
		case *ast.FuncLit:
			return false // its loops belong to its own function; no nil call follows
		case *ast.ForStmt, *ast.RangeStmt:
			parent := -1
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			stmts = append(stmts, stmtInfo{n.(ast.Stmt), parent})
			stack = append(stack, len(stmts)-1)
		default:
			if len(stack) > 0 {
				stack = append(stack, stack[len(stack)-1])
			} else {
				stack = append(stack, -1)
			}
		}
		return true
	})
	if len(stmts) == 0 {
		return out
	}
	// owner returns the index of the innermost statement containing pos, or -1.
	owner := func(pos token.Pos) int {
		best := -1
		for i, s := range stmts {
			if s.stmt.Pos() <= pos && pos < s.stmt.End() {
				best = i // stmts is in preorder: later matches are inner
			} else if pos < s.stmt.Pos() {
				break
			}
		}
		return best
	}
	vote := make([]int, len(f.loops))
	for i, l := range f.loops {
		vote[i] = -1
		for _, b := range fn.Blocks {
			if f.innermost[b.Index] != l {
				continue
			}
			for _, instr := range b.Instrs {
				if _, ok := instr.(*ssa.Phi); ok {
					continue // a phi has its variable's position
				}
				p := instr.Pos()
				if !p.IsValid() {
					continue
				}
				if o := owner(p); o >= 0 && (vote[i] < 0 || o < vote[i]) {
					vote[i] = o
				}
			}
		}
	}
	// f.loops has outer loops first: walk it backwards so that inner loops
	// are settled first.
	for i := len(f.loops) - 1; i >= 0; i-- {
		if vote[i] < 0 {
			for j := i + 1; j < len(f.loops); j++ {
				if f.loops[j].Parent == f.loops[i] && vote[j] >= 0 {
					vote[i] = stmts[vote[j]].parent
					break
				}
			}
			continue
		}
		for j := i + 1; j < len(f.loops); j++ {
			if vote[j] == vote[i] && isAncestor(f.loops[i], f.loops[j]) {
				vote[i] = stmts[vote[i]].parent
				break
			}
		}
	}
	for i := range f.loops {
		if vote[i] >= 0 {
			out[i] = stmts[vote[i]].stmt
		}
	}
	// Two loops must not claim one statement.
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[i] != nil && out[i] == out[j] {
				out[i], out[j] = nil, nil
			}
		}
	}
	return out
}

func isAncestor(outer, inner *Loop) bool {
	for l := inner.Parent; l != nil; l = l.Parent {
		if l == outer {
			return true
		}
	}
	return false
}

// tripOf recognizes l's trip count from its SSA and checks it against s.
func tripOf(fn *ssa.Function, l *Loop, s ast.Stmt, info *types.Info) *Trip {
	if rs, ok := s.(*ast.RangeStmt); ok {
		switch u := coreType(info.TypeOf(rs.X)).(type) {
		case *types.Map:
			return rangeIter(l, rs, RangeMap)
		case *types.Basic:
			if u.Info()&types.IsString != 0 {
				return rangeIter(l, rs, RangeString)
			}
		}
	}
	iv, ok := findInduction(l)
	if !ok {
		return nil
	}
	t := &Trip{Loop: l, Stmt: s, Exact: onlyExit(l, iv.exit), Test: iv.exit}
	if iv.bottom {
		t.Guard = guardOf(l, iv.exit)
	}
	switch s := s.(type) {
	case *ast.RangeStmt:
		// Range loops count from 0 by 1, testing i+1 < n (slices,
		// arrays) or, rotated, i+1 < n at the bottom (integers).
		if iv.step != 1 || iv.op != token.LSS {
			return nil
		}
		if v0, ok := constInt(iv.first); !ok || v0+iv.off != 0 {
			return nil
		}
		switch u := coreType(info.TypeOf(s.X)).(type) {
		case *types.Slice:
			x, ok := lenArg(iv.limit)
			if !ok {
				return nil
			}
			t.Kind = RangeSlice
			if n, ok := arrayLen(x); ok {
				t.Count.Const = n // a slice literal
			} else {
				t.Count.Terms = []Term{{Coef: 1, Value: x, Expr: s.X, Len: true}}
			}
		case *types.Array, *types.Pointer:
			n, ok := constInt(iv.limit)
			if !ok {
				return nil
			}
			_ = u
			t.Kind = RangeArray
			t.Count.Const = n
		case *types.Basic:
			if u.Info()&types.IsInteger == 0 {
				return nil
			}
			t.Kind = RangeInt
			if n, ok := constInt(iv.limit); ok {
				t.Count.Const = n
			} else {
				t.Count.Terms = []Term{{Coef: 1, Value: iv.limit, Expr: s.X}}
			}
		default:
			return nil
		}
		return t
	case *ast.ForStmt:
		return counted(t, iv, s, info)
	}
	return nil
}

// induction is a loop's counter: a header phi stepped by ±1, compared with
// a loop-invariant limit by the test that decides whether to go on.
type induction struct {
	step   int64     // +1 or -1
	first  ssa.Value // the counter's value on entry
	off    int64     // the test sees first+off on the first iteration
	op     token.Token
	limit  ssa.Value // normalized so that the loop goes on while counter op limit
	exit   *ssa.BasicBlock
	phi    *ssa.Phi
	bottom bool // tested after the body
}

// findInduction finds l's exit test: an If in the header (tested before the
// body) or in the single latch (tested after it) whose true branch stays in
// the loop and whose false branch leaves it, comparing the header phi, or
// the phi plus its step, with an invariant value.
func findInduction(l *Loop) (induction, bool) {
	h := l.Header
	var latches []*ssa.BasicBlock
	for _, p := range h.Preds {
		if l.Contains(p) {
			latches = append(latches, p)
		}
	}
	cands := []*ssa.BasicBlock{h}
	if len(latches) == 1 && latches[0] != h {
		cands = append(cands, latches[0])
	}
	for _, b := range cands {
		// A test whose true branch goes back to the header runs after
		// the body (a rotated loop, as range over int is built).
		if len(b.Succs) == 2 && b.Succs[0] == h {
			if iv, ok := testIn(l, b, true); ok {
				return iv, true
			}
		} else if iv, ok := testIn(l, b, false); ok {
			return iv, true
		}
	}
	return induction{}, false
}

func testIn(l *Loop, b *ssa.BasicBlock, bottom bool) (induction, bool) {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return induction{}, false
	}
	br, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok || !l.Contains(b.Succs[0]) || l.Contains(b.Succs[1]) {
		return induction{}, false
	}
	cmp, ok := br.Cond.(*ssa.BinOp)
	if !ok {
		return induction{}, false
	}
	op := cmp.Op
	x, y := cmp.X, cmp.Y
	for swap := 0; swap < 2; swap++ {
		if swap == 1 {
			x, y = y, x
			op = mirror(op)
		}
		if op == token.ILLEGAL || !Invariant(y, l) {
			continue
		}
		phi, plus, ok := counterOf(l, x)
		if !ok {
			continue
		}
		step, init, ok := stepOf(l, phi)
		if !ok {
			continue
		}
		iv := induction{step: step, first: init, op: op, limit: y, exit: b, phi: phi, bottom: bottom}
		switch {
		case bottom && plus == step:
			// Tested after the body: the body ran for the phi's first
			// value already, so the loop runs as if tested at the top.
		case bottom:
			continue
		default:
			iv.off = plus
		}
		if (step > 0) != (op == token.LSS || op == token.LEQ) {
			continue // counting away from the limit
		}
		if b, ok := y.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsUnsigned != 0 && op == token.GEQ {
			continue // i >= 0 never fails for unsigned i
		}
		return iv, true
	}
	return induction{}, false
}

// mirror returns the comparison op with its operands swapped, or ILLEGAL
// for an op that does not bound a counter.
func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.LEQ:
		return token.GEQ
	case token.GTR:
		return token.LSS
	case token.GEQ:
		return token.LEQ
	}
	return token.ILLEGAL
}

// counterOf reports whether x is a phi of l's header, or such a phi plus or
// minus a constant (returned as plus).
func counterOf(l *Loop, x ssa.Value) (*ssa.Phi, int64, bool) {
	if phi, ok := x.(*ssa.Phi); ok && phi.Block() == l.Header {
		return phi, 0, true
	}
	if bin, ok := x.(*ssa.BinOp); ok && (bin.Op == token.ADD || bin.Op == token.SUB) {
		if phi, ok := bin.X.(*ssa.Phi); ok && phi.Block() == l.Header {
			if c, ok := constInt(bin.Y); ok {
				if bin.Op == token.SUB {
					c = -c
				}
				return phi, c, true
			}
		}
	}
	return nil, 0, false
}

// stepOf reports the step of a header phi whose every in-loop edge is the
// phi plus the same ±1, and its single value on entry.
func stepOf(l *Loop, phi *ssa.Phi) (step int64, init ssa.Value, ok bool) {
	for i, e := range phi.Edges {
		if !l.Contains(phi.Block().Preds[i]) {
			if init != nil && init != e && !sameConst(init, e) {
				return 0, nil, false
			}
			init = e
			continue
		}
		p, c, isCounter := counterOf(l, e)
		if !isCounter || p != phi || (c != 1 && c != -1) || (step != 0 && c != step) {
			return 0, nil, false
		}
		step = c
	}
	return step, init, step != 0 && init != nil
}

func sameConst(a, b ssa.Value) bool {
	x, ok1 := constInt(a)
	y, ok2 := constInt(b)
	return ok1 && ok2 && x == y
}

func constInt(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(c.Value)
}

// guardOf returns the block before a loop tested at the bottom whose test
// enters it or skips to where the loop's own test leaves: the loop's only
// entry, ending in an If whose true branch is the header and whose false
// branch is the exit's target.
func guardOf(l *Loop, exit *ssa.BasicBlock) *ssa.BasicBlock {
	var g *ssa.BasicBlock
	for _, p := range l.Header.Preds {
		if l.Contains(p) {
			continue
		}
		if g != nil {
			return nil
		}
		g = p
	}
	if g == nil || len(g.Succs) != 2 || len(g.Instrs) == 0 {
		return nil
	}
	if _, ok := g.Instrs[len(g.Instrs)-1].(*ssa.If); !ok {
		return nil
	}
	if g.Succs[0] != l.Header || g.Succs[1] != exit.Succs[1] {
		return nil
	}
	return g
}

// onlyExit reports whether the edge out of the exit test is l's only way
// out, so that l runs exactly its trip count.
func onlyExit(l *Loop, exit *ssa.BasicBlock) bool {
	for _, b := range l.Header.Parent().Blocks {
		if !l.Contains(b) {
			continue
		}
		for i, s := range b.Succs {
			if l.Contains(s) {
				continue
			}
			if b != exit || i != 1 {
				return false
			}
		}
	}
	return true
}

// counted fills in the trip count of a for statement from its counter.
// Its init statement must set the variable its condition compares, and
// the SSA test must be that condition.
func counted(t *Trip, iv induction, s *ast.ForStmt, info *types.Info) *Trip {
	cond, ok := ast.Unparen(s.Cond).(*ast.BinaryExpr)
	if !ok || cond.OpPos != iv.exit.Instrs[len(iv.exit.Instrs)-1].(*ssa.If).Cond.Pos() {
		return nil
	}
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 || (init.Tok != token.DEFINE && init.Tok != token.ASSIGN) {
		return nil
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return nil
	}
	v := info.ObjectOf(id)
	if v == nil {
		return nil
	}
	isVar := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if b, ok := e.(*ast.BinaryExpr); ok && (b.Op == token.ADD || b.Op == token.SUB) {
			e = ast.Unparen(b.X)
		}
		x, ok := e.(*ast.Ident)
		return ok && info.ObjectOf(x) == v
	}
	var limit ast.Expr
	switch {
	case isVar(cond.X) && !isVar(cond.Y):
		limit = cond.Y
	case isVar(cond.Y) && !isVar(cond.X):
		limit = cond.X
	default:
		return nil
	}
	t.Kind = Counted
	// Iterations: limit - first (+1 for <=), or first - limit (+1 for >=),
	// where the first tested value is start + off.
	var hi, lo Term
	var extra int64
	switch iv.op {
	case token.LSS, token.LEQ:
		hi = Term{Coef: 1, Value: iv.limit, Expr: limit}
		lo = Term{Coef: -1, Value: iv.first, Expr: init.Rhs[0]}
		extra = -iv.off
		if iv.op == token.LEQ {
			extra++
		}
	case token.GTR, token.GEQ:
		hi = Term{Coef: 1, Value: iv.first, Expr: init.Rhs[0]}
		lo = Term{Coef: -1, Value: iv.limit, Expr: limit}
		extra = iv.off
		if iv.op == token.GEQ {
			extra++
		}
	default:
		return nil
	}
	t.Count.Const = extra
	for _, term := range []Term{hi, lo} {
		if c, ok := constOf(info, term); ok {
			t.Count.Const += term.Coef * c
			continue
		}
		term, c := peelConst(info, term)
		t.Count.Const += term.Coef * c
		t.Count.Terms = append(t.Count.Terms, term)
	}
	return t
}

// peelConst splits a term written x + c or x - c, with c a constant, into
// the term x and c, so that for i := n - 1; i >= 0; i-- counts n, not
// (n - 1) + 1. The syntax and the SSA value must agree on the split.
func peelConst(info *types.Info, t Term) (Term, int64) {
	var total int64
	for range 4 {
		bin, ok := ast.Unparen(t.Expr).(*ast.BinaryExpr)
		if !ok || (bin.Op != token.ADD && bin.Op != token.SUB) {
			break
		}
		tv, ok := info.Types[bin.Y]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
			break
		}
		c, exact := constant.Int64Val(tv.Value)
		op, isOp := t.Value.(*ssa.BinOp)
		if !exact || !isOp || op.Op != bin.Op {
			break
		}
		if k, ok := constInt(op.Y); !ok || k != c {
			break
		}
		if bin.Op == token.SUB {
			c = -c
		}
		total += c
		t = Term{Coef: t.Coef, Value: op.X, Expr: bin.X, Len: t.Len}
	}
	return t, total
}

func constOf(info *types.Info, t Term) (int64, bool) {
	if c, ok := constInt(t.Value); ok {
		return c, true
	}
	if tv, ok := info.Types[t.Expr]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
		return constant.Int64Val(tv.Value)
	}
	return 0, false
}

// rangeIter recognizes a range over a map or a string: a Next on a Range
// made before the loop, tested in the header. A map written or cleared in
// the loop has no trip count.
func rangeIter(l *Loop, s *ast.RangeStmt, kind Kind) *Trip {
	h := l.Header
	var next *ssa.Next
	for _, instr := range h.Instrs {
		if n, ok := instr.(*ssa.Next); ok {
			next = n
			break
		}
	}
	if next == nil || len(h.Succs) != 2 {
		return nil
	}
	rng, ok := next.Iter.(*ssa.Range)
	if !ok || l.Contains(rng.Block()) {
		return nil
	}
	br, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	if !ok || !l.Contains(h.Succs[0]) || l.Contains(h.Succs[1]) {
		return nil
	}
	if ex, ok := br.Cond.(*ssa.Extract); !ok || ex.Tuple != next || ex.Index != 0 {
		return nil
	}
	if kind == RangeMap && mapChanged(l, rng.X) {
		return nil
	}
	return &Trip{
		Loop:  l,
		Stmt:  s,
		Kind:  kind,
		Count: Count{Terms: []Term{{Coef: 1, Value: rng.X, Expr: s.X, Len: true}}},
		Exact: kind == RangeMap && onlyExit(l, h),
		Test:  h,
	}
}

// mapChanged reports whether l assigns to, deletes from or clears m.
func mapChanged(l *Loop, m ssa.Value) bool {
	if m.Referrers() == nil {
		return true
	}
	for _, r := range *m.Referrers() {
		if !l.Contains(r.Block()) {
			continue
		}
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r.Map == m {
				return true
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") {
				return true
			}
		}
	}
	return false
}

// coreType returns t's underlying type, or for a type parameter the single
// underlying type of its type set, or nil.
func coreType(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	var core types.Type
	iface, _ := tp.Underlying().(*types.Interface)
	if iface == nil {
		return nil
	}
	for i := 0; i < iface.NumEmbeddeds(); i++ {
		u, ok := iface.EmbeddedType(i).(*types.Union)
		if !ok {
			continue
		}
		for j := 0; j < u.Len(); j++ {
			ut := u.Term(j).Type().Underlying()
			if core != nil && !types.Identical(core, ut) {
				return nil
			}
			core = ut
		}
	}
	return core
}
