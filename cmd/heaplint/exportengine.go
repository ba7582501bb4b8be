package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint/internal/findings"
	"github.com/heaplint/heaplint/internal/engine"
	"golang.org/x/tools/go/analysis"
)

// runExport analyzes with heaplint's own engine, internal/engine (the
// language server's): the go command lists the packages and compiles the
// export data of their dependencies (from its build cache); the facts of
// dependencies are computed once and kept in heaplint's cache
// ($HEAPLINT_CACHE), and so are the results of each analyzed package,
// keyed by the whole configuration (settings names what the analyzers'
// flags do not: the profile's digests); only the packages named are
// type-checked from source and analyzed, in this process, each with its
// test files and its external test package apart, as go vet does.
//
// It writes the JSON tree go vet would, and reports what does not load or
// compile as go vet does, counted alike: a package that does not load
// stops the run; a package that does not compile is reported once, and
// the packages that import it not at all.
func runExport(cfg analyzer.Config, settings string, patterns []string, tree, stderr io.Writer) (engineStatus, error) {
	analyzers, err := analyzer.Suite(cfg)
	if err != nil {
		return engineStatus{}, err
	}
	config, err := json.Marshal(cfg)
	if err != nil {
		return engineStatus{}, err
	}
	e, err := engine.New(engine.Options{Analyzers: analyzers, CacheDir: engine.DefaultCacheDir(), Settings: string(config) + settings})
	if err != nil {
		return engineStatus{}, err
	}
	wd, err := os.Getwd()
	if err != nil {
		return engineStatus{}, err
	}
	defer engine.LimitMemory()()
	pkgs, _, err := e.Analyze(context.Background(), engine.Request{
		Dir: wd, Patterns: patterns, Tests: true, InsteadOfPackage: true,
		StopOnLoadErrors: true, Warnings: stderr,
	})
	if lerr, ok := errors.AsType[*engine.LoadError](err); ok {
		for _, msg := range lerr.Errors {
			fmt.Fprintln(stderr, msg)
		}
		if lerr.NoPackages {
			fmt.Fprintln(stderr, "no packages to vet")
		}
		return engineStatus{failed: true}, nil
	}
	if err != nil {
		return engineStatus{}, err
	}
	st := reportBroken(stderr, wd, pkgs)
	t := findings.Tree{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			continue
		}
		byCheck := map[string][]analysis.Diagnostic{}
		for _, d := range p.Diagnostics {
			byCheck[d.Analyzer.Name] = append(byCheck[d.Analyzer.Name], d.Diagnostic)
		}
		for name, diags := range byCheck {
			t.Add(p.Fset, p.PkgPath, name, diags, nil)
		}
		for _, f := range p.Failures {
			if ae, ok := errors.AsType[*engine.AnalyzerError](f); ok {
				t.Add(p.Fset, p.PkgPath, ae.Analyzer.Name, nil, ae.Err)
			}
		}
	}
	return st, t.Write(tree)
}

// reportBroken says on stderr, as go vet does, which packages could not be
// analyzed, and counts them: each package that does not compile once
// ("# ID" and the compiler's errors), before the packages analyzed that
// fail to type-check (go vet's header and the first error). A package that fails
// only because it imports one of those is not counted.
func reportBroken(stderr io.Writer, wd string, pkgs []*engine.Package) engineStatus {
	var st engineStatus
	var b strings.Builder
	printed := map[string]bool{}
	for _, p := range pkgs {
		for _, dep := range p.BrokenDeps {
			if !printed[dep.ID] {
				printed[dep.ID] = true
				st.failedPackages++
				b.WriteString(shortPaths(dep.Message, wd))
			}
		}
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 && len(p.BrokenDeps) == 0 && !printed[p.ID] {
			printed[p.ID] = true
			st.failedPackages++
			b.WriteString(vetHeader(p.ID, p.PkgPath))
			b.WriteString(shortPaths(p.Errors[0]+"\n", wd))
		}
	}
	st.failed = st.failedPackages > 0
	io.WriteString(stderr, b.String())
	return st
}

// vetHeader is the go command's header for the output of go vet's tool on
// a package: its import path, and for a test variant (whose description,
// "p [p.test]", is not its import path) the path again in brackets.
func vetHeader(id, pkgPath string) string {
	if id != pkgPath {
		return "# " + pkgPath + "\n# [" + pkgPath + "]\n"
	}
	return "# " + pkgPath + "\n"
}

// shortPaths rewrites the absolute paths in the go command's or the
// type-checker's output relative to wd where that is shorter, as the go
// command rewrites its tools' output: "/m/p/x.go:3:1" is "p/x.go:3:1" in
// /m.
func shortPaths(out, wd string) string {
	var b strings.Builder
	for i, line := range strings.SplitAfter(out, "\n") {
		if i > 0 && line == "" {
			break
		}
		file, rest, ok := strings.Cut(line, ":")
		if ok && filepath.IsAbs(file) {
			if rel, err := filepath.Rel(wd, file); err == nil && len(rel) < len(file) {
				line = rel + ":" + rest
			}
		}
		b.WriteString(line)
	}
	return b.String()
}
