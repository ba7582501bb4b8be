package mapptr

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"

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
var Info = checkinfo.Info{Name: "mapptr", Since: "v0.1.0", Default: true, Fix: checkinfo.FixNone}

// DefaultMaxSize is the value size in bytes up to which the check speaks
// when max-size is not set (see the Cost section of the docs).
const DefaultMaxSize = 64

// MaxInline is the largest value, in bytes, that a Go map stores in its own
// slots (internal/abi.MapMaxElemBytes in Go 1.26). A map stores larger
// values out of line, one allocation per entry, so map[K]V would allocate
// as often as map[K]*V: max-size may not exceed it.
const MaxInline = 128

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
	// MaxSize is the largest value type, in bytes, whose pointers the check
	// reports. 0 means DefaultMaxSize; at most MaxInline.
	MaxSize int64 `json:"max-size,omitempty"`
}

// Validate rejects bad values, naming the setting.
func (c Config) Validate() error {
	switch {
	case c.MaxSize < 0:
		return fmt.Errorf("max-size: %d is negative", c.MaxSize)
	case c.MaxSize > MaxInline:
		return fmt.Errorf("max-size: %d is over %d bytes, above which a map stores values out of line and map[K]V allocates per entry too",
			c.MaxSize, MaxInline)
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
	a.Flags.Int64Var(&cfg.MaxSize, "max-size", cfg.MaxSize,
		fmt.Sprintf("largest value size in bytes to report (0 means %d, at most %d)", DefaultMaxSize, MaxInline))
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

// candidate is a store of fresh allocations into a map of pointers that
// would keep its behaviour as a map of values, as far as the store's own
// function shows.
type candidate struct {
	update *ssa.MapUpdate
	m      *types.Map
	allocs []*ssa.Alloc
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	all := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
	funcs := cfg.Scope.Funcs(pass, all)
	maxSize := cfg.MaxSize
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	var (
		cands []candidate
		f     flow
	)
	for _, fn := range funcs {
		if fn.Synthetic == "package initializer" {
			continue // runs once
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				u, ok := instr.(*ssa.MapUpdate)
				if !ok {
					continue
				}
				m := typeshape.MapOf(u.Map.Type())
				if m == nil {
					continue
				}
				if _, ok := m.Elem().Underlying().(*types.Pointer); !ok {
					continue
				}
				allocs := f.fresh(u)
				if allocs == nil || !smallValues(pass.TypesSizes, allocs, maxSize) {
					continue
				}
				cands = append(cands, candidate{update: u, m: m, allocs: allocs})
			}
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	// Only now, with something to report, look at the whole package
	// (tests included: they may write through the map's pointers) for
	// maps of the same type that are changed through or leave its sight.
	shared, nilTested := sharedMaps(pass.Pkg, all)
	qual := report.Qualifier(pass.Pkg)
	for _, c := range cands {
		if matchesAny(c.m, shared) {
			continue
		}
		for _, a := range c.allocs {
			emit(pass, cfg, qual, c, a, matchesAny(c.m, nilTested))
		}
	}
	return nil, nil
}

// smallValues reports whether every allocation is of a value type of known,
// non-zero size of at most max bytes that may be copied.
func smallValues(sizes types.Sizes, allocs []*ssa.Alloc, max int64) bool {
	for _, a := range allocs {
		v := a.Type().(*types.Pointer).Elem()
		n, ok := typeshape.Size(sizes, v)
		if !ok || n == 0 || n > max || typeshape.NoCopy(v) || types.IsInterface(v) {
			return false
		}
	}
	return true
}

// emit reports one allocation. The advice says why a map of values is
// safe here (the check is silent wherever it is not) and, when some code
// tests the map's values against nil, how a map of values tells absence.
func emit(pass *analysis.Pass, cfg *Config, qual types.Qualifier, c candidate, a *ssa.Alloc, nilTested bool) {
	fn := a.Parent()
	v := a.Type().(*types.Pointer).Elem()
	size, _ := typeshape.Size(pass.TypesSizes, v)
	vs := types.TypeString(v, qual)
	valueMap := "map[" + types.TypeString(c.m.Key(), qual) + "]" + vs
	pos, end, what, local := allocExpr(fn, a, qual)
	f := report.Finding{Pos: pos, End: end, Block: a.Block()}
	if local {
		f.Claim = fmt.Sprintf("moving %s to the heap allocates a new %s (%d bytes)", what, vs, size)
		f.Why = fmt.Sprintf("its address is stored in a %s, one per entry", types.TypeString(c.m, qual))
		f.Advice = fmt.Sprintf("use %s and store %s itself", valueMap, what)
	} else {
		f.Claim = fmt.Sprintf("%s allocates a new %s (%d bytes)", what, vs, size)
		f.Why = fmt.Sprintf("it escapes into a %s, one per entry", types.TypeString(c.m, qual))
		f.Advice = "use " + valueMap
	}
	f.Advice += ", which keeps behaviour here: no code of the package writes through, keeps or passes on these pointers, and the map stays in the package"
	if nilTested {
		f.Advice += " (test presence with v, ok := m[k] where m[k] is compared with nil)"
	}
	if p := c.update.Pos(); p.IsValid() && pass.Fset.Position(p).Line != pass.Fset.Position(pos).Line {
		f.Related = append(f.Related, analysis.RelatedInformation{Pos: p, Message: "stored into the map here"})
	}
	report.Emit(pass, cfg.Scope, f)
}

// allocExpr returns the range of the expression that allocates a, how to
// name it, and whether it is a variable moved to the heap (&v) rather than
// an expression (&T{...}, new(T)).
func allocExpr(fn *ssa.Function, a *ssa.Alloc, qual types.Qualifier) (pos, end token.Pos, what string, local bool) {
	t := types.TypeString(a.Type().(*types.Pointer).Elem(), qual)
	if syn, ok := ssapos.Alloc(fn, a, t); ok {
		return syn.Pos, syn.End, syn.What, syn.Variable
	}
	if a.Comment == "complit" || a.Comment == "new" {
		return a.Pos(), token.NoPos, "&" + t + "{...}", false
	}
	return a.Pos(), token.NoPos, a.Comment, true
}
