package analyzer_test

// The gopls contract (../shared/INTEGRATION.md, "What gopls (and any careful
// driver) asks of analyzers"; STYLE.md B8, B10, B11): every rule that can be
// checked mechanically is checked here, for every registered check and the
// helper analyzers it requires.

import (
	"bytes"
	"encoding/gob"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

const module = "github.com/heaplint/heaplint"

// closure returns as and everything they require, each once, in a
// deterministic order (depth first, as listed).
func closure(as []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		out = append(out, a)
	}
	for _, a := range as {
		visit(a)
	}
	return out
}

func allConfigured(t *testing.T) []*analysis.Analyzer {
	t.Helper()
	as, err := analyzer.Analyzers(analyzer.Config{Default: analyzer.DefaultAll})
	if err != nil {
		t.Fatal(err)
	}
	return as
}

// flagPointer returns the address a flag's value is bound to, or 0 when the
// value is not a pointer.
func flagPointer(f *flag.Flag) uintptr {
	v := reflect.ValueOf(f.Value)
	if v.Kind() == reflect.Pointer {
		return v.Pointer()
	}
	return 0
}

// TestContractFresh: analyzers are immutable and shared by gopls, so every
// call must build its own: no shared *Analyzer, no flag bound to a variable
// another call also binds, and a shared required analyzer must be a
// config-free helper (no flags) and not a check.
func TestContractFresh(t *testing.T) {
	a1, a2 := allConfigured(t), allConfigured(t)
	checks := map[string]bool{}
	for _, n := range analyzer.Names() {
		checks[n] = true
	}
	for i := range a1 {
		if a1[i] == a2[i] {
			t.Errorf("check %s: two Analyzers() calls share the *Analyzer", a1[i].Name)
			continue
		}
		a1[i].Flags.VisitAll(func(f1 *flag.Flag) {
			f2 := a2[i].Flags.Lookup(f1.Name)
			if f2 == nil {
				t.Errorf("check %s: flag %s exists in one build only", a1[i].Name, f1.Name)
				return
			}
			if p := flagPointer(f1); p != 0 && p == flagPointer(f2) {
				t.Errorf("check %s: flag %s of two builds is bound to the same variable (package state?)", a1[i].Name, f1.Name)
			}
		})
		// The package-level default Analyzer is not shared either.
		e, _ := analyzer.Lookup(a1[i].Name)
		if e.New() == e.New() {
			t.Errorf("check %s: Entry.New returns a shared *Analyzer", a1[i].Name)
		}
	}
	// A build with other settings leaves an earlier build alone.
	before := map[string]string{}
	for _, a := range a1 {
		a.Flags.VisitAll(func(f *flag.Flag) { before[a.Name+"."+f.Name] = f.Value.String() })
	}
	if _, err := analyzer.Analyzers(analyzer.Config{Default: analyzer.DefaultAll, LoopsOnly: true}); err != nil {
		t.Fatal(err)
	}
	for _, a := range a1 {
		a.Flags.VisitAll(func(f *flag.Flag) {
			if got := f.Value.String(); got != before[a.Name+"."+f.Name] {
				t.Errorf("check %s: building with loops-only changed flag %s of an earlier build from %s to %s",
					a.Name, f.Name, before[a.Name+"."+f.Name], got)
			}
		})
	}
	// Shared required analyzers are config-free helpers.
	in1 := map[*analysis.Analyzer]bool{}
	for _, a := range closure(a1) {
		in1[a] = true
	}
	for _, a := range closure(a2) {
		if !in1[a] {
			continue
		}
		if checks[a.Name] {
			t.Errorf("check %s is required by another check (a pass never imports another pass)", a.Name)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			t.Errorf("helper analyzer %s is shared by every build but has flag %s: a helper that needs options is really a pass", a.Name, f.Name)
		})
	}
}

// TestContractAnalyzers: analysis.Validate over everything, unique names
// (gopls keys results and settings by name), facts only in config-free
// helpers (STYLE.md B2), RunDespiteErrors only where what is required runs
// despite errors too.
func TestContractAnalyzers(t *testing.T) {
	all := closure(append(analyzer.All(), allConfigured(t)...))
	if err := analysis.Validate(analyzer.All()); err != nil {
		t.Error(err)
	}
	if err := analysis.Validate(allConfigured(t)); err != nil {
		t.Error(err)
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range closure(analyzer.All()) {
		if b, ok := byName[a.Name]; ok && b != a {
			t.Errorf("two different analyzers are named %s", a.Name)
		}
		byName[a.Name] = a
	}
	checks := analyzer.Names()
	for _, a := range all {
		if len(a.FactTypes) > 0 {
			if slices.Contains(checks, a.Name) {
				t.Errorf("check %s declares facts: put them in a config-free helper analyzer in internal/ (STYLE.md B2)", a.Name)
			}
			a.Flags.VisitAll(func(f *flag.Flag) {
				t.Errorf("analyzer %s declares facts and has flag %s: fact producers must be config-free", a.Name, f.Name)
			})
		}
		if a.RunDespiteErrors {
			for _, r := range closure(a.Requires) {
				if !r.RunDespiteErrors {
					t.Errorf("analyzer %s runs despite errors but requires %s, which does not: it would never run", a.Name, r.Name)
				}
			}
		}
	}
}

// TestContractFactTypes: every fact type gob-encodes, decodes, and encodes
// the same bytes every time. Facts produced on the fixtures are checked by
// TestContractFixtures.
func TestContractFactTypes(t *testing.T) {
	for _, a := range closure(append(analyzer.All(), allConfigured(t)...)) {
		for _, f := range a.FactTypes {
			fresh := reflect.New(reflect.TypeOf(f).Elem()).Interface().(analysis.Fact)
			checkFactEncoding(t, a.Name, fresh)
		}
	}
}

func checkFactEncoding(t *testing.T, analyzerName string, fact analysis.Fact) {
	t.Helper()
	var first []byte
	for i := range 5 {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fact); err != nil {
			t.Errorf("analyzer %s: fact %T does not gob-encode: %v", analyzerName, fact, err)
			return
		}
		if i == 0 {
			first = buf.Bytes()
			decoded := reflect.New(reflect.TypeOf(fact).Elem()).Interface()
			if err := gob.NewDecoder(bytes.NewReader(first)).Decode(decoded); err != nil {
				t.Errorf("analyzer %s: fact %T does not gob-decode: %v", analyzerName, fact, err)
				return
			}
			var again bytes.Buffer
			if err := gob.NewEncoder(&again).Encode(decoded); err != nil || !bytes.Equal(again.Bytes(), first) {
				t.Errorf("analyzer %s: fact %T changes in a gob round trip (err %v)", analyzerName, fact, err)
			}
		} else if !bytes.Equal(buf.Bytes(), first) {
			t.Errorf("analyzer %s: fact %v (%T) encodes differently each time (a map?): drivers cache by its bytes", analyzerName, fact, fact)
			return
		}
	}
}

// fixtureSets lists the packages to run the checks on: the bundled example
// module with every check, and the testdata of each check that offers fixes
// with that check.
type fixtureSet struct {
	name      string
	dir       string // packages.Config.Dir
	env       []string
	patterns  []string
	analyzers []*analysis.Analyzer
}

func fixtureSets(t *testing.T) []fixtureSet {
	t.Helper()
	example, _ := filepath.Abs("../testdata/example")
	sets := []fixtureSet{{name: "testdata/example", dir: example, patterns: []string{"./..."}, analyzers: allConfigured(t)}}
	for _, e := range analyzer.Checks() {
		if e.Info.Fix == checkinfo.FixNone {
			continue // its tests check its messages; the example covers the rest
		}
		src, _ := filepath.Abs(filepath.Join("../passes", e.Info.Name, "testdata", "src"))
		entries, err := os.ReadDir(src)
		if err != nil {
			continue
		}
		var gopath []string
		for _, d := range entries {
			if !d.IsDir() {
				continue
			}
			if _, err := os.Stat(filepath.Join(src, d.Name(), "go.mod")); err == nil {
				sets = append(sets, fixtureSet{
					name: "passes/" + e.Info.Name + "/testdata/src/" + d.Name(), dir: filepath.Join(src, d.Name()),
					env: []string{"GOFLAGS=-mod=mod", "GOWORK=off"}, patterns: []string{"./..."},
					analyzers: []*analysis.Analyzer{e.New()},
				})
			} else {
				gopath = append(gopath, d.Name()+"/...")
			}
		}
		if len(gopath) > 0 {
			sets = append(sets, fixtureSet{
				name: "passes/" + e.Info.Name + "/testdata/src", dir: src,
				env:      []string{"GOPATH=" + filepath.Dir(src), "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"},
				patterns: gopath, analyzers: []*analysis.Analyzer{e.New()},
			})
		}
	}
	return sets
}

// TestContractFixtures runs the checks on the fixtures and checks what they
// produce: positions, message style, SuggestedFixes that pass gopls's
// validation (report.ValidateFix; one fix per diagnostic, since
// golangci-lint applies all of them), facts that gob-encode
// deterministically (checker's SanityCheck and our own), and the same
// output twice.
func TestContractFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("loads every fixture")
	}
	for _, set := range fixtureSets(t) {
		t.Run(set.name, func(t *testing.T) {
			t.Parallel()
			// Dependencies need syntax only when some analyzer has facts.
			mode := packages.LoadSyntax | packages.NeedModule
			for _, a := range closure(set.analyzers) {
				if len(a.FactTypes) > 0 {
					mode = packages.LoadAllSyntax | packages.NeedModule
				}
			}
			pkgs, err := packages.Load(&packages.Config{
				Mode:  mode,
				Dir:   set.dir,
				Env:   append(os.Environ(), set.env...),
				Tests: false,
			}, set.patterns...)
			if err != nil {
				t.Fatal(err)
			}
			var ok []*packages.Package
			for _, p := range pkgs {
				if len(p.Errors) > 0 {
					t.Logf("skipping %s, which does not load: %v", p.PkgPath, p.Errors[0])
					continue
				}
				ok = append(ok, p)
			}
			if len(ok) == 0 {
				t.Skip("no package loads")
			}
			first := runFixtures(t, ok, set.analyzers)
			t.Logf("%d packages, %d lines of findings", len(ok), strings.Count(first, "\n"))
			if second := runFixtures(t, ok, set.analyzers); first != second {
				t.Errorf("two runs differ:\n%s\n---\n%s", first, second)
			}
		})
	}
}

// runFixtures analyzes pkgs, checks the output and returns it as text.
func runFixtures(t *testing.T, pkgs []*packages.Package, as []*analysis.Analyzer) string {
	t.Helper()
	graph, err := checker.Analyze(as, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
			continue
		}
		for _, f := range act.AllObjectFacts() {
			checkFactEncoding(t, act.Analyzer.Name, f.Fact)
		}
		for _, f := range act.AllPackageFacts() {
			checkFactEncoding(t, act.Analyzer.Name, f.Fact)
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			fmt.Fprintf(&out, "%s: %s: %s\n", posn, act.Analyzer.Name, d.Message)
			where := fmt.Sprintf("%s: %s", posn, act.Analyzer.Name)
			if !d.Pos.IsValid() {
				t.Errorf("%s: diagnostic without a position: %s", where, d.Message)
			}
			if d.End.IsValid() && d.End < d.Pos {
				t.Errorf("%s: End before Pos", where)
			}
			if err := report.CheckMessage(act.Analyzer.Name, d.Message); err != nil {
				t.Errorf("%s: %v", where, err)
			}
			if d.Category == "" || d.URL == "" {
				t.Errorf("%s: diagnostic without Category or URL (report.Emit sets both)", where)
			}
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d SuggestedFixes; golangci-lint --fix applies all of them, offer one", where, len(d.SuggestedFixes))
			}
			var msgs []string
			for _, fix := range d.SuggestedFixes {
				if err := report.ValidateFix(fset, d.Pos, fix); err != nil {
					t.Errorf("%s: fix %q: %v", where, fix.Message, err)
				}
				if slices.Contains(msgs, fix.Message) {
					t.Errorf("%s: two fixes titled %q", where, fix.Message)
				}
				msgs = append(msgs, fix.Message)
				for _, e := range fix.TextEdits {
					fmt.Fprintf(&out, "\tfix %q: %d-%d %q\n", fix.Message, fset.Position(e.Pos).Offset, fset.Position(e.End).Offset, e.NewText)
				}
			}
			for _, r := range d.Related {
				fmt.Fprintf(&out, "\trelated %s: %s\n", fset.Position(r.Pos), r.Message)
			}
		}
	}
	return out.String()
}

// goList runs go list in the module root and returns its output.
func goList(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, stderr.Bytes())
	}
	return string(out)
}

// analyzerPackages returns the module's packages that analyzers are built
// from: passes/* and internal/* among the dependencies of ./analyzer.
func analyzerPackages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, p := range strings.Fields(goList(t, "-deps", "./analyzer")) {
		rel, ok := strings.CutPrefix(p, module+"/")
		if ok && (strings.HasPrefix(rel, "passes/") || strings.HasPrefix(rel, "internal/")) {
			out = append(out, p)
		}
	}
	return out
}

// forbiddenImports are what an analyzer's code may not import: Run must be a
// pure function of syntax, types and facts (pass.ReadFile for file content).
var forbiddenImports = map[string]string{
	"os":                                "file system and environment",
	"os/exec":                           "running programs",
	"os/user":                           "the environment",
	"io/ioutil":                         "file system",
	"syscall":                           "the system",
	"net":                               "the network",
	"net/http":                          "the network",
	"time":                              "output must not depend on time",
	"math/rand":                         "output must not depend on randomness",
	"math/rand/v2":                      "output must not depend on randomness",
	"go/build":                          "reads the file system",
	"go/importer":                       "reads export data from disk",
	"golang.org/x/tools/go/packages":    "loads packages itself",
	"golang.org/x/tools/go/ssa/ssautil": "builds SSA itself; use buildssa.Analyzer",
}

// TestContractNoFileAccess: no package that analyzers are made of imports
// the file system, the environment, time or randomness.
func TestContractNoFileAccess(t *testing.T) {
	pkgs := analyzerPackages(t)
	out := goList(t, append([]string{"-f", `{{.ImportPath}} {{join .Imports " "}}`}, pkgs...)...)
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		for _, imp := range f[1:] {
			if why, bad := forbiddenImports[imp]; bad {
				t.Errorf("%s imports %s (%s): analyzers must use pass.ReadFile and be pure functions of the package", f[0], imp, why)
			}
		}
	}
}

// allowedGlobals lists reviewed package-level variables that the rules of
// TestContractNoPackageState would reject, with the reason they are safe.
// Prefer a const, a func, a switch or a read-only unexported table.
var allowedGlobals = map[string]string{}

// TestContractNoPackageState: drivers run packages in parallel and gopls
// shares analyzers between sessions, so the packages analyzers are made of
// keep no mutable state at package level. A package-level variable must be
// Analyzer (*analysis.Analyzer), Info, the embedded doc string, a compiled
// regexp, or an unexported table that its package only reads (never
// assigned, incremented, address-taken, sliced, appended to, deleted from,
// given to a method with a pointer receiver, or handed out while it holds
// pointers, maps or slices). The packages also never read pass.OtherFiles or
// pass.IgnoredFiles, which gopls leaves empty.
func TestContractNoPackageState(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir:  "..",
	}, analyzerPackages(t)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("%s: %v", p.PkgPath, e)
		}
		if p.Types == nil || p.TypesInfo == nil {
			continue
		}
		writes := globalWrites(p)
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			v, ok := scope.Lookup(name).(*types.Var)
			if !ok {
				continue
			}
			typ := types.TypeString(v.Type(), nil)
			switch {
			case name == "Analyzer" && typ == "*golang.org/x/tools/go/analysis.Analyzer",
				name == "Info" && typ == module+"/internal/checkinfo.Info",
				name == "doc" && typ == "string",
				typ == "*regexp.Regexp",
				allowedGlobals[p.PkgPath+"."+name] != "":
				continue
			case v.Exported():
				t.Errorf("%s: exported package-level variable %s %s: other packages could change it; use a const or a func",
					p.Fset.Position(v.Pos()), name, typ)
			case writes[v] != token.NoPos:
				t.Errorf("%s: package-level variable %s %s is changed or handed out at %s: analyzers may share no mutable state; use a const, a func, a switch, or a table that is only read",
					p.Fset.Position(v.Pos()), name, typ, p.Fset.Position(writes[v]))
			}
		}
		for id, obj := range p.TypesInfo.Uses {
			f, ok := obj.(*types.Var)
			if !ok || !f.IsField() || (f.Name() != "OtherFiles" && f.Name() != "IgnoredFiles") {
				continue
			}
			if f.Pkg() != nil && f.Pkg().Path() == "golang.org/x/tools/go/analysis" {
				t.Errorf("%s: uses Pass.%s, which gopls leaves empty", p.Fset.Position(id.Pos()), f.Name())
			}
		}
	}
}

// globalWrites finds, for each package-level variable of p, a place outside
// its declaration where it may be changed: written, or handed out in a way
// that lets someone else change it.
func globalWrites(p *packages.Package) map[*types.Var]token.Pos {
	writes := map[*types.Var]token.Pos{}
	scope := p.Types.Scope()
	for _, file := range p.Syntax {
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			v, ok := p.TypesInfo.Uses[id].(*types.Var)
			if !ok || v.Parent() != scope {
				return true
			}
			if _, done := writes[v]; !done && mayChange(p.TypesInfo, stack) {
				writes[v] = id.Pos()
			}
			return true
		})
	}
	return writes
}

// mayChange reports whether the use of a variable at the top of stack (the
// path from the file down to its identifier) may change what it holds.
func mayChange(info *types.Info, stack []ast.Node) bool {
	var e ast.Expr = stack[len(stack)-1].(*ast.Ident)
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.StarExpr:
			e = p.(ast.Expr)
			continue
		case *ast.SelectorExpr:
			if sel := info.Selections[p]; sel != nil && sel.Kind() == types.MethodVal {
				_, ptrRecv := sel.Obj().Type().(*types.Signature).Recv().Type().Underlying().(*types.Pointer)
				return ptrRecv || holdsReferences(info.TypeOf(e))
			}
			e = p
			continue
		case *ast.IndexExpr:
			if p.X != e {
				return false // used as an index
			}
			if _, isMap := info.TypeOf(p.X).Underlying().(*types.Map); isMap {
				// m[k] is a copy of the element, but m[k] = v writes m.
				if assignedTo(stack[i-1], p) {
					return true
				}
			}
			e = p
			continue
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == e {
					return true
				}
			}
			return holdsReferences(info.TypeOf(e))
		case *ast.IncDecStmt:
			return true
		case *ast.UnaryExpr:
			return p.Op == token.AND
		case *ast.SliceExpr:
			return p.X == e && !isString(info.TypeOf(e))
		case *ast.RangeStmt:
			if p.X != e {
				return true // assigned as key or value
			}
			return rangeCopiesShare(info.TypeOf(e))
		case *ast.CallExpr:
			if p.Fun == e {
				return false
			}
			if b, ok := calleeBuiltin(info, p); ok {
				switch b {
				case "len", "cap":
					return false
				case "copy":
					return p.Args[0] == e
				case "append":
					return p.Args[0] == e || holdsReferences(info.TypeOf(e))
				case "delete", "clear":
					return true
				}
			}
			return holdsReferences(info.TypeOf(e))
		case *ast.ValueSpec, *ast.ReturnStmt, *ast.CompositeLit, *ast.KeyValueExpr, *ast.SendStmt, *ast.GoStmt, *ast.DeferStmt:
			return holdsReferences(info.TypeOf(e))
		}
		return false // compared, printed, used in arithmetic: read
	}
	return false
}

func assignedTo(parent ast.Node, e ast.Expr) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		return slices.Contains(p.Lhs, e)
	case *ast.IncDecStmt:
		return p.X == e
	case *ast.UnaryExpr:
		return p.Op == token.AND
	}
	return false
}

func calleeBuiltin(info *types.Info, call *ast.CallExpr) (string, bool) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return "", false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok {
		return "", false
	}
	return b.Name(), true
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// rangeCopiesShare reports whether ranging over a value of type t hands
// out keys or values that share memory with it.
func rangeCopiesShare(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return holdsReferences(u.Elem())
	case *types.Array:
		return holdsReferences(u.Elem())
	case *types.Map:
		return holdsReferences(u.Key()) || holdsReferences(u.Elem())
	case *types.Pointer:
		return rangeCopiesShare(u.Elem())
	case *types.Basic:
		return false
	}
	return true
}

// holdsReferences reports whether a copy of a value of type t shares
// memory with the original: pointers, maps, slices, channels, interfaces,
// or structs and arrays holding them.
func holdsReferences(t types.Type) bool {
	if t == nil {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic, *types.Signature:
		return false
	case *types.Array:
		return holdsReferences(u.Elem())
	case *types.Struct:
		for f := range u.Fields() {
			if holdsReferences(f.Type()) {
				return true
			}
		}
		return false
	case *types.Tuple:
		for v := range u.Variables() {
			if holdsReferences(v.Type()) {
				return true
			}
		}
		return false
	}
	return true
}

// TestOneInit: the plugin's registration is the module's only init
// function; nothing else may run code at import time.
func TestOneInit(t *testing.T) {
	root, _ := filepath.Abs("..")
	var inits []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil // not ours to judge; go vet will
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
				rel, _ := filepath.Rel(root, path)
				inits = append(inits, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(inits, []string{"analyzer/gclplugin/plugin.go"}) {
		t.Errorf("init functions in %v; the only one must be analyzer/gclplugin's plugin registration", inits)
	}
}

// layer orders the module's packages: cmd → analyzer → passes → internal.
// Drivers (cmd/..., analyzer/gclplugin and anything else) are on top.
func layer(rel string) (int, string) {
	switch {
	case strings.HasPrefix(rel, "internal/"):
		return 0, "internal"
	case strings.HasPrefix(rel, "passes/"):
		return 1, "passes"
	case rel == "analyzer":
		return 2, "analyzer"
	}
	return 3, "drivers (cmd, analyzer/gclplugin)"
}

// TestImportLayers enforces the one-way imports cmd → analyzer → passes →
// internal: a package imports only the module's packages below it, and a
// pass imports no other pass, not even in its tests.
func TestImportLayers(t *testing.T) {
	out := goList(t, "-e", "-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	type pkg struct {
		path             string
		imports, testImp []string
	}
	var pkgs []pkg
	for line := range strings.Lines(out) {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != 3 {
			continue
		}
		pkgs = append(pkgs, pkg{f[0], strings.Fields(f[1]), strings.Fields(f[2])})
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	for _, p := range pkgs {
		rel, _ := strings.CutPrefix(p.path, module+"/")
		pl, pname := layer(rel)
		for _, imp := range p.imports {
			qrel, ok := strings.CutPrefix(imp, module+"/")
			if !ok && imp != module {
				continue
			}
			ql, qname := layer(qrel)
			switch {
			case pl == 1 && ql == 1:
				t.Errorf("%s imports %s: a pass never imports another pass; share code through internal/", rel, qrel)
			case ql > pl || (ql == pl && pl == 2):
				t.Errorf("%s (%s) imports %s (%s): imports go one way, cmd → analyzer → passes → internal", rel, pname, qrel, qname)
			}
		}
		if pl == 1 {
			for _, imp := range p.testImp {
				qrel, ok := strings.CutPrefix(imp, module+"/passes/")
				if ok && !strings.HasPrefix(rel, "passes/"+strings.Split(qrel, "/")[0]) {
					t.Errorf("%s's tests import passes/%s: a pass never imports another pass", rel, qrel)
				}
			}
		}
	}
}
