package engine

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
)

// A unit is one package parsed and type-checked from source: a package
// to analyze, a test variant it depends on, or a dependency whose facts
// are computed.
type unit struct {
	lp         *listed
	fset       *token.FileSet
	files      []*ast.File
	pkg        *types.Package
	info       *types.Info
	sizes      types.Sizes
	module     *analysis.Module
	goVersion  string   // the language version to check at ("go1.26"; "" for the latest)
	errors     []string // parse and type errors; the go command's too
	typeErrors []types.Error
	overlay    map[string][]byte
	hashes     map[string]key // if not nil, parse records the hash of each file it reads
}

// exportImporter reads packages from the export data the go command
// compiled, into one map shared by every package of a run: types.Identical
// needs one *types.Package per path. Reads are serialized (the map is
// written by each); type-checkers use the results in parallel, as
// go/packages does.
type exportImporter struct {
	fset  *token.FileSet
	files map[string]string // export data file by package path

	mu       sync.Mutex
	packages map[string]*types.Package
}

func newExportImporter(fset *token.FileSet, files map[string]string) *exportImporter {
	return &exportImporter{fset: fset, files: files, packages: map[string]*types.Package{}}
}

func (imp *exportImporter) load(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	imp.mu.Lock()
	defer imp.mu.Unlock()
	if pkg := imp.packages[path]; pkg != nil && pkg.Complete() {
		return pkg, nil
	}
	file := imp.files[path]
	if file == "" {
		return nil, fmt.Errorf("no export data for %q", path)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading export data for %q: %v", path, err)
	}
	pkg, err := gcexportdata.Read(r, imp.fset, imp.packages, path)
	if err != nil {
		return nil, fmt.Errorf("reading export data for %q: %v", path, err)
	}
	return pkg, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// parse parses the package's Go files (the editor's unsaved content where
// the overlay has it, else the disk's). Comments are kept for the
// packages that are analyzed (checks read them: generated-file markers,
// directives).
func (u *unit) parse(comments bool) {
	mode := parser.SkipObjectResolution
	if comments {
		mode |= parser.ParseComments
	}
	for _, name := range u.lp.CompiledGoFiles {
		src, err := readSource(name, u.overlay)
		if err != nil {
			u.errors = append(u.errors, err.Error())
			continue
		}
		if u.hashes != nil {
			u.hashes[name] = sha256.Sum256(src)
		}
		f, err := parser.ParseFile(u.fset, name, src, mode)
		if f != nil {
			u.files = append(u.files, f)
		}
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				u.errors = append(u.errors, e.Error())
			}
		} else if err != nil {
			u.errors = append(u.errors, err.Error())
		}
	}
}

// check type-checks the parsed files. Imports resolve through the
// package's import map to source (test variants, other packages being
// analyzed) or to export data. With full, it records everything checks
// read; otherwise (a dependency's facts) what ctrlflow reads, and errors
// are tolerated: trimmed bodies leave imports unused.
func (u *unit) check(imp *exportImporter, source func(id string) *types.Package, sizes types.Sizes, full bool) {
	u.sizes = sizes
	u.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	if full {
		u.info.Implicits = map[ast.Node]types.Object{}
		u.info.Scopes = map[ast.Node]*types.Scope{}
		u.info.FileVersions = map[*ast.File]string{}
	}
	conf := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			id := path
			if mapped, ok := u.lp.ImportMap[path]; ok {
				id = mapped
			}
			if pkg := source(id); pkg != nil {
				return pkg, nil
			}
			return imp.load(id)
		}),
		Sizes: sizes,
		Error: func(err error) {
			if !full {
				return
			}
			if te, ok := err.(types.Error); ok {
				u.typeErrors = append(u.typeErrors, te)
				u.errors = append(u.errors, te.Fset.Position(te.Pos).String()+": "+te.Msg)
				return
			}
			u.errors = append(u.errors, err.Error())
		},
	}
	conf.GoVersion = u.goVersion
	u.pkg = types.NewPackage(pkgPath(u.lp.ImportPath), u.lp.Name)
	types.NewChecker(conf, u.fset, u.pkg, u.info).Files(u.files)
}

// readFile is the analysis pass's ReadFile: the files of the package, as
// the editor has them.
func (u *unit) readFile(name string) ([]byte, error) {
	name = filepath.Clean(name)
	if !u.owns(name) {
		return nil, fmt.Errorf("%s is not among the files of package %s", name, u.lp.ImportPath)
	}
	if src, ok := u.overlay[name]; ok {
		return src, nil
	}
	return os.ReadFile(name)
}

func (u *unit) owns(name string) bool {
	for _, list := range [][]string{u.lp.CompiledGoFiles, u.lp.OtherFiles, u.lp.IgnoredGoFiles, u.lp.EmbedFiles} {
		for _, f := range list {
			if f == name {
				return true
			}
		}
	}
	return false
}

func newUnit(lp *listed, fset *token.FileSet, overlay map[string][]byte, goVersion string) *unit {
	u := &unit{lp: lp, fset: fset, overlay: overlay, goVersion: goVersion, errors: lp.errors()}
	if lp.Module != nil {
		u.module = &analysis.Module{Path: lp.Module.Path, Version: lp.Module.Version, GoVersion: lp.Module.GoVersion}
	}
	return u
}
