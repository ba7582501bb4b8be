package heapsite

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/ledger"
	"github.com/heaplint/heaplint/internal/profile"
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
var Info = checkinfo.Info{Name: "heapsite", Since: "v0.2.0", Default: true, Fix: checkinfo.FixNone}

// DefaultMinShare is the share of a heap profile's allocated bytes from
// which a line is worth explaining.
const DefaultMinShare = 0.01

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// MinShare is the share of the heap profile's allocated bytes (between
	// 0 and 1) a line must hold to be explained; 0 means DefaultMinShare.
	MinShare float64 `json:"min-share,omitempty"`
}

// Validate rejects bad values, naming the setting.
func (c Config) Validate() error {
	if c.MinShare < 0 || c.MinShare > 1 {
		return fmt.Errorf("min-share: %v is not a share between 0 and 1", c.MinShare)
	}
	return nil
}

// Analyzer is the check with default settings.
var Analyzer = New(Config{})

var analyzerDoc = analysisdoc.Must(doc, Info.Name)

// New returns a fresh analyzer bound to its own copy of cfg. The suite
// (analyzer.Suite) makes it require every other enabled check, so that it
// runs after them and sees, in ledger.Analyzer's result, the lines
// their findings explain.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Info.Name,
		Doc:      analyzerDoc,
		URL:      report.URL(Info.Name),
		Requires: []*analysis.Analyzer{buildssa.Analyzer, escape.Analyzer, hotness.Analyzer, ledger.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.Float64Var(&cfg.MinShare, "min-share", cfg.MinShare, "explain lines holding at least this share of the heap profile's allocated bytes (0: 0.01)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	if cfg.Weights == nil {
		return nil, nil // no profile: nothing to explain
	}
	d := cfg.Weights.Digest(pass)
	total := d.Total()
	if total.Bytes == 0 {
		return nil, nil // the profile never reaches the package, or has no heap samples
	}
	minShare := cfg.MinShare
	if minShare == 0 {
		minShare = DefaultMinShare
	}
	c := &checker{
		pass:     pass,
		cfg:      cfg,
		esc:      pass.ResultOf[escape.Analyzer].(*escape.Result),
		ledger:   pass.ResultOf[ledger.Analyzer].(*ledger.Ledger),
		qual:     report.Qualifier(pass.Pkg),
		minBytes: max(1, int64(minShare*float64(total.Bytes))),
	}
	for _, fn := range cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs) {
		c.function(fn, d.Func(fn))
	}
	return nil, nil
}

type checker struct {
	pass     *analysis.Pass
	cfg      *Config
	esc      *escape.Result
	ledger   *ledger.Ledger
	qual     types.Qualifier
	minBytes int64
}

// line is one source line of a function: its instructions, in order.
type line struct {
	num    int
	instrs []ssa.Instruction
}

// function explains the heavy lines of fn that no finding is about.
func (c *checker) function(fn *ssa.Function, fw profile.FuncWeight) {
	if fw.Total().Bytes < c.minBytes {
		return // no line of fn can hold enough
	}
	for _, l := range c.lines(fn) {
		if fw.At(l.num).Bytes < c.minBytes || c.ledger.Has(c.pass.Fset, l.instrs[0].Pos()) {
			continue
		}
		f := c.explain(fn, l)
		report.Emit(c.pass, c.cfg.Scope, f)
	}
}

// lines groups fn's instructions that have a position by source line, in
// line order.
func (c *checker) lines(fn *ssa.Function) []line {
	byLine := map[int]*line{}
	var out []*line
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			p := instr.Pos()
			if !p.IsValid() {
				continue
			}
			n := c.pass.Fset.Position(p).Line
			l := byLine[n]
			if l == nil {
				l = &line{num: n}
				byLine[n] = l
				out = append(out, l)
			}
			l.instrs = append(l.instrs, instr)
		}
	}
	slices.SortFunc(out, func(a, b *line) int { return a.num - b.num })
	lines := make([]line, len(out))
	for i, l := range out {
		lines[i] = *l
	}
	return lines
}

// explain says what allocates on line l of fn: a value the line makes
// that escapes, else a call of other code inside which the allocation
// happens, else an append or map store that grows, else what the profile
// says alone.
func (c *checker) explain(fn *ssa.Function, l line) report.Finding {
	for _, instr := range l.instrs {
		if f, ok := c.escaping(fn, instr); ok {
			return f
		}
	}
	for _, instr := range l.instrs {
		if f, ok := c.callee(fn, instr); ok {
			return f
		}
	}
	for _, instr := range l.instrs {
		if f, ok := c.grows(fn, instr); ok {
			return f
		}
	}
	first := l.instrs[0]
	return report.Finding{
		Pos: first.Pos(), Block: first.Block(),
		Claim: "this line is charged heap allocations",
		Why:   "heaplint cannot tell which expression allocates here",
		Advice: "go build -gcflags=-m shows the compiler's heap decisions on the line; " +
			"reuse what it allocates across calls, or allocate it once",
	}
}

// escaping describes a value that instr makes on the heap because it
// escapes: a composite literal, new, a variable, a make, a closure, a
// conversion to an interface or between strings and byte slices.
func (c *checker) escaping(fn *ssa.Function, instr ssa.Instruction) (report.Finding, bool) {
	v, ok := instr.(ssa.Value)
	if !ok || !allocating(c.pass.TypesSizes, v) {
		return report.Finding{}, false
	}
	site, escapes := c.esc.Of(v)
	if !escapes {
		return report.Finding{}, false
	}
	pos, end, what := c.syntax(fn, v)
	if !pos.IsValid() {
		return report.Finding{}, false
	}
	f := report.Finding{Pos: pos, End: end, Block: instr.Block(), Claim: what + " allocates"}
	if site.Via != nil {
		f.Why = "it is " + site.String()
	} else {
		f.Why = "it escapes through " + site.Desc
	}
	f.Advice = remedy(site)
	if site.Pos.IsValid() {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: site.Pos, Message: "it escapes here, through " + site.Desc})
	}
	return f, true
}

// allocating reports whether v is a value whose making allocates when it
// escapes.
func allocating(sizes types.Sizes, v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return v.Heap
	case *ssa.MakeSlice, *ssa.MakeMap, *ssa.MakeChan, *ssa.MakeClosure:
		return true
	case *ssa.MakeInterface:
		return !typeshape.PointerShaped(v.X.Type()) && !typeshape.ZeroSize(sizes, v.X.Type())
	case *ssa.Convert:
		return stringBytes(v.Type()) && stringBytes(v.X.Type())
	case *ssa.BinOp:
		b, ok := v.Type().Underlying().(*types.Basic)
		return ok && v.Op == token.ADD && b.Info()&types.IsString != 0 // a concatenation
	}
	return false
}

// stringBytes reports whether t is a string, a []byte or a []rune.
func stringBytes(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && (b.Kind() == types.Byte || b.Kind() == types.Rune)
	}
	return false
}

// syntax returns the source range of the value v makes and how to name it.
func (c *checker) syntax(fn *ssa.Function, v ssa.Value) (pos, end token.Pos, what string) {
	if a, ok := v.(*ssa.Alloc); ok && a.Comment != "makeslice" {
		t := types.TypeString(a.Type().(*types.Pointer).Elem(), c.qual)
		if syn, ok := ssapos.Alloc(fn, a, t); ok {
			if syn.Variable {
				return syn.Pos, syn.End, "moving " + syn.What + " to the heap"
			}
			return syn.Pos, syn.End, syn.What
		}
		return token.NoPos, token.NoPos, ""
	}
	p := v.Pos()
	if call := ssapos.CallExpr(fn, p); call != nil {
		return call.Pos(), call.End(), report.Shorten(types.ExprString(call))
	}
	if lit := ssapos.FuncLit(v); lit != nil {
		return lit.Pos(), lit.Type.End(), "func literal"
	}
	for _, n := range ssapos.Path(fn, p) {
		if e, ok := n.(ast.Expr); ok && e.Pos() == p {
			what := report.Shorten(types.ExprString(e))
			if mi, ok := v.(*ssa.MakeInterface); ok {
				what = "converting " + what + " (" + types.TypeString(mi.X.Type(), c.qual) + ") to " + types.TypeString(mi.Type(), c.qual)
			}
			return e.Pos(), e.End(), what
		}
	}
	return token.NoPos, token.NoPos, ""
}

// remedy says what to write instead, from where the value escapes to.
func remedy(site escape.Site) string {
	switch site.Kind {
	case escape.Return:
		return "let the caller pass in what to fill (an append-style API), or keep one in the receiver and reset it on each call"
	case escape.Store, escape.Global:
		return "reuse what is stored there (reset it with [:0] or clear) instead of storing a new one on each call"
	case escape.MapPut:
		return "store values rather than pointers, or reuse the entry's old value"
	case escape.Append:
		return "append values rather than pointers, or allocate the elements together with one make"
	case escape.Go, escape.Send:
		return "hand over values from a sync.Pool and put them back when done, or send values rather than pointers"
	}
	return "keep one in the receiver (or a caller's buffer) and reset it on each call, or take it from a sync.Pool"
}

// grows describes an append, which allocates when it grows its slice past
// its capacity, or a map store, which allocates when it grows the map:
// nothing else on the line could.
func (c *checker) grows(fn *ssa.Function, instr ssa.Instruction) (report.Finding, bool) {
	if mu, ok := instr.(*ssa.MapUpdate); ok {
		return report.Finding{
			Pos: mu.Pos(), Block: instr.Block(),
			Claim:  "storing into the map may grow it",
			Why:    "the runtime then makes a larger table and moves the entries",
			Advice: "make the map with the size it reaches (make(map[K]V, n)), or keep it across calls and empty it with clear",
		}, true
	}
	call, ok := instr.(*ssa.Call)
	if !ok {
		return report.Finding{}, false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); !ok || b.Name() != "append" {
		return report.Finding{}, false
	}
	pos, end := call.Pos(), token.NoPos
	if ce := ssapos.CallExpr(fn, call.Pos()); ce != nil {
		pos, end = ce.Pos(), ce.End()
	}
	return report.Finding{
		Pos: pos, End: end, Block: instr.Block(),
		Claim:  "append may grow its slice past its capacity",
		Why:    "the runtime then copies the elements into a larger array",
		Advice: "make the slice with the capacity it reaches, or keep it across calls and reset it with [:0]",
	}, true
}

// callee describes a call inside which the allocation happens: the profile
// charges the line of the package that calls into code outside it.
func (c *checker) callee(fn *ssa.Function, instr ssa.Instruction) (report.Finding, bool) {
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		return report.Finding{}, false
	}
	common := call.Common()
	var name string
	switch {
	case common.IsInvoke():
		name = "interface method " + common.Method.Name()
	case common.StaticCallee() != nil:
		callee := common.StaticCallee()
		if callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg {
			return report.Finding{}, false // the package's own: its lines are charged themselves
		}
		name = callee.RelString(c.pass.Pkg)
	default:
		if _, builtin := common.Value.(*ssa.Builtin); builtin {
			return report.Finding{}, false
		}
		name = "a func value"
	}
	pos, end := call.Pos(), token.NoPos
	if ce := ssapos.CallExpr(fn, call.Pos()); ce != nil {
		pos, end = ce.Pos(), ce.Lparen
	}
	return report.Finding{
		Pos: pos, End: end, Block: instr.Block(),
		Claim:  name + " takes the heap memory charged to this call",
		Why:    "the profile charges the line of this package that calls into other code",
		Advice: "reuse what it returns, call a form of it that appends into a buffer you keep (strconv.Append*, bytes and strings functions on a reused buffer, an Encoder or Reader reset for reuse), or call it less often",
	}, true
}
