package libcall

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"
	"unicode"

	"github.com/heaplint/heaplint/internal/analysisdoc"
	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/escape"
	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/ssapos"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Info is the check's metadata, read by the registry and the docs.
var Info = checkinfo.Info{Name: "libcall", Since: "v0.2.0", Default: false, Fix: checkinfo.FixManual}

// Config holds the check's settings; the zero value means the documented
// defaults.
type Config struct {
	report.Scope
}

// Validate reports no error: every combination of settings is valid.
func (c Config) Validate() error { return nil }

// Analyzer is the check with default settings.
var Analyzer = New(Config{})

// analyzerDoc is Analyzer.Doc, cut out of doc.go once per process.
var analyzerDoc = analysisdoc.Must(doc, Info.Name)

// New returns a fresh analyzer bound to its own copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     Info.Name,
		Doc:      analyzerDoc,
		URL:      report.URL(Info.Name),
		Requires: []*analysis.Analyzer{buildssa.Analyzer, escape.Analyzer, hotness.Analyzer},
	}
	cfg.Scope.RegisterFlags(&a.Flags)
	a.Run = func(pass *analysis.Pass) (any, error) {
		if err := cfg.Validate(); err != nil {
			return nil, err
		}
		return run(pass, &cfg)
	}
	return a
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	if !importsAny(pass.Pkg) {
		return nil, nil
	}
	funcs := cfg.Scope.Funcs(pass, pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs)
	c := &checker{
		pass: pass,
		cfg:  cfg,
		hot:  pass.ResultOf[hotness.Analyzer].(*hotness.Result),
		esc:  pass.ResultOf[escape.Analyzer].(*escape.Result),
	}
	for _, fn := range funcs {
		c.fn = fn
		hotFunc := report.HotFunc(pass, cfg.Scope, fn)
		for _, b := range fn.Blocks {
			if c.hot.Of(b).Heat == hotness.Warm && !hotFunc {
				continue // once per call of a function that is not called often
			}
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok {
					c.call(call)
				}
			}
		}
	}
	return nil, nil
}

// importsAny reports whether pkg imports a package of the table: the
// cheap filter before any SSA is read.
func importsAny(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		switch imp.Path() {
		case "bufio", "bytes", "encoding/json", "fmt", "io", "regexp", "strconv", "strings", "time":
			return true
		}
	}
	return false
}

type checker struct {
	pass *analysis.Pass
	cfg  *Config
	hot  *hotness.Result
	esc  *escape.Result
	fn   *ssa.Function
}

// call reports c if its callee is in the table and a use of its result
// has an alternative.
func (c *checker) call(call *ssa.Call) {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.TypeParams().Len() > 0 {
		return
	}
	recv := ""
	if r := callee.Signature.Recv(); r != nil {
		t := r.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok {
			return
		}
		recv = n.Obj().Name()
	}
	e, ok := lookup(callee.Pkg.Pkg.Path(), recv, callee.Name())
	if !ok {
		return
	}
	expr := ssapos.CallExpr(c.fn, call.Pos())
	if expr == nil {
		return
	}
	u := use{c: c, e: &e, call: call, expr: expr, path: ssapos.Path(c.fn, expr.Pos())}
	f, ok := u.advise()
	if !ok {
		return
	}
	f.Pos, f.End, f.Block = expr.Pos(), expr.End(), call.Block()
	f.Claim = shorten(types.ExprString(expr)) + " makes " + e.result + " on the heap"
	if f.Why == "" {
		f.Why = e.when
	}
	report.Emit(c.pass, c.cfg.Scope, f)
}

// use is one call of a table function and what its result is used for.
type use struct {
	c    *checker
	e    *entry
	call *ssa.Call
	expr *ast.CallExpr
	path []ast.Node // enclosing syntax, innermost first: path[0] is expr
}

// advise returns the finding's advice (and fix) for this use, and false
// when no alternative fits it.
func (u *use) advise() (report.Finding, bool) {
	switch u.e.kind {
	case kindSplit:
		return u.split()
	case kindSplitN:
		return u.splitN()
	case kindFormat, kindTimeFormat:
		return u.appended()
	case kindSprint:
		return u.sprint()
	case kindCase:
		return u.compared()
	case kindMarshal:
		if u.kept() {
			return report.Finding{}, false
		}
		return report.Finding{Advice: "when the bytes are only written or copied, encode with a json.Encoder on a reused bytes.Buffer (buf.Reset(); enc.Encode(v)), which adds a newline Marshal does not"}, true
	case kindBufio:
		if u.kept() {
			return report.Finding{}, false
		}
		typ := "Reader"
		if strings.HasPrefix(u.e.name, "NewWriter") {
			typ = "Writer"
		}
		return report.Finding{Advice: "keep one *bufio." + typ + " across calls (a field, or a sync.Pool when calls run concurrently) and point it at the new stream with its Reset method"}, true
	case kindRegexp:
		return u.regexp()
	case kindReadAll:
		if u.kept() {
			return report.Finding{}, false
		}
		return report.Finding{Advice: "read into a bytes.Buffer kept across calls (buf.Reset(); buf.ReadFrom(r)) and use buf.Bytes() until the next call"}, true
	}
	return report.Finding{}, false
}

// parent returns the syntax around the call, skipping parentheses.
func (u *use) parent() ast.Node {
	for _, n := range u.outer() {
		if _, ok := n.(*ast.ParenExpr); !ok {
			return n
		}
	}
	return nil
}

// outer returns the syntax enclosing the call, innermost first.
func (u *use) outer() []ast.Node {
	for i, n := range u.path {
		if n == ast.Node(u.expr) {
			return u.path[i+1:]
		}
	}
	return nil
}

// split advises on strings.Split, Fields and their bytes forms.
func (u *use) split() (report.Finding, bool) {
	pkg := u.e.pkg
	if rs, ok := u.parent().(*ast.RangeStmt); ok && rs.X == u.expr {
		if !u.versionAtLeast(u.e.since) {
			return report.Finding{}, false
		}
		f := report.Finding{Advice: "range over " + pkg + "." + u.e.alt + ", which yields the same parts without the slice"}
		if rs.Key != nil && !isBlank(rs.Key) {
			f.Advice += " (count the index yourself)"
			return f, true
		}
		f.Fix = u.seqFix(rs)
		return f, true
	}
	if u.e.name == "Split" && u.onlyFirst() {
		return report.Finding{Advice: "before, _, _ := " + pkg + ".Cut(s, sep) gives the first part without the slice"}, true
	}
	return report.Finding{}, false
}

// splitN advises on strings.SplitN(s, sep, 2), which strings.Cut replaces.
func (u *use) splitN() (report.Finding, bool) {
	if len(u.call.Call.Args) != 3 {
		return report.Finding{}, false
	}
	k, ok := u.call.Call.Args[2].(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return report.Finding{}, false
	}
	n, _ := constant.Int64Val(k.Value)
	switch {
	case n == 2 && !u.kept():
		return report.Finding{Advice: "before, after, found := strings.Cut(s, sep) gives both parts without the slice (found is len(parts) == 2)"}, true
	case n != 1 && u.onlyFirst():
		return report.Finding{Advice: "before, _, _ := strings.Cut(s, sep) gives the first part without the slice"}, true
	}
	return report.Finding{}, false
}

// onlyFirst reports whether the result is only indexed at 0 (and its
// length taken).
func (u *use) onlyFirst() bool {
	refs := u.call.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	first := false
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.IndexAddr:
			k, ok := r.Index.(*ssa.Const)
			if !ok || k.Int64() != 0 {
				return false
			}
			first = true
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); !ok || b.Name() != "len" {
				return false
			}
		default:
			return false
		}
	}
	return first
}

// kept reports whether the call's result (its first result, for a
// tuple) may outlive the call: it escapes (returned, stored, sent, or
// handed to a function that may keep it), other than through an interface
// method or func value that only reads it (w.Write(b)). Reuse is wrong
// for what is kept.
func (u *use) kept() bool {
	var v ssa.Value = u.call
	if _, tuple := u.call.Type().(*types.Tuple); tuple {
		v = nil
		if refs := u.call.Referrers(); refs != nil {
			for _, r := range *refs {
				if x, ok := r.(*ssa.Extract); ok && x.Index == 0 {
					v = x
				}
			}
		}
		if v == nil {
			return false // the result is not used
		}
	}
	site, escapes := u.c.esc.Of(v)
	if !escapes {
		return false
	}
	// Of names the first site only: an interface call that only reads
	// the result counts as not keeping it when nothing else uses it.
	return site.Kind != escape.Dynamic || site.Via != nil || !onlyReadBy(v, site.Instr)
}

// onlyReadBy reports whether every use of v (through phis and slices) is
// the call instr, a builtin (len, cap, copy), an index or a comparison.
func onlyReadBy(v ssa.Value, instr ssa.Instruction) bool {
	work := []ssa.Value{v}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		y := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[y] || y.Referrers() == nil {
			continue
		}
		seen[y] = true
		for _, r := range *y.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi, *ssa.Slice:
				work = append(work, r.(ssa.Value))
			case *ssa.IndexAddr, *ssa.Index, *ssa.BinOp, *ssa.DebugRef:
			case *ssa.Call:
				if r == instr {
					continue
				}
				b, ok := r.Call.Value.(*ssa.Builtin)
				if !ok {
					return false
				}
				if b.Name() == "append" && r.Call.Args[0] == y {
					work = append(work, r) // the same array, grown
				}
			default:
				return false
			}
		}
	}
	return true
}

// appended advises on strconv.Format*, Itoa, Quote and time.Time.Format
// whose result is appended to a []byte: the Append form writes into it.
func (u *use) appended() (report.Finding, bool) {
	app, ok := u.appendOf()
	if !ok || !u.versionAtLeast(u.e.since) {
		return u.writtenString()
	}
	var repl string
	dst := u.src(app.Args[0])
	args := u.expr.Args
	switch u.e.name {
	case "Itoa":
		repl = "strconv.AppendInt(" + dst + ", int64(" + u.src(args[0]) + "), 10)"
	case "Format":
		sel, ok := u.expr.Fun.(*ast.SelectorExpr)
		if !ok {
			return report.Finding{}, false
		}
		repl = u.src(sel.X) + ".AppendFormat(" + dst + ", " + u.src(args[0]) + ")"
	default:
		repl = "strconv." + u.e.alt + "(" + dst + u.srcArgs(args) + ")"
	}
	return report.Finding{
		Advice: "append with " + shorten(repl) + ", which writes into the slice",
		Fix:    u.replace(app, repl, "Append with "+u.e.alt),
	}, true
}

// writtenString advises on a string result written with WriteString to a
// *bytes.Buffer or *bufio.Writer: append into its AvailableBuffer.
func (u *use) writtenString() (report.Finding, bool) {
	recv, ok := u.writeStringRecv()
	if !ok || !u.versionAtLeast("go1.21") || (u.e.kind != kindFormat && u.e.kind != kindTimeFormat) {
		return report.Finding{}, false
	}
	t := u.c.pass.TypesInfo.TypeOf(recv)
	if !isPtrTo(t, "bytes", "Buffer") && !isPtrTo(t, "bufio", "Writer") {
		return report.Finding{}, false
	}
	b := u.src(recv)
	form := "strconv." + u.e.alt + "(" + b + ".AvailableBuffer(), ...)"
	if u.e.kind == kindTimeFormat {
		form = "t.AppendFormat(" + b + ".AvailableBuffer(), layout)"
	}
	return report.Finding{Advice: "write " + b + ".Write(" + form + ") instead, which formats into the buffer's free space"}, true
}

// appendOf returns the append(dst, CALL...) whose spread argument is the
// call, with dst a []byte.
func (u *use) appendOf() (*ast.CallExpr, bool) {
	app, ok := u.parent().(*ast.CallExpr)
	if !ok || !app.Ellipsis.IsValid() || len(app.Args) != 2 || unparen(app.Args[1]) != u.expr {
		return nil, false
	}
	if id, ok := unparen(app.Fun).(*ast.Ident); !ok || id.Name != "append" {
		return nil, false
	}
	if _, isBuiltin := u.c.pass.TypesInfo.Uses[unparen(app.Fun).(*ast.Ident)].(*types.Builtin); !isBuiltin {
		return nil, false
	}
	t := u.c.pass.TypesInfo.TypeOf(app.Args[0])
	return app, t != nil && types.Identical(t, types.NewSlice(types.Typ[types.Byte]))
}

// writeStringRecv returns x in x.WriteString(CALL).
func (u *use) writeStringRecv() (ast.Expr, bool) {
	wc, ok := u.parent().(*ast.CallExpr)
	if !ok || len(wc.Args) != 1 || unparen(wc.Args[0]) != u.expr {
		return nil, false
	}
	sel, ok := unparen(wc.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "WriteString" {
		return nil, false
	}
	return sel.X, true
}

// sprint advises on fmt.Sprint, Sprintf and Sprintln whose result is
// appended (fmt.Append*) or written (fmt.Fprint*).
func (u *use) sprint() (report.Finding, bool) {
	if app, ok := u.appendOf(); ok && u.versionAtLeast(u.e.since) {
		repl := "fmt." + u.e.alt + "(" + u.src(app.Args[0]) + u.srcArgs(u.expr.Args) + ")"
		return report.Finding{
			Advice: "append with fmt." + u.e.alt + ", which formats into the slice",
			Fix:    u.replace(app, repl, "Append with fmt."+u.e.alt),
		}, true
	}
	fprint := "fmt.F" + strings.TrimPrefix(u.e.name, "S")
	if w, outer, ok := u.writtenTo(); ok {
		repl := fprint + "(" + u.src(w) + u.srcArgs(u.expr.Args) + ")"
		return report.Finding{
			Advice: "print with " + fprint + " to " + shorten(u.src(w)) + ", which writes without the string",
			Fix:    u.replace(outer, repl, "Print with "+fprint),
		}, true
	}
	return report.Finding{}, false
}

// writtenTo recognizes the result written to an io.Writer w: the call
// outer is io.WriteString(w, CALL), w.Write([]byte(CALL)), or
// w.WriteString(CALL) with w a *bytes.Buffer, *strings.Builder or
// *bufio.Writer. Each returns (int, error), as fmt.Fprint* does.
func (u *use) writtenTo() (w ast.Expr, outer *ast.CallExpr, ok bool) {
	info := u.c.pass.TypesInfo
	p := u.parent()
	if conv, isCall := p.(*ast.CallExpr); isCall && len(conv.Args) == 1 && info.Types[conv.Fun].IsType() {
		// []byte(CALL) passed to w.Write
		if !types.Identical(info.TypeOf(conv), types.NewSlice(types.Typ[types.Byte])) {
			return nil, nil, false
		}
		for _, n := range u.outer() {
			if n == ast.Node(conv) {
				continue
			}
			if _, paren := n.(*ast.ParenExpr); paren {
				continue
			}
			wc, isCall := n.(*ast.CallExpr)
			if !isCall || len(wc.Args) != 1 || unparen(wc.Args[0]) != ast.Expr(conv) {
				return nil, nil, false
			}
			sel, isSel := unparen(wc.Fun).(*ast.SelectorExpr)
			if !isSel || sel.Sel.Name != "Write" || !isWriter(info.TypeOf(sel.X)) {
				return nil, nil, false
			}
			return sel.X, wc, true
		}
		return nil, nil, false
	}
	wc, isCall := p.(*ast.CallExpr)
	if !isCall {
		return nil, nil, false
	}
	if fn, isFn := typeutilCallee(info, wc).(*types.Func); isFn && fn.Pkg() != nil && fn.Pkg().Path() == "io" && fn.Name() == "WriteString" &&
		len(wc.Args) == 2 && unparen(wc.Args[1]) == ast.Expr(u.expr) {
		return wc.Args[0], wc, true
	}
	if recv, isWS := u.writeStringRecv(); isWS {
		t := info.TypeOf(recv)
		if isPtrTo(t, "bytes", "Buffer") || isPtrTo(t, "strings", "Builder") || isPtrTo(t, "bufio", "Writer") {
			return recv, wc, true
		}
	}
	return nil, nil, false
}

// compared advises on strings.ToLower/ToUpper whose result is only
// compared with == or != to another such call or a constant of that case.
func (u *use) compared() (report.Finding, bool) {
	bin, ok := u.parent().(*ast.BinaryExpr)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return report.Finding{}, false
	}
	other := bin.X
	if unparen(other) == ast.Expr(u.expr) {
		other = bin.Y
	}
	info := u.c.pass.TypesInfo
	if tv := info.Types[other]; tv.Value != nil {
		s := constant.StringVal(tv.Value)
		want := strings.ToLower(s)
		if u.e.name == "ToUpper" {
			want = strings.ToUpper(s)
		}
		if s != want || !isASCII(s) {
			return report.Finding{}, false // never equal, or folding beyond ASCII
		}
	} else if oc, ok := unparen(other).(*ast.CallExpr); !ok || !isCaseCall(info, oc, u.e.name) {
		return report.Finding{}, false
	}
	neg := ""
	if bin.Op == token.NEQ {
		neg = "!"
	}
	return report.Finding{Advice: "compare with " + neg + "strings.EqualFold, which folds case without a copy (and also matches Unicode folds such as ſ and s, K and the Kelvin sign)"}, true
}

// regexp advises hoisting a regexp compiled from a constant pattern.
func (u *use) regexp() (report.Finding, bool) {
	if len(u.call.Call.Args) == 0 {
		return report.Finding{}, false
	}
	k, ok := u.call.Call.Args[0].(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.String {
		return report.Finding{}, false
	}
	if _, err := regexp.Compile(constant.StringVal(k.Value)); err != nil {
		return report.Finding{}, false // fails at run time: hoisting would fail at init instead
	}
	switch u.e.name {
	case "MustCompile", "Compile":
		return report.Finding{Advice: "compile it once, into a package-level variable (var re = regexp.MustCompile(...))"}, true
	}
	return report.Finding{Advice: "compile the pattern once, into a package-level variable, and call its " + u.e.name + " method"}, true
}

// seqFix rewrites `for _, x := range strings.Split(s, sep)` to `for x :=
// range strings.SplitSeq(s, sep)`.
func (u *use) seqFix(rs *ast.RangeStmt) *analysis.SuggestedFix {
	sel, ok := u.expr.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	edits := []analysis.TextEdit{{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(u.e.alt)}}
	if rs.Key != nil {
		if rs.Value == nil {
			return nil // for _ = range: rare, left alone
		}
		edits = append(edits, analysis.TextEdit{Pos: rs.Key.Pos(), End: rs.Value.Pos()})
	}
	return &analysis.SuggestedFix{Message: "Range over " + u.e.pkg + "." + u.e.alt, TextEdits: edits}
}

// replace returns a fix replacing node n with text.
func (u *use) replace(n ast.Node, text, msg string) *analysis.SuggestedFix {
	return &analysis.SuggestedFix{Message: msg, TextEdits: []analysis.TextEdit{{Pos: n.Pos(), End: n.End(), NewText: []byte(text)}}}
}

// src returns the source text of n.
func (u *use) src(n ast.Node) string {
	tf := u.c.pass.Fset.File(n.Pos())
	if tf == nil {
		return types.ExprString(n.(ast.Expr))
	}
	content, err := u.c.pass.ReadFile(tf.Name())
	if err != nil {
		return types.ExprString(n.(ast.Expr))
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(content) || start > end {
		return types.ExprString(n.(ast.Expr))
	}
	return string(content[start:end])
}

// srcArgs returns ", a, b, c" for the call's arguments (with a final
// "..." kept).
func (u *use) srcArgs(args []ast.Expr) string {
	var b strings.Builder
	for _, a := range args {
		b.WriteString(", ")
		b.WriteString(u.src(a))
	}
	if u.expr.Ellipsis.IsValid() {
		b.WriteString("...")
	}
	return b.String()
}

// versionAtLeast reports whether the file of the call is for Go v or
// later (an unknown version counts as the newest).
func (u *use) versionAtLeast(v string) bool {
	return v == "" || report.GoAtLeast(u.c.pass, u.expr.Pos(), v)
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func unparen(e ast.Expr) ast.Expr { return ast.Unparen(e) }

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// isPtrTo reports whether t is *pkg.name.
func isPtrTo(t types.Type, pkg, name string) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// isWriter reports whether t's method set has Write([]byte) (int, error).
func isWriter(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, "Write")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 1 && types.Identical(sig.Params().At(0).Type(), types.NewSlice(types.Typ[types.Byte])) &&
		sig.Results().Len() == 2 && types.Identical(sig.Results().At(0).Type(), types.Typ[types.Int])
}

// isCaseCall reports whether c calls strings.name.
func isCaseCall(info *types.Info, c *ast.CallExpr, name string) bool {
	fn, ok := typeutilCallee(info, c).(*types.Func)
	return ok && fn.Pkg() != nil && fn.Pkg().Path() == "strings" && fn.Name() == name
}

// typeutilCallee returns the object a call's function expression names.
func typeutilCallee(info *types.Info, c *ast.CallExpr) types.Object {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		return info.Uses[f]
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok {
			return sel.Obj()
		}
		return info.Uses[f.Sel]
	}
	return nil
}

// shorten cuts a long expression for a message.
func shorten(s string) string {
	if len(s) <= 60 {
		return s
	}
	if i := strings.IndexByte(s, '('); i > 0 && i < 40 {
		return s[:i] + "(...)"
	}
	return s[:57] + "..."
}
