package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// runInProcess loads the packages and analyzes them in this process
// (go/analysis's checker), then writes the same JSON tree go vet would:
// the same packages (a package with test files is analyzed once, with
// them, under its import path), the same keys, diagnostics of the
// packages named only. Packages that do not load or type-check are
// reported on stderr, as go vet does, and left out.
func runInProcess(cfg analyzer.Config, patterns []string, tree io.Writer, stderr io.Writer) (engineStatus, error) {
	analyzers, err := analyzer.Suite(cfg)
	if err != nil {
		return engineStatus{}, err
	}
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(analyzers) {
		// Facts flow from dependencies, which then need syntax too.
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	pkgs, err := packages.Load(&packages.Config{Mode: mode, Tests: true}, patterns...)
	if err != nil {
		return engineStatus{}, err
	}
	var st engineStatus
	var roots []*packages.Package
	vetID := map[string]string{} // root package ID → the ID go vet uses
	printed := map[*packages.Package]bool{}
	for _, p := range vetRoots(pkgs) {
		if printErrors(stderr, p, printed) {
			st.failed = true
			st.failedPackages++
			continue
		}
		roots = append(roots, p)
		vetID[p.ID] = p.PkgPath
	}
	if len(roots) == 0 {
		_, err := io.WriteString(tree, "{}\n")
		return st, err
	}
	graph, err := checker.Analyze(analyzers, roots, nil)
	if err != nil {
		return st, err
	}
	var buf bytes.Buffer
	if err := graph.PrintJSON(&buf); err != nil {
		return st, err
	}
	var all map[string]map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &all); err != nil {
		return st, err
	}
	out := map[string]map[string]json.RawMessage{}
	for id, checks := range all {
		if vid, ok := vetID[id]; ok {
			out[vid] = checks
		}
	}
	data, err := json.Marshal(out)
	if err != nil {
		return st, err
	}
	_, err = tree.Write(data)
	return st, err
}

func needFacts(as []*analysis.Analyzer) bool {
	for _, a := range as {
		if len(a.FactTypes) > 0 || needFacts(a.Requires) {
			return true
		}
	}
	return false
}

// vetRoots picks the packages go vet would analyze among those loaded with
// tests: a package with in-package test files only as its test variant,
// external test packages, and no generated test mains.
func vetRoots(pkgs []*packages.Package) []*packages.Package {
	hasVariant := map[string]bool{}
	for _, p := range pkgs {
		if p.ID == p.PkgPath+" ["+p.PkgPath+".test]" {
			hasVariant[p.PkgPath] = true
		}
	}
	var out []*packages.Package
	for _, p := range pkgs {
		switch {
		case p.ID == p.PkgPath && strings.HasSuffix(p.PkgPath, ".test") && p.Name == "main":
		case p.ID == p.PkgPath && hasVariant[p.PkgPath]:
		default:
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b *packages.Package) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// printErrors prints the errors of p and of its dependencies, as go vet
// does ("# pkg" and the errors), each package once, and reports whether
// there were any.
func printErrors(w io.Writer, p *packages.Package, printed map[*packages.Package]bool) bool {
	var b strings.Builder
	failed := false
	packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
		if len(q.Errors) == 0 {
			return
		}
		failed = true
		if printed[q] {
			return
		}
		printed[q] = true
		fmt.Fprintf(&b, "# %s\n", q.PkgPath)
		for _, e := range q.Errors {
			fmt.Fprintf(&b, "%s\n", e)
		}
	})
	io.WriteString(w, b.String())
	return failed
}
