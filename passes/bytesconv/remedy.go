package bytesconv

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/ssa"
)

// twin reports whether packages strings and bytes both have a function
// called name with the same meaning, one taking strings and the other
// []byte: a string(b) handed to strings.F can be b handed to bytes.F, and
// the other way round. Only those whose argument can escape are listed
// (the others never make the conversion allocate).
func twin(name string) bool {
	switch name {
	case "Cut", "CutPrefix", "CutSuffix", "Fields", "FieldsFunc", "FieldsFuncSeq", "FieldsSeq", "Lines", "Map",
		"NewReader", "Replace", "ReplaceAll", "Split", "SplitAfter", "SplitAfterN", "SplitAfterSeq", "SplitN",
		"SplitSeq", "Title", "ToLower", "ToLowerSpecial", "ToTitle", "ToTitleSpecial", "ToUpper",
		"ToUpperSpecial", "ToValidUTF8", "Trim", "TrimFunc", "TrimLeft", "TrimLeftFunc", "TrimPrefix",
		"TrimRight", "TrimRightFunc", "TrimSpace", "TrimSuffix":
		return true
	}
	return false
}

// regexpTwins pairs the methods of *regexp.Regexp that take []byte with
// those that take a string.
var regexpTwins = [][2]string{
	{"Find", "FindString"}, {"FindAll", "FindAllString"}, {"FindAllIndex", "FindAllStringIndex"},
	{"FindAllSubmatch", "FindAllStringSubmatch"}, {"FindAllSubmatchIndex", "FindAllStringSubmatchIndex"},
	{"FindIndex", "FindStringIndex"}, {"FindSubmatch", "FindStringSubmatch"},
	{"FindSubmatchIndex", "FindStringSubmatchIndex"}, {"Match", "MatchString"},
	{"ReplaceAll", "ReplaceAllString"}, {"ReplaceAllFunc", "ReplaceAllStringFunc"},
	{"ReplaceAllLiteral", "ReplaceAllLiteralString"},
}

// remedy says what to write instead of cv, which escapes at site, and
// whether anything keeps behaviour and saves the copy. Only an escape
// into a call that has a twin taking the other type, or into the key of a
// map update that rewrites the value already stored under it (a counter,
// an append to a group), has one: a copy that is returned, stored,
// appended or sent is what the program keeps, and so is a key stored once
// (real code looks it up first already, or stores new keys).
func (c *checker) remedy(fn *ssa.Function, cv *conversion, site escape.Site) (string, bool) {
	switch site.Kind {
	case escape.MapPut:
		if mu, ok := site.Instr.(*ssa.MapUpdate); ok && mu.Key == cv.conv && cv.dir == toString && updatesValue(mu, cv.conv) {
			return fmt.Sprintf("keep pointers as the map's values, so that a key already present is updated through "+
				"m[string(%s)], which does not copy, and convert only to insert a new key", cv.arg), true
		}
	case escape.Call, escape.Dynamic:
		call, ok := site.Instr.(*ssa.Call)
		if !ok || !slices.Contains(call.Call.Args, ssa.Value(cv.conv)) {
			return "", false
		}
		if call.Call.IsInvoke() {
			return c.methodTwin(fn, cv, call, call.Call.Method.Name(), call.Call.Value.Type())
		}
		callee := call.Call.StaticCallee()
		if callee == nil {
			return "", false
		}
		if recv := callee.Signature.Recv(); recv != nil {
			return c.methodTwin(fn, cv, call, callee.Name(), recv.Type())
		}
		return c.funcTwin(fn, cv, call, callee)
	}
	return "", false
}

// funcTwin is the remedy for a conversion handed to a package-level
// function: its twin in strings or bytes, or the writer itself for
// io.WriteString.
func (c *checker) funcTwin(fn *ssa.Function, cv *conversion, call *ssa.Call, callee *ssa.Function) (string, bool) {
	if callee.Pkg == nil {
		return "", false
	}
	path, name := callee.Pkg.Pkg.Path(), callee.Name()
	switch {
	case path == "strings" && cv.dir == toString && twin(name):
		return fmt.Sprintf("call bytes.%s on %s, which does not copy it%s", name, cv.arg, resultNote(callee, "[]byte")), true
	case path == "bytes" && cv.dir == toBytes && twin(name):
		return fmt.Sprintf("call strings.%s on %s, which does not copy it%s", name, cv.arg, resultNote(callee, "string")), true
	case path == "io" && name == "WriteString" && cv.dir == toString && len(call.Call.Args) == 2:
		w := "the writer"
		if syn := ssapos.CallExpr(fn, call.Pos()); syn != nil && len(syn.Args) == 2 {
			w = report.Shorten(types.ExprString(syn.Args[0]))
		}
		return fmt.Sprintf("call %s.Write(%s) instead of io.WriteString", w, cv.arg), true
	}
	return "", false
}

// resultNote says how the twin's results differ, when they hold the
// converted type: elem is what the twin's hold instead.
func resultNote(callee *ssa.Function, elem string) string {
	for v := range callee.Signature.Results().Variables() {
		t := v.Type().Underlying()
		if isText(t) {
			return fmt.Sprintf(" (its results are %s)", elem)
		}
		if s, ok := t.(*types.Slice); ok && isText(s.Elem().Underlying()) {
			return fmt.Sprintf(" (its result holds %s)", elem)
		}
	}
	return ""
}

// isText reports whether t is a string or a []byte.
func isText(t types.Type) bool {
	if isString(t) {
		return true
	}
	elem, ok := sliceElem(t)
	return ok && elem == types.Byte
}

// methodTwin is the remedy for a conversion handed to a method: the
// method of the same receiver that takes the other type (WriteString for
// Write, Write for WriteString, regexp's String forms), or for Write on
// a writer without WriteString, io.WriteString.
func (c *checker) methodTwin(fn *ssa.Function, cv *conversion, call *ssa.Call, method string, recv types.Type) (string, bool) {
	x := "the receiver"
	if syn := ssapos.CallExpr(fn, call.Pos()); syn != nil {
		if sel, ok := ast.Unparen(syn.Fun).(*ast.SelectorExpr); ok {
			x = report.Shorten(types.ExprString(sel.X))
		}
	}
	twin := ""
	switch {
	case method == "Write" && cv.dir == toBytes:
		twin = "WriteString"
	case method == "WriteString" && cv.dir == toString:
		twin = "Write"
	case isRegexp(recv):
		for _, p := range regexpTwins {
			switch {
			case method == p[0] && cv.dir == toBytes:
				twin = p[1]
			case method == p[1] && cv.dir == toString:
				twin = p[0]
			}
		}
	}
	if twin == "" {
		return "", false
	}
	args := cv.arg
	if len(call.Call.Args) > 2 || (call.Call.IsInvoke() && len(call.Call.Args) > 1) {
		args += ", ..." // the method's other arguments, as they were
	}
	if hasMethod(c.pass.Pkg, recv, twin) {
		return fmt.Sprintf("call %s.%s(%s), which does not copy it", x, twin, args), true
	}
	if twin == "WriteString" && types.IsInterface(recv) {
		// The dynamic writer may have WriteString; a concrete one
		// without it would make io.WriteString copy just the same.
		return fmt.Sprintf("call io.WriteString(%s, %s), which does not copy it when the writer has a WriteString method", x, cv.arg), true
	}
	return "", false
}

func isRegexp(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "regexp" && n.Obj().Name() == "Regexp"
}

// hasMethod reports whether values of t (addressable ones: the receiver
// of a method call is) have a method called name.
func hasMethod(pkg *types.Package, t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
	_, ok := obj.(*types.Func)
	return ok
}

// updatesValue reports whether the map update mu stores a value computed
// from the value under the same key, m[string(k)]++ or
// m[string(k)] = append(m[string(k)], v): each update of a present key
// copies the key again only to store it where it already is.
func updatesValue(mu *ssa.MapUpdate, conv *ssa.Convert) bool {
	var reads func(v ssa.Value, depth int) bool
	reads = func(v ssa.Value, depth int) bool {
		if depth > 3 {
			return false
		}
		switch v := v.(type) {
		case *ssa.Lookup:
			if v.X != mu.Map {
				return false
			}
			k, ok := v.Index.(*ssa.Convert)
			return ok && (k == conv || k.X == conv.X)
		case *ssa.Extract:
			return reads(v.Tuple, depth+1)
		case *ssa.BinOp:
			return reads(v.X, depth+1) || reads(v.Y, depth+1)
		case *ssa.Call:
			for _, a := range v.Call.Args {
				if reads(a, depth+1) {
					return true
				}
			}
		}
		return false
	}
	return reads(mu.Value, 0)
}
