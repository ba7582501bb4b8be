package bytesconv

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/escape"
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
var Info = checkinfo.Info{Name: "bytesconv", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// OutsideLoops also reports conversions outside loops in functions
	// that no loop of the package calls: one allocation per call.
	OutsideLoops bool `json:"outside-loops,omitempty"`
	// Kept also reports conversions whose result is kept (returned,
	// stored, appended, sent, a map value, handed to a function that keeps
	// it): the copy is what keeps it, and no remedy is offered.
	Kept bool `json:"kept,omitempty"`
	// UnknownLength also reports, where they run often, conversions to
	// string or []rune that do not escape and are not one of the
	// compiler's copy-free forms: the runtime copies them onto the heap
	// when the result is longer than 32 bytes (or 32 runes).
	UnknownLength bool `json:"unknown-length,omitempty"`
}

// Validate rejects contradictory settings, naming them.
func (c Config) Validate() error {
	return c.CheckOutsideLoops(c.OutsideLoops)
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
		Requires: []*analysis.Analyzer{buildssa.Analyzer, loops.Analyzer, escape.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Flags.BoolVar(&cfg.OutsideLoops, "outside-loops", cfg.OutsideLoops,
		"also report conversions outside loops in functions no loop calls")
	a.Flags.BoolVar(&cfg.Kept, "kept", cfg.Kept,
		"also report conversions whose result is kept (returned, stored, appended), which have no remedy")
	a.Flags.BoolVar(&cfg.UnknownLength, "unknown-length", cfg.UnknownLength,
		"also report non-escaping conversions to string or []rune, copied to the heap when longer than 32 bytes")
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

// direction is what a conversion converts to.
type direction uint8

const (
	toString direction = iota // string(b), string(runes)
	toBytes                   // []byte(s)
	toRunes                   // []rune(s)
)

// conversion is one string/slice conversion being judged.
type conversion struct {
	conv *ssa.Convert
	dir  direction
	call *ast.CallExpr // the conversion's syntax
	arg  string        // its operand as written, shortened
	to   string        // the type converted to, as written in messages
}

type checker struct {
	pass *analysis.Pass
	cfg  *Config
	lps  *loops.Result
	esc  *escape.Result
	qual types.Qualifier
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	c := &checker{
		pass: pass,
		cfg:  cfg,
		lps:  pass.ResultOf[loops.Analyzer].(*loops.Result),
		esc:  pass.ResultOf[escape.Analyzer].(*escape.Result),
		qual: report.Qualifier(pass.Pkg),
	}
	for _, fn := range cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs) {
		for _, b := range fn.Blocks {
			depth := -1
			for _, instr := range b.Instrs {
				conv, ok := instr.(*ssa.Convert)
				if !ok {
					continue
				}
				dir, ok := directionOf(conv)
				if !ok {
					continue
				}
				if depth < 0 {
					depth = c.lps.DepthIn(fn, b)
				}
				if depth == 0 && !cfg.OutsideLoops && !report.HotFunc(pass, cfg.Scope, fn) {
					continue // once per call of a function no loop calls
				}
				c.check(fn, conv, dir)
			}
		}
	}
	return nil, nil
}

// directionOf says what conv converts to, when it converts between a
// string and a []byte or []rune (named types included, type parameters
// not: their core type decides per instance).
func directionOf(conv *ssa.Convert) (direction, bool) {
	if typeshape.HasTypeParam(conv.Type()) || typeshape.HasTypeParam(conv.X.Type()) {
		return 0, false
	}
	from, to := conv.X.Type().Underlying(), conv.Type().Underlying()
	switch {
	case isString(to):
		if elem, ok := sliceElem(from); ok && (elem == types.Byte || elem == types.Rune) {
			return toString, true
		}
	case isString(from):
		if elem, ok := sliceElem(to); ok {
			switch elem {
			case types.Byte:
				return toBytes, true
			case types.Rune:
				return toRunes, true
			}
		}
	}
	return 0, false
}

func isString(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// sliceElem returns the basic kind of a slice's elements (byte and uint8,
// rune and int32, are the same kinds).
func sliceElem(t types.Type) (types.BasicKind, bool) {
	s, ok := t.(*types.Slice)
	if !ok {
		return 0, false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	if !ok {
		return 0, false
	}
	switch b.Kind() {
	case types.Uint8:
		return types.Byte, true
	case types.Int32:
		return types.Rune, true
	}
	return b.Kind(), true
}

func (c *checker) check(fn *ssa.Function, conv *ssa.Convert, dir direction) {
	site, escapes := c.esc.Of(conv)
	if !escapes {
		c.checkLocal(fn, conv, dir)
		return
	}
	if site.Via != nil {
		return // boxed (boxing reports the conversion to an interface) or captured (capture)
	}
	if c.esc.Assumed(site) != nil {
		return // escapes only by the assumption made for unknown code
	}
	if escape.Devirtualizable(site) {
		return // the compiler may see the concrete callee and keep it local
	}
	cv, ok := c.describe(fn, conv, dir)
	if !ok {
		return
	}
	advice, ok := c.remedy(fn, cv, site)
	if !ok && !c.cfg.Kept {
		return
	}
	f := report.Finding{
		Pos:    cv.call.Pos(),
		End:    cv.call.End(),
		Block:  conv.Block(),
		Claim:  fmt.Sprintf("converting %s to %s allocates", cv.arg, cv.to),
		Why:    "the copy escapes through " + site.Desc,
		Advice: advice,
	}
	if !ok {
		f.Why = "the copy is kept: it escapes through " + site.Desc
	}
	if p := site.Pos; p.IsValid() && c.pass.Fset.Position(p).Line != c.pass.Fset.Position(f.Pos).Line {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: "escapes here: " + site.Desc})
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}

// describe finds the syntax of conv and words it.
func (c *checker) describe(fn *ssa.Function, conv *ssa.Convert, dir direction) (*conversion, bool) {
	call := ssapos.CallExpr(fn, conv.Pos())
	if call == nil || len(call.Args) != 1 {
		return nil, false
	}
	cv := &conversion{conv: conv, dir: dir, call: call}
	cv.arg = report.Shorten(types.ExprString(call.Args[0]))
	cv.to = types.TypeString(conv.Type(), c.qual)
	return cv, true
}

// stackBuf is the size of the buffer the compiler gives a conversion that
// does not escape (runtime.tmpBuf: 32 bytes, or 32 runes for []rune): a
// longer result is copied to the heap.
const stackBuf = 32

// checkLocal judges a conversion that does not escape: the runtime copies
// it onto the heap when the result is longer than the compiler's stack
// buffer. That is certain when the operand is a slice of an array longer
// than the buffer, and possible whenever the length is not known; the
// copy-free forms (comparisons, concatenation operands, map lookups,
// len([]rune(s))) never copy, and a []byte(s) that is never written to may
// share s's bytes, which this check cannot tell: neither is reported.
func (c *checker) checkLocal(fn *ssa.Function, conv *ssa.Convert, dir direction) {
	if dir == toBytes || copyFree(conv) {
		return
	}
	n, known := knownLen(conv.X, 0)
	if known && n <= stackBuf {
		return
	}
	if !known && !c.cfg.UnknownLength {
		return
	}
	cv, ok := c.describe(fn, conv, dir)
	if !ok {
		return
	}
	unit := "bytes"
	if dir == toRunes {
		unit = "runes"
	}
	f := report.Finding{Pos: cv.call.Pos(), End: cv.call.End(), Block: conv.Block()}
	if known {
		f.Claim = fmt.Sprintf("converting %s to %s copies %d bytes to the heap", cv.arg, cv.to, n)
		f.Why = fmt.Sprintf("it does not escape, but only %d %s fit the stack buffer the compiler gives a conversion", stackBuf, unit)
		f.Advice = "work on the bytes with package bytes, or convert only the part needed"
	} else {
		f.Claim = fmt.Sprintf("converting %s to %s may allocate", cv.arg, cv.to)
		f.Why = fmt.Sprintf("it does not escape, but a result longer than %d %s does not fit the stack buffer the compiler gives a conversion and is copied to the heap", stackBuf, unit)
		if dir == toString {
			f.Advice = "if it is often longer, work on the bytes with package bytes (or strconv's and other packages' []byte forms)"
		} else {
			f.Advice = "if it is often longer, decode runes as needed with utf8.DecodeRuneInString or range over the string"
		}
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}

// copyFree reports whether every use of conv is one the compiler serves
// without copying: a comparison, an operand of a concatenation, a map
// lookup's key, len([]rune(s)).
func copyFree(conv *ssa.Convert) bool {
	refs := *conv.Referrers()
	if len(refs) == 0 {
		return true
	}
	for _, r := range refs {
		switch r := r.(type) {
		case *ssa.BinOp:
			switch r.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.ADD:
				continue
			}
		case *ssa.Lookup:
			if _, isMap := r.X.Type().Underlying().(*types.Map); isMap && r.Index == conv {
				continue
			}
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" {
				continue
			}
		}
		return false
	}
	return true
}

// knownLen returns the length in bytes of v, a string or []byte, when it
// is a constant, a conversion of one, or a slice of an array with constant
// bounds.
func knownLen(v ssa.Value, depth int) (int64, bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return int64(len(constant.StringVal(v.Value))), true
		}
	case *ssa.Convert:
		if depth < 4 {
			return knownLen(v.X, depth+1)
		}
	}
	return arrayLen(v)
}

// arrayLen returns the length of v when it is a slice of an array with
// constant bounds: buf[:], buf[:n] with n constant.
func arrayLen(v ssa.Value) (int64, bool) {
	s, ok := v.(*ssa.Slice)
	if !ok {
		return 0, false
	}
	p, ok := s.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return 0, false
	}
	arr, ok := p.Elem().Underlying().(*types.Array)
	if !ok {
		return 0, false
	}
	lo, hi := int64(0), arr.Len()
	if s.Low != nil {
		k, ok := s.Low.(*ssa.Const)
		if !ok {
			return 0, false
		}
		lo = k.Int64()
	}
	if s.High != nil {
		k, ok := s.High.(*ssa.Const)
		if !ok {
			return 0, false
		}
		hi = k.Int64()
	}
	return hi - lo, true
}
