package boxing

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/ssa"
)

// A remedy is what a finding advises: a rewrite that keeps behaviour and
// removes the allocation, measured (cost_test.go), or, where none does,
// what allocates and why. Each callee family has its own rules:
//
//   - fmt, log and testing printing: fmtfix's exact rewrites (offered as
//     fixes), else strconv's Append functions, io.WriteString and
//     concatenation for numbers and strings, the String method of a
//     Stringer written with io.WriteString; a pointer never (fmt prints
//     *T differently from T, and &x of a local allocates as much);
//   - log/slog: LogAttrs with typed attributes (slog.Int as an argument
//     of Info is itself boxed: one allocation every time);
//   - sort: slices.SortFunc and friends where the file's Go version has
//     them (never sort.Slice(&xs), which panics; sort.Sort(&s) allocates
//     as much as sort.Sort(s));
//   - encoders that treat *T as T (encoding/json, encoding/xml): &x, when
//     x already lives behind a pointer (an element, a field through a
//     pointer) and T has no pointer-receiver Marshal method;
//   - sync.Pool: keep pointers in the pool, putting back what Get returned;
//   - reflect, sync.Map keys, atomic.Value, errors, exported parameters,
//     calls through func values and interfaces: no rewrite; the finding
//     says what allocates and why.

// advice returns the remedy of a finding about group, the conversions of
// one call's arguments (or one conversion).
func (c *checker) advice(group []boxed) string {
	first := group[0]
	site := first.site
	callee := ""
	if site.Kind == escape.Call {
		callee = calleeKey(site.Instr)
	}
	ts := types.TypeString(first.t, c.qual)
	switch {
	case isNamed(first.t, "log/slog", "Attr") && isSlog(callee):
		return "pass attributes to LogAttrs, which takes ...slog.Attr without boxing them"
	case callee == "(*sync.Pool).Put":
		return "keep *" + ts + " in the pool and put back the pointer Get returned (&x of a local would move x to the heap: one allocation either way)"
	case strings.HasPrefix(callee, "(*sync.Map)."):
		return "sync.Map holds keys and values as interfaces, and a pointer key would change key identity: no rewrite keeps its behaviour"
	case callee == "(*sync/atomic.Value).Store" || callee == "(*sync/atomic.Value).Swap" || callee == "(*sync/atomic.Value).CompareAndSwap":
		return "atomic.Value holds it as an interface, and atomic.Pointer would allocate a *" + ts + " per store instead: no rewrite removes it"
	case isSlog(callee):
		return c.slogAdvice(group, callee)
	case isPrint(callee):
		return c.printAdvice(group, callee)
	case strings.HasPrefix(callee, "sort."):
		return c.sortAdvice(first, callee)
	case strings.HasPrefix(callee, "reflect.") || strings.HasPrefix(callee, "(reflect."):
		return "reflect works on interfaces: no rewrite keeps its behaviour"
	case treatsPointerAsValue(callee):
		return c.pointerAdvice(group, callee)
	}
	if types.Identical(first.iface, types.Universe.Lookup("error").Type()) {
		return "" // an error is an interface; &T{} would allocate as much
	}
	switch site.Kind {
	case escape.Call:
		if fn := calleeFunc(site.Instr); fn != nil && fn.Pkg != nil && fn.Pkg.Pkg == c.pass.Pkg {
			if fn.Object() == nil || fn.Object().Exported() || fn.Parent() != nil {
				return "" // changing an exported parameter's type breaks its callers
			}
			if sig := fn.Signature; sig.Variadic() && types.IsInterface(sig.Params().At(sig.Params().Len()-1).Type().(*types.Slice).Elem()) {
				return "" // a printf-like wrapper: its ...any is what it formats
			}
			// Unexported: its signature is the package's to change.
			return "give " + fn.Name() + " (unexported, so its signature is yours) a variant or a type parameter that takes " + ts + " as it is"
		}
	case escape.MapPut, escape.Append, escape.Send:
		if !c.ownContainer(site) {
			return "" // a field, a parameter or a result: its type is part of an API
		}
		switch site.Kind {
		case escape.MapPut:
			return "a map of " + ts + " would hold it unboxed: the map is made here and kept here"
		case escape.Append:
			return "a []" + ts + " would hold it unboxed: the slice is made here and kept here"
		}
		return "a chan " + ts + " would carry it unboxed: the channel is made here and kept here"
	}
	return ""
}

// ownContainer reports whether the map, slice or channel that site stores
// into is made in the function and does not leave it, so that changing its
// element type changes no API: not a field, a parameter, a global or a
// result.
func (c *checker) ownContainer(site escape.Site) bool {
	var container ssa.Value
	switch in := site.Instr.(type) {
	case *ssa.MapUpdate:
		container = in.Map
	case *ssa.Send:
		container = in.Chan
	case *ssa.Call:
		if len(in.Call.Args) > 0 {
			container = in.Call.Args[0] // append's slice
		}
	}
	for i := 0; i < 4; i++ { // through the loop's phis
		phi, ok := container.(*ssa.Phi)
		if !ok || len(phi.Edges) == 0 {
			break
		}
		container = phi.Edges[0]
	}
	switch container.(type) {
	case *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan, *ssa.Const:
	default:
		return false
	}
	_, escapes := c.esc.Of(container)
	return !escapes
}

func isSlog(callee string) bool {
	return strings.HasPrefix(callee, "log/slog.") || strings.HasPrefix(callee, "(*log/slog.Logger).")
}

// isPrint reports whether callee is one of the printing functions of fmt,
// log and testing, which format their ...any arguments.
func isPrint(callee string) bool {
	for _, p := range []string{"fmt.", "log.", "(*log.Logger).", "(*testing.common).", "(*testing.T).", "(*testing.B).", "(*testing.F)."} {
		if strings.HasPrefix(callee, p) {
			return true
		}
	}
	return false
}

// slogAdvice: Logger.Info(msg, "n", n) boxes n (for n of 256 and more) and
// slog.Int("n", n) as its argument boxes the Attr (every time); LogAttrs
// boxes neither.
func (c *checker) slogAdvice(group []boxed, callee string) string {
	var attrs []string
	for _, bx := range group {
		attr := typedAttr(bx.t)
		if attr == "" {
			return "slog keeps " + shortName(bx) + " as an interface (slog.Any would too): no rewrite keeps the output"
		}
		if !slices.Contains(attrs, attr) {
			attrs = append(attrs, attr)
		}
	}
	method := callee[strings.LastIndexByte(callee, '.')+1:]
	call := "LogAttrs(ctx, slog.Level" + method + ", msg, "
	switch method {
	case "Debug", "Info", "Warn", "Error":
	case "DebugContext", "InfoContext", "WarnContext", "ErrorContext":
		call = "LogAttrs(ctx, slog.Level" + strings.TrimSuffix(method, "Context") + ", msg, "
	case "Log":
		call = "LogAttrs(ctx, level, msg, "
	default:
		return "" // With, Group: no form that takes only attributes
	}
	return "use " + call + "attrs...) with " + strings.Join(attrs, ", ") + " attributes, which boxes nothing (slog.Int as an argument of " + method + " is boxed itself)"
}

// typedAttr names the slog constructor that holds a value of type t
// without boxing it, or "".
func typedAttr(t types.Type) string {
	if isNamed(t, "time", "Duration") {
		return "slog.Duration"
	}
	if isNamed(t, "time", "Time") {
		return "slog.Time"
	}
	if types.Identical(t, types.Typ[types.Int]) {
		return "slog.Int"
	}
	switch basicKind(t) {
	case "int":
		return "slog.Int64"
	case "uint":
		return "slog.Uint64"
	case "float":
		return "slog.Float64"
	case "string":
		return "slog.String"
	}
	return ""
}

// printAdvice: what formats each argument as fmt's %v does, without
// boxing: appended to a []byte of the call's own, written (or converted) once.
func (c *checker) printAdvice(group []boxed, callee string) string {
	var ways []string
	for _, bx := range group {
		d, ok := c.directive(bx)
		if way := paddedInt(bx, d); ok && way != "" {
			ways = append(ways, way)
			continue
		}
		if !ok || !(d == "" || d == "v" || d == "d" || d == "s") {
			return "fmt formats " + shortName(bx) + " by a computed format or one with flags or precision: no mechanical rewrite keeps the output here"
		}
		way := c.printWay(bx)
		if way == "" {
			return "fmt needs " + shortName(bx) + " as an interface to print it: no rewrite keeps the output"
		}
		ways = append(ways, way)
	}
	if len(group) == 1 && callee == "fmt.Fprint" && basicKind(group[0].t) == "string" {
		// One string and nothing else: fmt writes it as it is.
		return "write it with io.WriteString(w, " + shortName(group[0]) + "), which boxes nothing (it copies the string only for a writer without a WriteString method)"
	}
	end := "and write it once"
	if strings.HasPrefix(callee, "fmt.S") || strings.HasPrefix(callee, "fmt.Errorf") {
		end = "and convert it to a string once"
	}
	// A buffer of the call's own: one shared by calls that run at once
	// would be a data race.
	return "append " + strings.Join(ways, ", ") + " to a []byte of this call's own (a local array, or one from a sync.Pool) " + end
}

// directive returns the format directive that prints bx, an argument of
// a fmt-style call ("d", "04x"), "" when the call has no format (Print,
// Println); false when the format is computed or uses argument indexes.
func (c *checker) directive(bx boxed) (string, bool) {
	if bx.call == nil || bx.expr == nil {
		return "", true
	}
	call := ssapos.CallExpr(c.fn, bx.call.Pos())
	if call == nil {
		return "", true
	}
	// The format is the parameter before the ...any of a function whose
	// name ends in f (Printf, Fprintf, Errorf, Appendf, Logf).
	sig := bx.call.Common().Signature()
	fi := sig.Params().Len() - 2
	if !strings.HasSuffix(calleeKey(bx.call), "f") || !sig.Variadic() || fi < 0 || fi >= len(call.Args) ||
		!types.Identical(sig.Params().At(fi).Type().Underlying(), types.Typ[types.String]) {
		return "", true // no format: Print, Println
	}
	tv := c.pass.TypesInfo.Types[call.Args[fi]]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false // a computed format
	}
	ds, ok := directives(constant.StringVal(tv.Value))
	if !ok {
		return "", false
	}
	for i, a := range call.Args[fi+1:] {
		if a == bx.expr && i < len(ds) {
			return ds[i], true
		}
	}
	return "", false
}

// paddedInt returns how to append an integer that a directive such as
// %04x prints, zero-padded or space-padded to a width, in base 2, 8, 10
// or 16; "" for any other directive or type.
func paddedInt(bx boxed, d string) string {
	kind := basicKind(bx.t)
	if (kind != "int" && kind != "uint") || len(d) < 2 {
		return ""
	}
	verb := d[len(d)-1]
	base := map[byte]string{'d': "10", 'x': "16", 'X': "16", 'o': "8", 'b': "2"}[verb]
	pad, width := "space", d[:len(d)-1]
	if width[0] == '0' {
		pad, width = "zero", width[1:]
	}
	if base == "" || width == "" || strings.Trim(width, "0123456789") != "" {
		return ""
	}
	fn := "strconv.AppendInt(b, int64(" + shortName(bx) + "), " + base + ")"
	if kind == "uint" {
		fn = "strconv.AppendUint(b, uint64(" + shortName(bx) + "), " + base + ")"
	}
	if verb == 'X' {
		fn += " upper-cased"
	}
	return shortName(bx) + " with " + fn + " (" + pad + "-padded to " + width + " digits)"
}

// directives returns the directives of a format in order, each without
// its % ("d", "04x", ".2f"); false when the format uses argument indexes
// or * (arguments out of order).
func directives(format string) ([]string, bool) {
	var out []string
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			continue
		}
		start := i
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i >= len(format) || format[i] == '[' || format[i] == '*' {
			return nil, false
		}
		out = append(out, format[start:i+1])
	}
	return out, true
}

// shortName names a converted value briefly: its expression, or "it".
func shortName(bx boxed) string {
	if bx.expr != nil {
		if s := types.ExprString(bx.expr); len(s) <= 20 {
			return s
		}
	}
	return "it"
}

// printWay says how to append bx's value as fmt's %v formats it, or "".
func (c *checker) printWay(bx boxed) string {
	name := shortName(bx)
	m := types.NewMethodSet(bx.t)
	switch {
	case m.Lookup(nil, "Format") != nil || m.Lookup(nil, "GoString") != nil:
		return ""
	case m.Lookup(nil, "String") != nil:
		return name + ".String()"
	case m.Lookup(nil, "Error") != nil:
		return name + ".Error()"
	}
	switch basicKind(bx.t) {
	case "int":
		return name + " with strconv.AppendInt"
	case "uint":
		return name + " with strconv.AppendUint"
	case "float":
		return name + " with " + appendFloat(bx.t)
	case "string":
		return name
	}
	if basicFields(bx.t) {
		owner := name + "'s"
		if name == "it" {
			owner = "its"
		}
		return owner + " fields with strconv's Append functions (as fmt prints them: {1 2 3})"
	}
	return ""
}

// appendFloat is the strconv call that appends a float of type t as fmt's
// %v does: the shortest form that reads back as the same value of t's
// size (a float32 appended with bitSize 64 prints 0.1 as
// 0.10000000149011612).
func appendFloat(t types.Type) string {
	if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.Float32 {
		return "strconv.AppendFloat(b, float64(x), 'g', -1, 32)"
	}
	if types.Identical(t, types.Typ[types.Float64]) {
		return "strconv.AppendFloat(b, x, 'g', -1, 64)"
	}
	return "strconv.AppendFloat(b, float64(x), 'g', -1, 64)"
}

// basicFields reports whether t is a struct whose fields are all numbers,
// strings or booleans without methods fmt would call.
func basicFields(t types.Type) bool {
	s, ok := t.Underlying().(*types.Struct)
	if !ok || types.NewMethodSet(t).Len() > 0 {
		return false
	}
	for f := range s.Fields() {
		if _, ok := f.Type().(*types.Basic); !ok {
			return false
		}
	}
	return s.NumFields() > 0
}

// sortAdvice: sort's functions take the slice or sort.Interface as an
// interface; slices' generic functions do not.
func (c *checker) sortAdvice(bx boxed, callee string) string {
	repl := map[string]string{
		"sort.Slice":         "slices.SortFunc(xs, cmp)",
		"sort.SliceStable":   "slices.SortStableFunc(xs, cmp)",
		"sort.SliceIsSorted": "slices.IsSortedFunc(xs, cmp)",
		"sort.Sort":          "slices.SortFunc(s, cmp) with Less's comparison",
		"sort.Stable":        "slices.SortStableFunc(s, cmp) with Less's comparison",
		"sort.IsSorted":      "slices.IsSortedFunc(s, cmp) with Less's comparison",
	}[callee]
	if repl == "" {
		return ""
	}
	if v := report.GoVersion(c.pass, bx.pos); v != "" && version.Compare(v, "go1.21") < 0 {
		return "sort takes it as an interface, and slices.SortFunc needs Go 1.21 (this file is " + v + "): no rewrite here"
	}
	return "use " + repl + ", which boxes nothing (a pointer would not help: sort.Slice(&xs) panics, sort.Sort(&s) allocates as much)"
}

// treatsPointerAsValue reports whether callee encodes a *T exactly as the
// T it points to (unless T has pointer-receiver marshalling methods).
func treatsPointerAsValue(callee string) bool {
	switch callee {
	case "encoding/json.Marshal", "encoding/json.MarshalIndent", "(*encoding/json.Encoder).Encode",
		"encoding/xml.Marshal", "encoding/xml.MarshalIndent", "(*encoding/xml.Encoder).Encode":
		return true
	}
	return false
}

// pointerAdvice suggests &x to an encoder when x already lives behind a
// pointer, so that taking its address allocates nothing.
func (c *checker) pointerAdvice(group []boxed, callee string) string {
	if len(group) != 1 {
		return ""
	}
	bx := group[0]
	for _, m := range []string{"MarshalJSON", "MarshalText", "MarshalXML"} {
		ptr, _, _ := types.LookupFieldOrMethod(types.NewPointer(bx.t), false, c.pass.Pkg, m)
		val, _, _ := types.LookupFieldOrMethod(bx.t, false, c.pass.Pkg, m)
		if ptr != nil && val == nil {
			return "" // *T would call a method T does not
		}
	}
	if bx.expr == nil || !behindPointer(bx.conv, bx.expr) {
		return "" // &x would move x to the heap: one allocation either way
	}
	return "pass &" + types.ExprString(bx.expr) + ": " + strings.Replace(callee, "encoding/", "", 1) + " encodes *" + types.TypeString(bx.t, c.qual) + " as it does the value, and the pointer allocates nothing"
}

// behindPointer reports whether the value conv boxes is loaded from memory
// that is already addressable without a new allocation (a slice element, a
// field through a pointer), as its syntax expr says.
func behindPointer(conv ssa.Value, expr ast.Expr) bool {
	x := operand(conv)
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	if _, local := load.X.(*ssa.Alloc); local {
		return false
	}
	switch ast.Unparen(expr).(type) {
	case *ast.IndexExpr, *ast.StarExpr, *ast.SelectorExpr:
		return true
	}
	return false
}
