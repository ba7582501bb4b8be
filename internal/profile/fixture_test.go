package profile

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// fixture is testdata/fixture copied into a temporary directory, profiled
// and loaded as SSA once per test binary: its heap profile (every
// allocation, init included), its CPU profile, and the heap profiles of
// its two commands.
type fixture struct {
	dir         string
	mem, cpu    string
	tool        string // heap profile of cmd/tool
	other       string // heap profile of cmd/other
	binaryNoInl string // the test binary built without inlining
	pkgs        []Package
	ssa         map[string]*ssa.Package      // by import path
	loaded      map[string]*packages.Package // by import path
	markers     map[string]marker
}

// marker is a line the fixture's source marks "// @name".
type marker struct {
	file string // base name
	line int
}

var (
	fixtureOnce sync.Once
	theFixture  *fixture
	fixtureErr  error
	fixtureDirs []string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range fixtureDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// getFixture builds the fixture the first time a test asks for it.
func getFixture(t testing.TB) *fixture {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and profiles a module")
	}
	fixtureOnce.Do(func() { theFixture, fixtureErr = buildFixture() })
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return theFixture
}

func buildFixture() (*fixture, error) {
	dir, err := copyFixture("")
	if err != nil {
		return nil, err
	}
	fx := &fixture{dir: dir}
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		return nil, err
	}
	fx.mem = filepath.Join(out, "mem.pprof")
	fx.cpu = filepath.Join(out, "cpu.pprof")
	fx.tool = filepath.Join(out, "tool.pprof")
	fx.other = filepath.Join(out, "other.pprof")
	fx.binaryNoInl = filepath.Join(out, "noinl.test")
	steps := [][]string{
		// GODEBUG makes init's allocations visible too.
		{"env", "GODEBUG=memprofilerate=1", "go", "test", "-count=1", "-run=TestAll|TestExt", "-memprofile=" + fx.mem, "-memprofilerate=1", "-o=" + filepath.Join(out, "mem.test"), "."},
		{"go", "test", "-count=1", "-run=TestBurn", "-cpuprofile=" + fx.cpu, "-o=" + filepath.Join(out, "cpu.test"), "."},
		{"go", "test", "-c", "-gcflags=-l", "-o=" + fx.binaryNoInl, "."},
		{"go", "build", "-o=" + filepath.Join(out, "tool"), "./cmd/tool"},
		{"go", "build", "-o=" + filepath.Join(out, "other"), "./cmd/other"},
		{filepath.Join(out, "tool"), fx.tool},
		{filepath.Join(out, "other"), fx.other},
	}
	for _, args := range steps {
		if _, err := run(dir, args...); err != nil {
			return nil, err
		}
	}
	if fx.pkgs, fx.ssa, fx.loaded, err = loadSSA(dir); err != nil {
		return nil, err
	}
	fx.markers, err = findMarkers(dir)
	return fx, err
}

// copyFixture copies testdata/fixture into a new temporary directory,
// passing each file's text through edit (if not nil) on the way.
func copyFixture(prefix string, edits ...func(name, text string) string) (string, error) {
	dir, err := os.MkdirTemp("", "profilefixture"+prefix)
	if err != nil {
		return "", err
	}
	fixtureDirs = append(fixtureDirs, dir)
	src := filepath.Join("testdata", "fixture")
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		for _, edit := range edits {
			text = edit(rel, text)
		}
		return os.WriteFile(target, []byte(text), 0o644)
	})
	return dir, err
}

func run(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

// loadSSA loads the module in dir with its tests and builds SSA as
// buildssa does; it returns the analyzed packages as a driver would list
// them (the test variants of packages with tests).
func loadSSA(dir string) ([]Package, map[string]*ssa.Package, map[string]*packages.Package, error) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		return nil, nil, nil, err
	}
	if packages.PrintErrors(pkgs) > 0 {
		return nil, nil, nil, fmt.Errorf("loading %s failed", dir)
	}
	// Keep one variant per import path: the test variant where there is one.
	chosen := map[string]*packages.Package{}
	for _, p := range pkgs {
		if strings.HasSuffix(p.PkgPath, ".test") {
			continue
		}
		if prev, ok := chosen[p.PkgPath]; !ok || len(p.CompiledGoFiles) > len(prev.CompiledGoFiles) {
			chosen[p.PkgPath] = p
		}
	}
	var list []*packages.Package
	for _, p := range pkgs {
		if chosen[p.PkgPath] == p {
			list = append(list, p)
		}
	}
	prog, ssaPkgs := ssautil.Packages(list, 0)
	prog.Build()
	out := map[string]*ssa.Package{}
	loaded := map[string]*packages.Package{}
	var analyzed []Package
	for i, p := range list {
		out[p.PkgPath] = ssaPkgs[i]
		loaded[p.PkgPath] = p
		analyzed = append(analyzed, Package{Path: p.PkgPath, Name: p.Name, Dir: filepath.Dir(p.CompiledGoFiles[0]), Files: p.CompiledGoFiles})
	}
	return analyzed, out, loaded, nil
}

var markerRx = regexp.MustCompile(`// @([\w.]+)`)

func findMarkers(dir string) (map[string]marker, error) {
	markers := map[string]marker{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			if m := markerRx.FindStringSubmatch(sc.Text()); m != nil {
				markers[m[1]] = marker{file: filepath.Base(path), line: line}
			}
		}
		return sc.Err()
	})
	return markers, err
}

// allFuncs returns every function of pkg built from its source: members,
// methods, and their literals and loop bodies.
func allFuncs(pkg *ssa.Package) []*ssa.Function {
	var out []*ssa.Function
	var add func(*ssa.Function)
	add = func(fn *ssa.Function) {
		out = append(out, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for fn := range ssautil.AllFunctions(pkg.Prog) {
		if fn.Pkg == pkg && fn.Parent() == nil && (fn.Syntax() != nil || fn.Synthetic == "package initializer") && fn.Origin() == nil {
			add(fn)
		}
	}
	return out
}

// funcAt returns the function of pkg whose body holds the marked line most
// narrowly (a literal rather than its enclosing function).
func (fx *fixture) funcAt(t testing.TB, pkgPath, name string) (*ssa.Function, int) {
	t.Helper()
	m, ok := fx.markers[name]
	if !ok {
		t.Fatalf("no marker @%s", name)
	}
	return funcAtLine(t, fx.ssa[pkgPath], m), m.line
}

func funcAtLine(t testing.TB, pkg *ssa.Package, m marker) *ssa.Function {
	t.Helper()
	var best *ssa.Function
	var bestSpan int
	for _, fn := range allFuncs(pkg) {
		syn := fn.Syntax()
		if syn == nil {
			continue
		}
		start, end := fn.Prog.Fset.Position(syn.Pos()), fn.Prog.Fset.Position(syn.End())
		if filepath.Base(start.Filename) != m.file || start.Line > m.line || end.Line < m.line {
			continue
		}
		if span := int(syn.End() - syn.Pos()); best == nil || span < bestSpan {
			best, bestSpan = fn, span
		}
	}
	if best == nil {
		t.Fatalf("no function holds %s:%d", m.file, m.line)
	}
	return best
}

func (fx *fixture) pkg(t testing.TB, path string) Package {
	t.Helper()
	for _, p := range fx.pkgs {
		if p.Path == path {
			return p
		}
	}
	t.Fatalf("no package %s", path)
	return Package{}
}
