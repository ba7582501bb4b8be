package profile

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// Unmatched is the part of the profile's weight in the analyzed packages
// that fits no function or line of the current source: a profile of
// another revision, or of code since deleted. CPU samples count once, at
// their first frame in the analyzed packages.
type Unmatched struct {
	Unmatched  Weight // charged to functions or lines the source no longer has
	InPackages Weight // charged to the analyzed packages at all
}

// String says it once for the driver, "" when everything matched:
// "profile: 1.2 MB in 3.4k allocations (12% of the allocation in the
// analyzed packages) matched no function or line of the current source".
func (u Unmatched) String() string {
	var parts []string
	if u.Unmatched.Bytes > 0 || u.Unmatched.Objects > 0 {
		parts = append(parts, fmt.Sprintf("%s in %s (%s of the allocation in the analyzed packages)",
			bytesString(u.Unmatched.Bytes), countString(u.Unmatched.Objects, "allocation"),
			percent(ratio(u.Unmatched.Bytes, u.InPackages.Bytes))))
	}
	if u.Unmatched.Samples > 0 {
		parts = append(parts, fmt.Sprintf("%s (%s of those in the analyzed packages)",
			countString(u.Unmatched.Samples, "CPU sample"), percent(ratio(u.Unmatched.Samples, u.InPackages.Samples))))
	}
	if len(parts) == 0 {
		return ""
	}
	return "profile: " + strings.Join(parts, " and ") + " matched no function or line of the current source"
}

// Unmatched parses the analyzed packages' Files (syntax only, no type
// checking) and adds up what the profile charged to functions they no
// longer have, or to lines past a function's end. A package listed without
// Files is not checked. Limits of reading syntax alone: a range-over-func
// body matches when its enclosing function exists, and closures in
// package-level variables are numbered in source order rather than
// initialization order.
//
// Cost: parsing the files of the packages the profile reaches, once.
func (s *Set) Unmatched(read ReadFunc) (Unmatched, error) {
	var u Unmatched
	if s.analyzed == nil {
		return u, nil
	}
	s.once.Do(s.attribute)
	sources := make([]*sourceFuncs, len(s.analyzed))
	for r := range s.recs {
		rec := &s.recs[r]
		home := s.home(r)
		if home < 0 {
			continue
		}
		for _, l := range rec.lines {
			u.InPackages.add(l.self)
		}
		pkg := s.analyzed[home]
		if len(pkg.Files) == 0 {
			continue
		}
		if sources[home] == nil {
			src, err := parseSource(read, pkg.Files)
			if err != nil {
				return Unmatched{}, err
			}
			sources[home] = src
		}
		for _, l := range rec.lines {
			if !sources[home].matches(&rec.fn, l.off) {
				u.Unmatched.add(l.self)
			}
		}
	}
	return u, nil
}

// home is the one package a record counts for: the one holding its file,
// else the first that owns it.
func (s *Set) home(r int) int {
	owners := s.owners[r]
	for _, i := range owners {
		if s.analyzed[i].files[filepath.Clean(s.recs[r].fn.file)] {
			return i
		}
	}
	if len(owners) > 0 {
		return owners[0]
	}
	return -1
}

// sourceFuncs is the current source's functions by the compiler's names.
type sourceFuncs struct {
	byName map[string]extent
	lits   map[fileLine]extent // literals by file base name and start line
	types  map[string]bool
}

type extent struct{ start, end int64 }

func parseSource(read ReadFunc, files []string) (*sourceFuncs, error) {
	src := &sourceFuncs{byName: map[string]extent{}, lits: map[fileLine]extent{}, types: map[string]bool{}}
	fset := token.NewFileSet()
	line := func(p token.Pos) int64 { return int64(fset.Position(p).Line) }
	noRangeFuncs := func(*ast.RangeStmt) bool { return false } // unknown without types
	inits, varLits := 0, 0
	for _, name := range files {
		data, err := read(name)
		if err != nil {
			return nil, fmt.Errorf("profile: %v", err)
		}
		f, err := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("profile: %v", err)
		}
		base := filepath.Base(name)
		emit := func(n ast.Node, name string) {
			lit := n.(*ast.FuncLit) // no range bodies: see noRangeFuncs
			ext := extent{line(lit.Type.Func), line(lit.End())}
			src.byName[name] = ext
			src.lits[fileLine{base, ext.start}] = ext
		}
		// Any range statement may be a range-over-func body that the
		// compiler copied by inlining, found by its start line.
		ast.Inspect(f, func(n ast.Node) bool {
			if r, ok := n.(*ast.RangeStmt); ok {
				src.lits[fileLine{base, line(r.For)}] = extent{line(r.For), line(r.End())}
			}
			return true
		})
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				name := declName(d, inits)
				if d.Recv == nil && d.Name.Name == "init" {
					inits++
				}
				src.byName[name] = extent{line(d.Type.Func), line(d.End())}
				if d.Body != nil {
					nameLiterals(d.Body, name, true, noRangeFuncs, emit)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch sp := spec.(type) {
					case *ast.TypeSpec:
						src.types[sp.Name.Name] = true
					case *ast.ValueSpec:
						for _, v := range sp.Values {
							ast.Inspect(v, func(n ast.Node) bool {
								lit, ok := n.(*ast.FuncLit)
								if !ok {
									return true
								}
								varLits++
								name := fmt.Sprintf("init.func%d", varLits)
								emit(lit, name)
								nameLiterals(lit.Body, name, false, noRangeFuncs, emit)
								return false
							})
						}
					}
				}
			}
		}
	}
	return src, nil
}

// matches reports whether line off of fn (as the profile has them) is a
// line of that function in the current source.
func (src *sourceFuncs) matches(fn *function, off int64) bool {
	if fn.local == "init" {
		return true // the package initializer: pprof keeps no file per line
	}
	var ext extent
	var ok bool
	if resolveName(fn.local, func(name string) bool { return src.types[name] }) {
		ext, ok = src.lits[fileLine{filepath.Base(fn.file), fn.start}]
	} else {
		ext, ok = src.byName[fn.local]
		if !ok {
			// A range-over-func body: syntax cannot tell which loops range
			// over functions, so its enclosing function must do.
			parent, isBody := cutRangeSuffix(fn.local)
			_, found := src.byName[parent]
			return isBody && found
		}
	}
	if !ok {
		return false
	}
	line := off
	if fn.start > 0 {
		line += ext.start
	}
	return ext.start <= line && line <= ext.end
}

// cutRangeSuffix strips "-rangeN" suffixes: F.func1-range2 → F.func1.
func cutRangeSuffix(local string) (string, bool) {
	parts := nameParts(local)
	n := len(parts)
	for n > 1 && hasNumberedPrefix(parts[n-1], "-range") {
		n--
	}
	if n == len(parts) {
		return local, false
	}
	return local[:len(local)-len(strings.Join(parts[n:], ""))], true
}
