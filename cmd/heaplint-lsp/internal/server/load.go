package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"

	"golang.org/x/tools/go/packages"
)

// A depCache keeps packages parsed and type-checked from source between
// analyses, for analyzers that use facts: those run on every dependency,
// std included, so each dependency needs syntax and full type information
// (packages.LoadAllSyntax), which takes seconds to build. Every bit of every
// SSA check needs it: buildssa requires ctrlflow, whose noReturn facts come
// from the dependencies.
//
// Each analysis asks the go command for metadata only (cheap), then
// rebuilds a package only when one of its files (on disk or in the editor)
// or one of its dependencies changed. Everything else, normally all of the
// dependencies, is reused, so an edit costs the type-checking of the edited
// package plus the analysis.
//
// It is used by the worker goroutine only; build checks packages in
// parallel internally.
type depCache struct {
	fset    *token.FileSet
	entries map[string]*cacheEntry // by package ID
	run     int                    // counts loads, to evict what is no longer used
}

type cacheEntry struct {
	pkg     *packages.Package
	key     []string // the package's metadata and file stamps; equal keys mean an equal package
	lastRun int
}

// evictAfter is how many loads an unused package stays cached.
const evictAfter = 32

func newDepCache() *depCache {
	return &depCache{fset: token.NewFileSet(), entries: map[string]*cacheEntry{}}
}

// metaMode is what the go command is asked for: the import graph and file
// lists, no types.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// metadata returns the packages of dir (with test variants if tests), and
// through their Imports all dependencies, without syntax or types.
func (c *depCache) metadata(ctx context.Context, dir string, tests bool, overlay map[string][]byte) ([]*packages.Package, error) {
	c.run++
	return packages.Load(&packages.Config{Context: ctx, Mode: metaMode, Dir: dir, Tests: tests, Overlay: overlay}, ".")
}

// build returns the complete package (syntax, types, type information) of
// a package from metadata, reusing cached packages where nothing changed.
// Packages are checked in parallel, each after its dependencies.
func (c *depCache) build(ctx context.Context, root *packages.Package, overlay map[string][]byte) (*packages.Package, error) {
	// Order the graph, dropping any import that closes a cycle (the go
	// command has reported it; the importer then fails to type-check).
	deps := map[*packages.Package][]*packages.Package{}
	state := map[*packages.Package]int{} // 1 visiting, 2 done
	var order []*packages.Package        // dependencies first
	var visit func(m *packages.Package)
	visit = func(m *packages.Package) {
		state[m] = 1
		for _, path := range slices.Sorted(maps.Keys(m.Imports)) {
			d := m.Imports[path]
			switch state[d] {
			case 0:
				visit(d)
			case 1:
				continue // a cycle
			}
			deps[m] = append(deps[m], d)
		}
		state[m] = 2
		order = append(order, m)
	}
	visit(root)

	type result struct {
		done chan struct{}
		pkg  *packages.Package
	}
	results := make(map[*packages.Package]*result, len(order))
	for _, m := range order {
		results[m] = &result{done: make(chan struct{})}
	}
	var mu sync.Mutex // guards c.entries
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, m := range order {
		go func() {
			r := results[m]
			defer close(r.done)
			imports := make(map[string]*packages.Package, len(m.Imports))
			for _, d := range deps[m] {
				dr := results[d]
				<-dr.done
				if dr.pkg == nil {
					return // canceled
				}
				for path, im := range m.Imports {
					if im == d {
						imports[path] = dr.pkg
					}
				}
			}
			if ctx.Err() != nil {
				return
			}
			key := c.key(m, imports, overlay)
			mu.Lock()
			e := c.entries[m.ID]
			if e != nil && slices.Equal(e.key, key) {
				e.lastRun = c.run
				r.pkg = e.pkg
				mu.Unlock()
				return
			}
			mu.Unlock()
			sem <- struct{}{}
			p := c.check(m, imports, overlay)
			<-sem
			mu.Lock()
			if old := c.entries[m.ID]; old != nil {
				c.forget(old)
			}
			c.entries[m.ID] = &cacheEntry{pkg: p, key: key, lastRun: c.run}
			mu.Unlock()
			r.pkg = p
		}()
	}
	r := results[root]
	<-r.done
	for _, m := range order {
		<-results[m].done // none may still write c.entries
	}
	for id, e := range c.entries {
		if e.lastRun < c.run-evictAfter {
			c.forget(e)
			delete(c.entries, id)
		}
	}
	if r.pkg == nil {
		return nil, ctx.Err()
	}
	return r.pkg, nil
}

// key identifies what a package is built from: its metadata, the content of
// each file (size and time on disk, a hash in the editor), and the identity
// of each dependency as built.
func (c *depCache) key(m *packages.Package, imports map[string]*packages.Package, overlay map[string][]byte) []string {
	key := []string{m.Name, m.PkgPath, fmt.Sprint(m.Errors), fmt.Sprint(m.TypesSizes)}
	if m.Module != nil {
		key = append(key, m.Module.Path, m.Module.GoVersion)
	}
	for _, f := range m.CompiledGoFiles {
		if src, ok := overlay[filepath.Clean(f)]; ok {
			key = append(key, fmt.Sprintf("%s editor %x", f, sha256.Sum256(src)))
		} else if fi, err := os.Stat(f); err == nil {
			key = append(key, fmt.Sprintf("%s disk %d %d", f, fi.Size(), fi.ModTime().UnixNano()))
		} else {
			key = append(key, f+" missing")
		}
	}
	for _, path := range slices.Sorted(maps.Keys(imports)) {
		key = append(key, fmt.Sprintf("import %s %p", path, imports[path]))
	}
	return key
}

// forget removes an entry's files from the file set.
func (c *depCache) forget(e *cacheEntry) {
	for _, f := range e.pkg.Syntax {
		if tf := c.fset.File(f.FileStart); tf != nil {
			c.fset.RemoveFile(tf)
		}
	}
}

// check parses and type-checks one package as go/packages does in
// LoadAllSyntax mode.
func (c *depCache) check(m *packages.Package, imports map[string]*packages.Package, overlay map[string][]byte) *packages.Package {
	p := &packages.Package{
		ID:              m.ID,
		Name:            m.Name,
		PkgPath:         m.PkgPath,
		Errors:          slices.Clone(m.Errors),
		GoFiles:         m.GoFiles,
		CompiledGoFiles: m.CompiledGoFiles,
		OtherFiles:      m.OtherFiles,
		EmbedFiles:      m.EmbedFiles,
		EmbedPatterns:   m.EmbedPatterns,
		IgnoredFiles:    m.IgnoredFiles,
		Imports:         imports,
		Module:          m.Module,
		Fset:            c.fset,
		TypesSizes:      m.TypesSizes,
		Syntax:          []*ast.File{},
		TypesInfo: &types.Info{
			Types:        map[ast.Expr]types.TypeAndValue{},
			Defs:         map[*ast.Ident]types.Object{},
			Uses:         map[*ast.Ident]types.Object{},
			Implicits:    map[ast.Node]types.Object{},
			Instances:    map[*ast.Ident]types.Instance{},
			Scopes:       map[ast.Node]*types.Scope{},
			Selections:   map[*ast.SelectorExpr]*types.Selection{},
			FileVersions: map[*ast.File]string{},
		},
	}
	if m.PkgPath == "unsafe" {
		p.Types = types.Unsafe
		return p
	}
	p.Types = types.NewPackage(m.PkgPath, m.Name)
	fail := func(pos string, kind packages.ErrorKind, msg string) {
		p.Errors = append(p.Errors, packages.Error{Pos: pos, Msg: msg, Kind: kind})
	}

	for _, name := range m.CompiledGoFiles {
		src, ok := overlay[filepath.Clean(name)]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				fail(name+":1", packages.ParseError, err.Error())
				continue
			}
		}
		f, err := parser.ParseFile(c.fset, name, src, parser.AllErrors|parser.ParseComments)
		if f != nil {
			p.Syntax = append(p.Syntax, f)
		}
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				fail(e.Pos.String(), packages.ParseError, e.Msg)
			}
		} else if err != nil {
			fail(name+":1", packages.ParseError, err.Error())
		}
	}

	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if ip := imports[path]; ip != nil && ip.Types != nil && ip.Types.Complete() {
				return ip.Types, nil
			}
			return nil, fmt.Errorf("no package for import %q", path)
		}),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				p.TypeErrors = append(p.TypeErrors, te)
				fail(te.Fset.Position(te.Pos).String(), packages.TypeError, te.Msg)
				return
			}
			fail("-", packages.UnknownError, err.Error())
		},
		Sizes: m.TypesSizes,
	}
	if m.Module != nil && m.Module.GoVersion != "" {
		tc.GoVersion = "go" + m.Module.GoVersion
	}
	if err := types.NewChecker(tc, c.fset, p.Types, p.TypesInfo).Files(p.Syntax); err != nil && len(p.Errors) == 0 {
		fail("-", packages.UnknownError, err.Error())
	}
	p.IllTyped = len(p.Errors) > 0
	for _, ip := range imports {
		p.IllTyped = p.IllTyped || ip.IllTyped
	}
	return p
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
