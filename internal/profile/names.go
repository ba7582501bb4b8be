package profile

import (
	"go/ast"
	"strconv"
	"strings"
)

// This file holds the compiler's function names, as pprof records them
// (the linker's symbol names), and how to read them back:
//
//	path.F, path.(*T).M, path.T.M       declared functions and methods
//	path.F[go.shape.int]                a generic function's instance (type arguments dropped here)
//	path.F.func1, path.F.func1.2        closures, numbered in source order per enclosing function
//	path.F-range1, path.F.func1-range1  range-over-func loop bodies, numbered per enclosing non-body function
//	path.init, path.init.0, path.init.func1
//	                                    the package initializer, the first init function, a closure in a
//	                                    package-level variable's initializer (numbered in initialization order)
//	path.F.deferwrap1, path.F.gowrap2   the compiler's wrappers for go and defer statements with arguments;
//	                                    tracebacks, and so profiles, leave them out
//	path.G.F.func3, path.G.(*T).M.func1 a copy of F's closure made when F was inlined into G: the number is G's
//	                                    counter, so only the copy's start line tells which literal it is
//
// The last element of the package path has its dots escaped (%2e) by the
// linker. Closures inside a range-over-func body are numbered with the
// function that holds the loop; a closure's own closures with it.

// splitName splits a pprof function name into its package path and the
// name inside the package, with type arguments removed. It reports false
// for names that belong to no package (type:.eq.T, or an empty name).
func splitName(name string) (pkg, local string, ok bool) {
	head := name
	if i := strings.IndexByte(head, '['); i >= 0 {
		head = head[:i]
	}
	slash := strings.LastIndexByte(head, '/')
	dot := strings.IndexByte(head[slash+1:], '.')
	if dot <= 0 {
		return "", "", false
	}
	dot += slash + 1
	pkg = unescapePath(name[:dot])
	if strings.ContainsAny(pkg, ":()* ") {
		return "", "", false // type:.eq.T, go:buildid and such
	}
	return pkg, stripTypeArgs(name[dot+1:]), true
}

// unescapePath undoes the linker's %xx escapes in a package path.
func unescapePath(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stripTypeArgs removes every bracketed type argument list: the compiler
// names a generic function's instances by their shapes (F[go.shape.int]),
// and all of them belong to the one function in the source.
func stripTypeArgs(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// nameParts splits a local name at its dots outside parentheses, and
// splits "-rangeN" suffixes off into parts of their own:
// "(*T).M.func1-range2" → ["(*T)", "M", "func1", "-range2"].
func nameParts(local string) []string {
	var parts []string
	depth, start := 0, 0
	cut := func(end int) {
		p := local[start:end]
		for {
			i := strings.Index(p, "-range")
			if i <= 0 {
				break
			}
			parts = append(parts, p[:i])
			p = p[i:]
			if j := strings.Index(p[1:], "-range"); j >= 0 {
				parts = append(parts, p[:j+1])
				p = p[j+1:]
				continue
			}
			break
		}
		parts = append(parts, p)
	}
	for i := 0; i < len(local); i++ {
		switch local[i] {
		case '(':
			depth++
		case ')':
			depth--
		case '.':
			if depth == 0 {
				cut(i)
				start = i + 1
			}
		}
	}
	cut(len(local))
	return parts
}

// step kinds of a closure name's parts after the declared function.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasNumberedPrefix(s, prefix string) bool {
	return strings.HasPrefix(s, prefix) && isDigits(s[len(prefix):])
}

// isStep reports whether part names a closure, a loop body or a wrapper
// inside the function before it, rather than a function of its own.
func isStep(part string) bool {
	return isDigits(part) || hasNumberedPrefix(part, "func") || hasNumberedPrefix(part, "-range") ||
		hasNumberedPrefix(part, "gowrap") || hasNumberedPrefix(part, "deferwrap")
}

// isClosureName reports whether local names a closure or a loop body (of
// any function, possibly a copy made by inlining).
func isClosureName(local string) bool {
	parts := nameParts(local)
	return len(parts) > 1 && isStep(parts[len(parts)-1])
}

// resolveName tells a closure's copy made by inlining (G.F.func3) from
// the compiler's own name for a function (F, T.M, T.M.func1). Only
// "A.B.funcN" is ambiguous from the text: a closure in method B of type A,
// or a copy of function B's closure inlined into function A; isType says
// whether A is a type of the package.
func resolveName(local string, isType func(string) bool) (copied bool) {
	parts := nameParts(local)
	i := 1
	switch {
	case len(parts) < 2:
		return false
	case strings.HasPrefix(parts[0], "("):
		i = 2 // (*T).M
	case parts[0] == "init" && isDigits(parts[1]):
		i = 2 // init.0
	case !isStep(parts[1]) && (len(parts) == 2 || isType(parts[0])):
		i = 2 // T.M, T.M.func1
	}
	for _, p := range parts[min(i, len(parts)):] {
		if !isStep(p) {
			return true
		}
	}
	return false
}

// declName is the compiler's name for a declared function: F, T.M, (*T).M,
// or init.N for the package's N-th init function (from 0, in file order).
func declName(d *ast.FuncDecl, initIndex int) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		if d.Name.Name == "init" {
			return "init." + strconv.Itoa(initIndex)
		}
		return d.Name.Name
	}
	typ := d.Recv.List[0].Type
	ptr := false
	for {
		switch t := typ.(type) {
		case *ast.ParenExpr:
			typ = t.X
			continue
		case *ast.StarExpr:
			ptr = true
			typ = t.X
			continue
		case *ast.IndexExpr:
			typ = t.X
			continue
		case *ast.IndexListExpr:
			typ = t.X
			continue
		}
		break
	}
	recv := "?"
	if id, ok := typ.(*ast.Ident); ok {
		recv = id.Name
	}
	if ptr {
		return "(*" + recv + ")." + d.Name.Name
	}
	return recv + "." + d.Name.Name
}

// nameLiterals calls emit, in source order, with the compiler's name for
// every function literal and range-over-func body inside body (a function's
// body, or a package-level variable's initializer), where parent is the name
// of the function holding body and decl says whether that function is
// declared (closures of a declared function are parent.funcN, closures of
// closures parent.N). isRangeFunc says which range statements range over
// a function.
func nameLiterals(body ast.Node, parent string, decl bool, isRangeFunc func(*ast.RangeStmt) bool, emit func(ast.Node, string)) {
	lits, ranges := 0, 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			lits++
			name := parent + "." + strconv.Itoa(lits)
			if decl {
				name = parent + ".func" + strconv.Itoa(lits)
			}
			emit(n, name)
			nameLiterals(n.Body, name, false, isRangeFunc, emit)
			return false
		case *ast.RangeStmt:
			if isRangeFunc(n) {
				ranges++
				emit(n, parent+"-range"+strconv.Itoa(ranges))
			}
		}
		return true
	})
}
