package engine

import (
	"bytes"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// speculateImports returns the import paths of the package in req.Dir as
// its files say (the editor's unsaved ones included, build constraints
// applied as go/build applies them), when the request is that one
// package without tests; otherwise nil. The go command has the last word:
// a guess that misses an import costs only the time it saved. (With tests,
// an external test package imports the package itself, which must not be
// compiled for its export data on each edit: no guess then.)
func speculateImports(req Request, overlay map[string][]byte) []string {
	if req.Tests || len(req.Patterns) != 1 || req.Patterns[0] != "." {
		return nil
	}
	names := map[string]bool{}
	if entries, err := os.ReadDir(req.Dir); err == nil {
		for _, e := range entries {
			names[e.Name()] = true
		}
	}
	for path := range overlay {
		if filepath.Dir(path) == filepath.Clean(req.Dir) {
			names[filepath.Base(path)] = true
		}
	}
	ctxt := build.Default
	ctxt.OpenFile = func(path string) (io.ReadCloser, error) {
		if src, ok := overlay[path]; ok {
			return io.NopCloser(bytes.NewReader(src)), nil
		}
		return os.Open(path)
	}
	seen := map[string]bool{}
	var out []string
	fset := token.NewFileSet()
	for name := range names {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := ctxt.MatchFile(req.Dir, name); err != nil || !ok {
			continue
		}
		path := filepath.Join(req.Dir, name)
		var src any
		if content, ok := overlay[path]; ok {
			src = content
		}
		f, err := parser.ParseFile(fset, path, src, parser.ImportsOnly)
		if err != nil {
			return nil
		}
		for _, spec := range f.Imports {
			p, err := strconv.Unquote(spec.Path.Value)
			if err != nil || p == "C" || p == "unsafe" || seen[p] {
				continue
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// isSubset reports whether every string of sub is in set (sorted).
func isSubset(sub, set []string) bool {
	for _, s := range sub {
		if _, ok := slices.BinarySearch(set, s); !ok {
			return false
		}
	}
	return true
}

// closure returns the packages of pkgs (in their order) that roots
// reach through imports.
func closure(pkgs []*listed, roots []string) []*listed {
	byID := make(map[string]*listed, len(pkgs))
	for _, p := range pkgs {
		byID[p.ImportPath] = p
	}
	keep := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		p := byID[id]
		if p == nil || keep[id] {
			return
		}
		keep[id] = true
		for _, im := range p.Imports {
			visit(im)
		}
	}
	for _, r := range roots {
		visit(r)
	}
	var out []*listed
	for _, p := range pkgs {
		if keep[p.ImportPath] {
			out = append(out, p)
		}
	}
	return out
}
