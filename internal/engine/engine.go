// Package engine analyzes Go packages with go/analysis analyzers the way
// go vet and gopls do, rather than by loading every dependency from
// source: types of dependencies come from the export data the go command
// compiles (and caches); facts of dependencies are computed once per
// dependency and cached on disk, keyed like the go command's own cache;
// only the packages asked for are parsed and type-checked from source
// (with an editor's unsaved files), and only they are analyzed in full.
//
// heaplint's language server keeps one Engine for its lifetime and calls
// Analyze on each edit; heaplint's command line (-engine=export, its
// default) calls it once per run, as go vet would analyze: each package
// with its test files instead of alone (Request.InsteadOfPackage), nothing
// when a package does not load (Request.StopOnLoadErrors), and packages
// that import one that does not compile left out (Package.BrokenDeps).
//
// Computing a dependency's facts takes its source: it is parsed and
// type-checked (its own dependencies from export data) and only the
// analyzers that declare facts run on it. When ctrlflow is the only one,
// as for heaplint's checks (buildssa requires it), the bodies of functions
// that surely return are dropped before type-checking (see trim.go).
package engine

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"go/version"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/heaplint/heaplint/internal/vetdriver"
	"golang.org/x/tools/go/analysis"
)

// Options configure an Engine.
type Options struct {
	// Analyzers are the checks to run on the requested packages.
	Analyzers []*analysis.Analyzer

	// CacheDir holds the facts of dependencies between runs; "" keeps
	// them in memory only. DefaultCacheDir gives the usual place.
	CacheDir string

	// ToolID identifies the code of the analyzers, and goes into every
	// cache key; "" means ExecutableID.
	ToolID string

	// Parallel is how many packages or analyzers run at once; 0 means
	// GOMAXPROCS.
	Parallel int

	// Env is the go command's environment; nil means this process's.
	Env []string

	// Settings identify what configures the analyzers besides their flags
	// (a digest of a settings file, of a profile): cached results of the
	// requested packages are keyed by it, and by every analyzer's flags.
	Settings string
}

// An Engine analyzes packages and keeps, between calls, the facts of
// dependencies it has computed or read. It is safe for one Analyze call at
// a time.
type Engine struct {
	opts          Options
	factAnalyzers []*analysis.Analyzer
	trim          bool
	salt          key // the tool and the fact analyzers (with their flags)
	resultSalt    key // every analyzer, with its flags, and Options.Settings
	disk          diskCache
	sizes         types.Sizes
	goVersion     string // the go command's own ("go1.26.8"), for packages outside modules

	run  int               // counts Analyze calls, to evict unused facts
	memo map[key]*memoized // facts of dependencies by key
}

type memoized struct {
	facts   *depFacts
	lastRun int
}

// evictAfter is how many runs the facts of a dependency no run used stay
// in memory.
const evictAfter = 32

// New returns an Engine for opts.
func New(opts Options) (*Engine, error) {
	if opts.Parallel <= 0 {
		opts.Parallel = runtime.GOMAXPROCS(0)
	}
	if opts.Env == nil {
		opts.Env = os.Environ()
	}
	if opts.ToolID == "" {
		id, err := ExecutableID()
		if err != nil {
			return nil, fmt.Errorf("identifying this executable for the cache: %v", err)
		}
		opts.ToolID = id
	}
	if err := analysis.Validate(opts.Analyzers); err != nil {
		return nil, err
	}
	e := &Engine{opts: opts, disk: diskCache{dir: opts.CacheDir}, memo: map[key]*memoized{}, sizes: sizesFor(opts.Env), goVersion: goCommandVersion(opts.Env)}
	e.factAnalyzers = vetdriver.FactAnalyzers(opts.Analyzers)
	e.trim = trimmable(e.factAnalyzers)
	registerFacts(e.factAnalyzers)
	h := sha256.New()
	fmt.Fprintf(h, "heaplint engine facts 1\n%s\ntrim %v\n", opts.ToolID, e.trim)
	for _, a := range e.factAnalyzers {
		fmt.Fprintf(h, "analyzer %s\n", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(h, "  -%s=%s\n", f.Name, f.Value) })
	}
	h.Sum(e.salt[:0])
	e.resultSalt = resultSalt(opts.Analyzers, opts.Settings)
	go e.disk.trim()
	return e, nil
}

// Request says what to analyze.
type Request struct {
	// Dir is the go command's working directory.
	Dir string
	// Patterns are package patterns, as for go list ("." for Dir's package).
	Patterns []string
	// Tests includes each package's test variant ("p [p.test]": p with its
	// _test.go files) and external test package ("p_test [p.test]").
	Tests bool
	// InsteadOfPackage, with Tests, analyzes a package's test variant
	// instead of the package itself where it has one, as go vet does (the
	// command line). Without it both are analyzed (an editor: the
	// package's own files are seen as the package alone sees them, and
	// only test files through the test variant).
	InsteadOfPackage bool
	// Overlay holds the editor's unsaved files by absolute path; the go
	// command and the analysis both see them.
	Overlay map[string][]byte
	// StopOnLoadErrors: as go vet, analyze nothing when the go command
	// says that a package of the request (a requested one, a test
	// variant, a dependency) does not load, or that the patterns match
	// no package. Analyze then returns a *LoadError.
	StopOnLoadErrors bool
	// Warnings receives what the go command says on standard error while
	// it lists the requested packages (go: warning: "./..." matched no
	// packages); nil discards it.
	Warnings io.Writer
}

// A LoadError is the go command's report that packages of a request do
// not load (Request.StopOnLoadErrors).
type LoadError struct {
	// Errors are the go command's messages, one per package that does
	// not load, as go vet prints them, in the go command's order.
	Errors []string
	// NoPackages: the patterns matched no package.
	NoPackages bool
}

func (e *LoadError) Error() string {
	if e.NoPackages && len(e.Errors) == 0 {
		return "no packages"
	}
	return strings.Join(e.Errors, "\n")
}

// loadErrors returns the LoadError of a request's listing, or nil.
func loadErrors(meta []*listed) *LoadError {
	e := &LoadError{NoPackages: true}
	seen := map[string]bool{}
	for _, p := range meta {
		if !p.DepOnly {
			e.NoPackages = false
		}
		if p.Error == nil {
			continue
		}
		if msg := p.loadError(); !seen[msg] {
			seen[msg] = true
			e.Errors = append(e.Errors, msg)
		}
	}
	if e.NoPackages || len(e.Errors) > 0 {
		return e
	}
	return nil
}

// A Package is one requested package, analyzed.
type Package struct {
	ID      string // go list's: "p", "p [p.test]" (with tests), "p_test [p.test]"
	PkgPath string
	Name    string
	Fset    *token.FileSet
	// CompiledGoFiles are the files analyzed (absolute paths).
	CompiledGoFiles []string
	// Errors are the go command's, the parser's and the type-checker's:
	// a package with errors is not analyzed.
	Errors []string
	// Diagnostics are the analyzers' findings, in analyzer order, each
	// analyzer's as reported.
	Diagnostics []Diagnostic
	// Failures are the analyzers that failed (errors, panics), each an
	// *AnalyzerError.
	Failures []error
	// BrokenDeps are the packages below this one (imported directly or
	// not) that could not be compiled (or, test variants, type-checked):
	// this package was not checked for want of them, and its Errors say
	// so. go vet reports those packages, not this one.
	BrokenDeps []BrokenDep
	// Cached: the diagnostics were read from the disk cache (the package
	// and its dependencies are as when they were computed); Fset then has
	// the package's files without their syntax.
	Cached bool
}

// A BrokenDep is a package that does not compile.
type BrokenDep struct {
	ID string
	// Message is what the go command says of it: "# ID" and the
	// compiler's errors (for a test variant, the type-checker's), each on
	// a line of its own ending in a newline.
	Message string
}

// An AnalyzerError is an analyzer that failed on a package: it returned an
// error or panicked, or an analyzer it requires failed.
type AnalyzerError struct {
	Analyzer *analysis.Analyzer
	Err      error
}

func (e *AnalyzerError) Error() string { return e.Err.Error() }
func (e *AnalyzerError) Unwrap() error { return e.Err }

// A Diagnostic is one finding and the analyzer that reported it.
type Diagnostic struct {
	Analyzer *analysis.Analyzer
	analysis.Diagnostic
}

// Stats say where one Analyze call spent its time.
type Stats struct {
	List     time.Duration // the go command: metadata and export data
	Facts    time.Duration // facts of dependencies
	Analyze  time.Duration // parsing, type-checking and analyzing the requested packages
	Deps     int           // dependencies with export data (unsafe has none)
	Computed int           // ... whose facts were computed (the others were in memory or on disk)
	OnDisk   int           // ... whose facts were read from the disk cache
	Cached   int           // requested packages whose results were read from the disk cache
	// Relisted: the imports guessed from the files (see speculateImports)
	// were not all the package's, and export data was asked for again.
	Relisted bool
}

func (s Stats) String() string {
	again := ""
	if s.Relisted {
		again = " (twice for export data)"
	}
	return fmt.Sprintf("go list %v%s, facts of %d dependencies %v (%d computed, %d from the disk cache), analysis %v (%d of the packages from the disk cache)",
		s.List.Round(time.Millisecond), again, s.Deps, s.Facts.Round(time.Millisecond), s.Computed, s.OnDisk, s.Analyze.Round(time.Millisecond), s.Cached)
}

// Analyze lists the requested packages and their dependencies, brings the
// facts of the dependencies up to date, and analyzes the requested
// packages, returning them in the go command's order. An error means
// nothing could be listed (with Request.StopOnLoadErrors, a *LoadError
// also means that some package did not load); errors of single packages
// are in their Errors.
func (e *Engine) Analyze(ctx context.Context, req Request) ([]*Package, Stats, error) {
	var stats Stats
	e.run++
	defer e.evict()
	overlay := cleanOverlay(req.Overlay)

	t0 := time.Now()
	g, deps, err := e.list(ctx, req, overlay, &stats)
	if err != nil {
		return nil, stats, err
	}
	stats.List = time.Since(t0)
	for _, d := range deps {
		if d.Export != "" {
			stats.Deps++
		}
	}

	fset := token.NewFileSet()
	imp := newExportImporter(fset, exportFiles(deps))
	t0 = time.Now()
	facts, err := e.depFacts(ctx, deps, imp, &stats)
	if err != nil {
		return nil, stats, err
	}
	stats.Facts = time.Since(t0)

	t0 = time.Now()
	depsByID := make(map[string]*listed, len(deps))
	for _, d := range deps {
		depsByID[d.ImportPath] = d
	}
	pkgs := e.analyzeSource(ctx, g, imp, facts, depsByID, overlay, &stats)
	stats.Analyze = time.Since(t0)
	return pkgs, stats, ctx.Err()
}

// graph is the packages of a request: those checked from source (the
// requested ones, and the test variants they import) and the IDs of the
// packages they import from export data.
//
// Every package that has export data is imported from it, even one that
// is also checked from source because it was requested: an export-data
// package that imports it refers to the export-data one, and a type must
// be one object wherever it is seen. Test variants ("p [p.test]") have no
// export data, and no export-data package can import one.
type graph struct {
	source []*listed // in dependency order
	isRoot map[string]bool
	// exportImports are the IDs of the packages that source packages
	// import directly from export data.
	exportImports []string
}

func newGraph(meta []*listed, insteadOfPackage bool) *graph {
	g := &graph{isRoot: map[string]bool{}}
	hasVariant := map[string]bool{}
	for _, p := range meta {
		if !p.DepOnly && isTestVariant(p.ImportPath) {
			hasVariant[pkgPath(p.ImportPath)] = true
		}
	}
	for _, p := range meta {
		if isTestMain(p) || insteadOfPackage && hasVariant[p.ImportPath] {
			continue
		}
		if !p.DepOnly {
			g.isRoot[p.ImportPath] = true
		}
		if !p.DepOnly || isTestVariant(p.ImportPath) {
			g.source = append(g.source, p)
		}
	}
	seen := map[string]bool{}
	for _, p := range g.source {
		for _, id := range p.Imports {
			if !isTestVariant(id) && !seen[id] && id != "unsafe" && id != "C" {
				seen[id] = true
				g.exportImports = append(g.exportImports, id)
			}
		}
	}
	slices.Sort(g.exportImports)
	return g
}

// isTestMain reports whether p is the generated main package of a test
// binary, which has nothing to analyze.
func isTestMain(p *listed) bool {
	return p.Name == "main" && strings.HasSuffix(p.ImportPath, ".test")
}

// list asks the go command for the requested packages (their files and
// imports) and then for the export data of what they import, compiling
// what its cache lacks. For one directory's package the second call does
// not wait for the first: it starts at once with the imports read from
// the files (see speculateImports), and is repeated only if those were not
// all the package imports.
func (e *Engine) list(ctx context.Context, req Request, overlay map[string][]byte, stats *Stats) (*graph, []*listed, error) {
	type listing struct {
		pkgs []*listed
		err  error
	}
	var early chan listing
	guess := speculateImports(req, overlay)
	if len(guess) > 0 {
		early = make(chan listing, 1)
		go func() {
			pkgs, err := golist(ctx, req.Dir, e.opts.Env, overlay, append([]string{"-export"}, guess...)...)
			early <- listing{pkgs, err}
		}()
	}
	args := slices.Clone(req.Patterns)
	if req.Tests {
		args = append([]string{"-test"}, args...)
	}
	meta, warnings, err := golistWarn(ctx, req.Dir, e.opts.Env, overlay, args...)
	if err == nil && req.Warnings != nil {
		io.WriteString(req.Warnings, warnings)
	}
	if err == nil && req.StopOnLoadErrors {
		if lerr := loadErrors(meta); lerr != nil {
			err = lerr
		}
	}
	if err != nil {
		if early != nil {
			<-early
		}
		return nil, nil, err
	}
	g := newGraph(meta, req.Tests && req.InsteadOfPackage)
	if early != nil {
		l := <-early
		if l.err == nil && isSubset(g.exportImports, guess) {
			return g, closure(l.pkgs, g.exportImports), nil
		}
		stats.Relisted = true
	}
	deps, err := e.listExports(ctx, req.Dir, overlay, g)
	return g, deps, err
}

// listExports asks the go command for the export data (compiling what its
// cache lacks) of every dependency imported from export data.
func (e *Engine) listExports(ctx context.Context, dir string, overlay map[string][]byte, g *graph) ([]*listed, error) {
	if len(g.exportImports) == 0 {
		return nil, nil
	}
	return golist(ctx, dir, e.opts.Env, overlay, append([]string{"-export"}, g.exportImports...)...)
}

func exportFiles(deps []*listed) map[string]string {
	files := make(map[string]string, len(deps))
	for _, d := range deps {
		if d.Export != "" {
			files[d.ImportPath] = d.Export
		}
	}
	return files
}

// cleanOverlay drops what is not a Go file: the go command needs only
// those, and the analysis reads only those.
func cleanOverlay(overlay map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(overlay))
	for path, src := range overlay {
		if strings.HasSuffix(path, ".go") {
			out[path] = src
		}
	}
	return out
}

// evict forgets the facts no recent run used.
func (e *Engine) evict() {
	for k, m := range e.memo {
		if m.lastRun < e.run-evictAfter {
			delete(e.memo, k)
		}
	}
}

// goCommandVersion returns the go command's version ("go1.26.8"), or ""
// if it cannot say: go vet type-checks a package outside any module (the
// standard library) at that language version, and so must the engine
// (checks read the file versions).
func goCommandVersion(env []string) string {
	cmd := exec.Command("go", "env", "GOVERSION")
	cmd.Env = env
	out, err := cmd.Output()
	if v := strings.TrimSpace(string(out)); err == nil && version.IsValid(v) {
		return v
	}
	return ""
}

// langVersion is the Go version go vet gives the type-checker for p: its
// module's go line (1.16 for a go.mod without one), or for a package
// outside any module the go command's own version.
func (e *Engine) langVersion(p *listed) string {
	switch {
	case p.Module == nil:
		return e.goVersion
	case p.Module.GoVersion == "":
		return "go1.16"
	}
	return "go" + p.Module.GoVersion
}

// sizesFor returns the sizes of the target architecture: GOARCH in env,
// else this process's.
func sizesFor(env []string) types.Sizes {
	goarch := runtime.GOARCH
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOARCH="); ok && v != "" {
			goarch = v
		}
	}
	return types.SizesFor("gc", goarch)
}
