// Package fmtfix rewrites calls of fmt's formatting functions whose output
// another expression produces exactly, without fmt: fmt.Sprintf("%d", n)
// is strconv.Itoa(n), fmt.Sprintf("%s%s", a, b) is a + b, fmt.Errorf("no
// verbs") is errors.New("no verbs"), fmt.Fprintf(w, "%s", s) is
// io.WriteString(w, s) when w has a WriteString method (perfsprint's
// rewrites, held to fmt's rules).
//
// A rewrite keeps the output byte for byte (TestOutputIdentical runs both
// forms): it is offered only for verbs without flags, width, precision or
// argument index, and for operands whose formatting fmt does not hand to a
// method. A named type with a Format method is never rewritten; with a
// String or Error method, only under %d (which fmt does not route to
// them); interfaces never (their dynamic type decides).
package fmtfix

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Rewrite is an expression that produces what a fmt call produces.
type Rewrite struct {
	// Text replaces the call expression; Short is the same for a
	// message, with long operands elided.
	Text, Short string
	// Imports are the packages Text names, by path; Text refers to
	// each by its last element (see Imports for the names to use).
	Imports []string
	// Func is the rewritten function, "fmt.Sprintf".
	Func string
}

// Names says how the file refers to an imported package at the call: its
// name, or "" when it cannot be named there (no fix is then offered).
type Names func(path string) string

// Suggest returns the rewrite of call, a call of a fmt function, or false.
// src returns the source text of an expression.
func Suggest(info *types.Info, call *ast.CallExpr, names Names, src func(ast.Expr) string) (Rewrite, bool) {
	fn := fmtFunc(info, call)
	if fn == "" || call.Ellipsis.IsValid() {
		return Rewrite{}, false
	}
	w := &writer{info: info, names: names, src: src}
	var ok bool
	switch fn {
	case "Sprintf":
		ok = w.format(call.Args, false)
	case "Sprint":
		ok = w.sprint(call.Args)
	case "Errorf":
		ok = w.format(call.Args, false)
		if ok {
			w.text, w.short = "errors.New("+w.text+")", "errors.New("+w.short+")"
			w.need("errors")
		}
	case "Fprintf", "Fprint":
		if len(call.Args) < 2 || !hasWriteString(info.TypeOf(call.Args[0])) {
			return Rewrite{}, false // io.WriteString would copy the string to write it
		}
		if fn == "Fprintf" {
			ok = w.format(call.Args[1:], true)
		} else {
			ok = w.sprint(call.Args[1:]) && w.allStrings
		}
		// One string as it is: a concatenation would allocate as much
		// as the box it replaces (TestRemedies in passes/boxing).
		ok = ok && len(w.pieces) == 1
		if ok {
			dst := src(call.Args[0])
			w.text, w.short = "io.WriteString("+dst+", "+w.text+")", "io.WriteString("+elide(dst)+", "+w.short+")"
			w.need("io")
		}
	}
	if !ok {
		return Rewrite{}, false
	}
	if len(w.pieces) > 1 && w.made > 0 {
		// "p" + strconv.Itoa(n): each strconv result is a new string
		// (strconv keeps only 0..99), then the concatenation another,
		// while fmt boxes integers below 256 for free: never fewer
		// allocations than fmt (measured: Sprintf 1/1/2, concatenation
		// 1/2/2 for n = 99, 255, 256).
		return Rewrite{}, false
	}
	// Name each package as the file does.
	text, short := w.text, w.short
	for _, path := range w.imports {
		name := names(path)
		if name == "" {
			return Rewrite{}, false
		}
		base := path[strings.LastIndexByte(path, '/')+1:]
		if name != base {
			text = strings.ReplaceAll(text, base+".", name+".")
			short = strings.ReplaceAll(short, base+".", name+".")
		}
	}
	return Rewrite{Text: text, Short: short, Imports: w.imports, Func: "fmt." + fn}, true
}

// fmtFunc returns the name of the fmt function call calls, or "".
func fmtFunc(info *types.Info, call *ast.CallExpr) string {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	obj, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "fmt" || obj.Signature().Recv() != nil {
		return ""
	}
	return obj.Name()
}

// writer builds the replacement text, piece by piece.
type writer struct {
	info        *types.Info
	names       Names
	src         func(ast.Expr) string
	pieces      []string
	shorts      []string
	imports     []string
	text, short string
	allStrings  bool // every operand is a string written as it is
	made        int  // operands converted by a function that makes a new string
}

func (w *writer) need(path string) {
	for _, p := range w.imports {
		if p == path {
			return
		}
	}
	w.imports = append(w.imports, path)
}

func (w *writer) literal(s string) {
	if s == "" {
		return
	}
	q := strconv.Quote(s)
	w.pieces = append(w.pieces, q)
	w.shorts = append(w.shorts, elide(q))
}

func (w *writer) operand(e ast.Expr, verb byte) bool {
	text, ok := w.convert(e, verb)
	if !ok {
		return false
	}
	if text != w.src(e) && !strings.HasPrefix(text, "string(") && !strings.HasPrefix(text, "(") {
		w.made++ // strconv or hex makes a new string
	}
	w.pieces = append(w.pieces, text)
	w.shorts = append(w.shorts, strings.Replace(text, w.src(e), elide(w.src(e)), 1))
	return true
}

// join makes the pieces one expression.
func (w *writer) join() {
	switch len(w.pieces) {
	case 0:
		w.text, w.short = `""`, `""`
	default:
		w.text, w.short = strings.Join(w.pieces, " + "), strings.Join(w.shorts, " + ")
	}
}

// format handles a format string and its operands.
func (w *writer) format(args []ast.Expr, stringsOnly bool) bool {
	if len(args) == 0 {
		return false
	}
	tv, ok := w.info.Types[args[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	format := constant.StringVal(tv.Value)
	ops := args[1:]
	var lit strings.Builder
	n := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			lit.WriteByte(c)
			continue
		}
		if i+1 >= len(format) {
			return false
		}
		i++
		verb := format[i]
		if verb == '%' {
			lit.WriteByte('%')
			continue
		}
		if !strings.ContainsRune("dsvxqt", rune(verb)) || n >= len(ops) {
			return false // flags, width, precision, an index, a missing operand
		}
		w.literal(lit.String())
		lit.Reset()
		if stringsOnly && !isPlainString(w.info.TypeOf(ops[n])) {
			return false
		}
		if !w.operand(ops[n], verb) {
			return false
		}
		n++
	}
	if n != len(ops) {
		return false // extra operands: fmt prints %!(EXTRA ...)
	}
	w.literal(lit.String())
	w.join()
	return true
}

// sprint handles Sprint's operands: fmt adds a space between two operands
// when neither is a string, so only one operand, or strings, are simple.
func (w *writer) sprint(args []ast.Expr) bool {
	w.allStrings = true
	for _, a := range args {
		if !isPlainString(w.info.TypeOf(a)) {
			w.allStrings = false
		}
	}
	if len(args) == 0 || (len(args) > 1 && !w.allStrings) {
		return false
	}
	for _, a := range args {
		if !w.operand(a, 'v') {
			return false
		}
	}
	w.join()
	return true
}

// convert returns the expression that formats e under verb as fmt does.
func (w *writer) convert(e ast.Expr, verb byte) (string, bool) {
	t := w.info.TypeOf(e)
	if t == nil || types.IsInterface(t) {
		return "", false
	}
	if tv := w.info.Types[e]; tv.IsNil() || tv.IsType() {
		return "", false
	}
	m := methods(t)
	if m.format {
		return "", false
	}
	src := w.src(e)
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		if verb == 'x' && !m.str && isByteSlice(t) {
			w.need("encoding/hex")
			return "hex.EncodeToString(" + src + ")", true
		}
		return "", false
	}
	info := b.Info()
	if m.str && verb != 'd' {
		return "", false // fmt calls its String or Error method
	}
	named := !types.Identical(t, types.Typ[b.Kind()])
	switch {
	case info&types.IsString != 0:
		switch verb {
		case 's', 'v':
			if named {
				return "string(" + src + ")", true
			}
			return paren(e, src), true
		case 'q':
			w.need("strconv")
			return "strconv.Quote(" + conv("string", src, named) + ")", true
		}
	case info&types.IsInteger != 0:
		base := ""
		switch verb {
		case 'd', 'v':
			base = "10"
		case 'x':
			base = "16"
		default:
			return "", false
		}
		w.need("strconv")
		switch {
		case b.Kind() == types.Int && base == "10":
			return "strconv.Itoa(" + conv("int", src, named) + ")", true
		case info&types.IsUnsigned != 0:
			return "strconv.FormatUint(" + conv("uint64", src, b.Kind() != types.Uint64 || named) + ", " + base + ")", true
		default:
			return "strconv.FormatInt(" + conv("int64", src, b.Kind() != types.Int64 || named) + ", " + base + ")", true
		}
	case info&types.IsBoolean != 0:
		if verb == 't' || verb == 'v' {
			w.need("strconv")
			return "strconv.FormatBool(" + conv("bool", src, named) + ")", true
		}
	case info&types.IsFloat != 0:
		if verb == 'v' {
			w.need("strconv")
			if b.Kind() == types.Float32 {
				return "strconv.FormatFloat(float64(" + src + "), 'g', -1, 32)", true
			}
			return "strconv.FormatFloat(" + conv("float64", src, named) + ", 'g', -1, 64)", true
		}
	}
	return "", false
}

func conv(to, src string, needed bool) string {
	if needed {
		return to + "(" + src + ")"
	}
	return src
}

// paren wraps an operand of + in parentheses when it binds less tightly.
func paren(e ast.Expr, src string) string {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op != token.ADD && b.Op != token.MUL && b.Op != token.QUO {
		return "(" + src + ")"
	}
	return src
}

// methodInfo is what fmt looks for in a value's method set.
type methodInfo struct {
	format bool // Format: called for every verb
	str    bool // String or Error: called for %v %s %x %X %q
}

// methods looks at the method set of t itself: fmt receives a copy of the
// value, so pointer methods are not called.
func methods(t types.Type) methodInfo {
	ms := types.NewMethodSet(t)
	has := func(name string) bool { return ms.Lookup(nil, name) != nil }
	return methodInfo{
		format: has("Format") || has("GoString"),
		str:    has("String") || has("Error"),
	}
}

func isPlainString(t types.Type) bool {
	if t == nil || types.IsInterface(t) {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	m := methods(t)
	return ok && b.Info()&types.IsString != 0 && b.Kind() != types.UntypedString && !m.str && !m.format
}

func isByteSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// hasWriteString reports whether values of type t have a WriteString
// method, which io.WriteString calls without copying the string.
func hasWriteString(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "WriteString")
	_, ok := obj.(*types.Func)
	return ok
}

// elide shortens a long expression for a message.
func elide(s string) string {
	if len(s) <= 24 && !strings.Contains(s, "\n") {
		return s
	}
	return "…"
}
