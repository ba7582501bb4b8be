package engine

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/cfg"
)

// Trimming: the one fact heaplint's checks need from a dependency is
// ctrlflow's noReturn (buildssa requires ctrlflow), and it concerns the
// few functions that cannot return. ctrlflow decides it on a function's
// control-flow graph (golang.org/x/tools/go/cfg): the function does not
// return if no return is reachable, where a call statement whose static
// callee does not return (panic; a function of this package found not to
// return; a function of a dependency with a noReturn fact; one of
// ctrlflow's intrinsics) ends its block. The bodies of the other functions
// are removed before type-checking a dependency, which then costs little
// more than its declarations: the type-checker accepts a function without
// a body (as for assembly), and ctrlflow treats it as returning.
//
// Which functions may not return is decided before type-checking, on the
// same graph built with a pessimistic callback: a call statement may not
// return if its last identifier (f in f(), pkg.f(), x.f(), f[T]()) is the
// name of a function that may not return, here or in a dependency. Fewer
// non-returning calls only add edges to the graph, so a function whose
// pessimistic graph reaches a return also returns under ctrlflow's; and
// every function ctrlflow finds not to return keeps its body (its
// callees that do not return have their names counted, by induction on
// the order ctrlflow finds them in). TestTrimmedFacts holds the facts to
// those computed without trimming.

// trimmable reports whether facts can be computed from trimmed bodies:
// ctrlflow (and what it requires) is the only analyzer with facts.
func trimmable(factAnalyzers []*analysis.Analyzer) bool {
	return len(factAnalyzers) == 1 && factAnalyzers[0] == ctrlflow.Analyzer
}

// intrinsicNames are the names of the functions that ctrlflow knows not
// to return whatever their body (its knownIntrinsic: syscall.Exit,
// runtime.Goexit, log packages' Fatal and Panic methods). They get a
// noReturn fact in their own package, so other packages see them in the
// facts; inside that package their names must count from the start.
var intrinsicNames = []string{
	"Exit", "ExitProcess", "ExitThread", "Goexit", "fatalthrow", "fatalpanic", "exit",
	"Fatal", "Fatalf", "Fatalw", "Fatalln", "FatalDepth", "Panic", "Panicf", "Panicw", "Panicln",
	"ExitDepth", "Exitf", "Exitln",
}

// trimBodies removes from files the bodies of functions that surely
// return, given noReturn, the names of the functions of dependencies that
// may not. It returns how many bodies it kept and removed.
func trimBodies(files []*ast.File, noReturn map[string]bool) (kept, removed int) {
	type fn struct {
		decl   *ast.FuncDecl
		calls  []string // names called by call statements
		stops  bool     // has a for without a condition, a select or a goto
		keep   bool
		lastAt int // the names count at its last graph, to skip unchanged re-checks
	}
	var fns []*fn
	names := map[string]bool{"panic": true}
	for n := range noReturn {
		names[n] = true
	}
	for _, n := range intrinsicNames {
		names[n] = true
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && decl.Body != nil {
				calls, stops := scanBody(decl.Body)
				fns = append(fns, &fn{decl: decl, calls: calls, stops: stops, lastAt: -1})
			}
		}
	}
	mayNotReturn := func(call *ast.CallExpr) bool { return !names[calleeName(call.Fun)] }
	// A kept function's name may not return either: repeat until no new
	// body is kept.
	for changed := true; changed; {
		changed = false
		for _, f := range fns {
			if f.keep || f.lastAt == len(names) {
				continue
			}
			f.lastAt = len(names)
			suspect := f.stops
			for _, c := range f.calls {
				suspect = suspect || names[c]
			}
			if suspect && cfg.New(f.decl.Body, mayNotReturn).NoReturn() {
				f.keep = true
				names[f.decl.Name.Name] = true
				changed = true
			}
		}
	}
	for _, f := range fns {
		if f.keep {
			kept++
		} else {
			f.decl.Body = nil
			removed++
		}
	}
	for _, f := range files {
		emptyLiterals(f)
	}
	return kept, removed
}

// emptyLiterals drops the elements of composite literals, which only the
// type-checker reads (large tables in package-level variables cost it
// much): a literal's type is that of its type expression, except for an
// array of [...] length, which is kept. CFGs do not enter expressions.
func emptyLiterals(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if arr, ok := lit.Type.(*ast.ArrayType); ok {
			if _, ok := arr.Len.(*ast.Ellipsis); ok {
				return true
			}
		}
		if lit.Type != nil {
			lit.Elts = nil
			return false
		}
		return true
	})
}

// scanBody returns the names that the call statements of body call, and
// whether it has another statement that may not end: a for without a
// condition, a select, a goto. A body with none of these and no call of a
// name that may not return has a reachable return: its graph need not be
// built. Function literals are not entered: their statements are not part
// of the body's graph.
func scanBody(body *ast.BlockStmt) (calls []string, stops bool) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ExprStmt:
			if call, ok := n.X.(*ast.CallExpr); ok {
				if name := calleeName(call.Fun); name != "" {
					calls = append(calls, name)
				}
			}
		case *ast.ForStmt:
			stops = stops || n.Cond == nil
		case *ast.SelectStmt:
			stops = true
		case *ast.BranchStmt:
			stops = stops || n.Tok == token.GOTO
		}
		return true
	})
	return calls, stops
}

// calleeName is the name a static call through fun calls: the last
// identifier of f, pkg.F, x.M, (T).M or F[T]; "" when fun cannot name a
// function statically (a function literal, a call's result).
func calleeName(fun ast.Expr) string {
	for {
		switch f := fun.(type) {
		case *ast.Ident:
			return f.Name
		case *ast.SelectorExpr:
			return f.Sel.Name
		case *ast.ParenExpr:
			fun = f.X
		case *ast.IndexExpr:
			fun = f.X
		case *ast.IndexListExpr:
			fun = f.X
		default:
			return ""
		}
	}
}
