// Package suppress reads heaplint's suppression directives and answers, for
// each finding, whether one of them silences it:
//
//	x := any(v) //heaplint:ignore boxing reason why this is fine
//
//	//heaplint:ignore boxing,capture reason why this is fine
//	go func() { use(v) }()
//
//	//heaplint:file-ignore boxing reason why the whole file is fine
//
// A directive at the end of a line covers that line; a directive alone on
// its line (with the other comments around it) covers the first line after
// its comment group; a file-ignore covers the whole file, wherever it is.
// The reason is required. staticcheck's //lint:ignore is the model.
//
// Analyzer parses a package's directives once, for every check: the one
// place findings are emitted (report.Emit) asks its Result, through
// Suppressed, before reporting. Directives is the analyzer that runs after
// every enabled check and reports the directives that are malformed, name
// no check, or silenced nothing.
package suppress

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
)

// The directive verbs, after the "//heaplint:" prefix.
const (
	prefix     = "//heaplint:"
	verbLine   = "ignore"
	verbFile   = "file-ignore"
	lineSyntax = prefix + verbLine + " CHECK[,CHECK] reason"
	fileSyntax = prefix + verbFile + " CHECK[,CHECK] reason"
)

// Analyzer is a config-free helper: it reports nothing and returns a
// *Result holding the package's directives.
var Analyzer = &analysis.Analyzer{
	Name:       "heaplintsuppress",
	Doc:        "read //heaplint:ignore and //heaplint:file-ignore directives, for heaplint's checks",
	URL:        "https://pkg.go.dev/github.com/heaplint/heaplint/internal/suppress",
	ResultType: reflect.TypeFor[*Result](),
	Run: func(pass *analysis.Pass) (any, error) {
		return Parse(pass.Fset, pass.Files), nil
	},
}

// Suppressed reports whether a directive silences the finding at pos of the
// check running in pass (pass.Analyzer.Name), and records the match. It is
// the call report.Emit makes; a pass whose analyzer does not require
// Analyzer is never suppressed. Safe for concurrent use by checks running in
// parallel on one package.
func Suppressed(pass *analysis.Pass, pos token.Pos) bool {
	r, _ := pass.ResultOf[Analyzer].(*Result)
	return r.Suppressed(pos, pass.Analyzer.Name)
}

// Result holds the directives of one package. Its maps are read-only after
// Parse; only the match flags change, atomically.
type Result struct {
	fset  *token.FileSet
	all   []*Directive                // in source order
	files map[*token.File]*fileScopes // files with at least one well-formed directive
}

type fileScopes struct {
	lines map[int][]*Directive // line covered → the directives covering it
	whole []*Directive         // file-ignore directives
}

// Directive is one //heaplint: comment.
type Directive struct {
	Pos, End  token.Pos
	FileWide  bool     // //heaplint:file-ignore
	Line      int      // the line an ignore directive covers; 0 for file-wide ones
	Checks    []string // as written, in order
	Reason    string
	Malformed string // why the directive is not applied ("no reason given"); "" when it is well-formed

	matched []atomic.Bool // per entry of Checks
}

// Matched reports whether the directive silenced a finding of its i-th check.
func (d *Directive) Matched(i int) bool { return d.matched[i].Load() }

// Parse reads the directives of files. A nil *Result is valid and empty.
func Parse(fset *token.FileSet, files []*ast.File) *Result {
	r := &Result{fset: fset}
	for _, f := range files {
		r.parseFile(f)
	}
	return r
}

func (r *Result) parseFile(f *ast.File) {
	var found []*Directive
	var ownLine func(*ast.Comment) bool
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if !strings.HasPrefix(c.Text, prefix) {
				continue
			}
			if ownLine == nil {
				ownLine = ownLineTest(r.fset, f)
			}
			d := parseDirective(c)
			if !d.FileWide {
				if ownLine(c) {
					d.Line = r.fset.Position(cg.End()).Line + 1
				} else {
					d.Line = r.fset.Position(c.Pos()).Line
				}
			}
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return
	}
	r.all = append(r.all, found...)
	scopes := &fileScopes{lines: map[int][]*Directive{}}
	for _, d := range found {
		switch {
		case d.Malformed != "":
		case d.FileWide:
			scopes.whole = append(scopes.whole, d)
		default:
			scopes.lines[d.Line] = append(scopes.lines[d.Line], d)
		}
	}
	if r.files == nil {
		r.files = map[*token.File]*fileScopes{}
	}
	r.files[r.fset.File(f.FileStart)] = scopes
}

// parseDirective splits "//heaplint:VERB CHECK[,CHECK] reason".
func parseDirective(c *ast.Comment) *Directive {
	d := &Directive{Pos: c.Pos(), End: c.End()}
	verb, rest, _ := strings.Cut(strings.TrimPrefix(c.Text, prefix), " ")
	switch verb {
	case verbLine:
	case verbFile:
		d.FileWide = true
	default:
		d.Malformed = fmt.Sprintf("unknown verb %q", verb)
		return d
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		d.Malformed = "no check named"
		return d
	}
	for name := range strings.SplitSeq(fields[0], ",") {
		if name == "" {
			d.Malformed = fmt.Sprintf("empty check name in %q", fields[0])
			return d
		}
		d.Checks = append(d.Checks, name)
	}
	d.matched = make([]atomic.Bool, len(d.Checks))
	d.Reason = strings.Join(fields[1:], " ")
	if d.Reason == "" {
		d.Malformed = "no reason given"
	}
	return d
}

// ownLineTest returns a test of whether a comment of f has no code before
// it on its line. Code ends on that line before the comment exactly when
// some node of f does (every token ends a node: a literal, an identifier,
// a closing bracket ends its expression or block).
func ownLineTest(fset *token.FileSet, f *ast.File) func(*ast.Comment) bool {
	tf := fset.File(f.FileStart)
	// The last end of a node on each line, as an offset.
	lastEnd := map[int]token.Pos{}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		switch n.(type) {
		case *ast.Comment, *ast.CommentGroup:
			return false
		}
		end := n.End()
		if end.IsValid() && int(end)-tf.Base() <= tf.Size() {
			line := tf.Line(end)
			if end > lastEnd[line] {
				lastEnd[line] = end
			}
		}
		return true
	})
	return func(c *ast.Comment) bool {
		end, ok := lastEnd[tf.Line(c.Pos())]
		return !ok || end > c.Pos()
	}
}

// Suppressed reports whether a well-formed directive covers pos for check,
// and marks every such directive as matched.
func (r *Result) Suppressed(pos token.Pos, check string) bool {
	if r == nil || len(r.files) == 0 || !pos.IsValid() {
		return false
	}
	tf := r.fset.File(pos)
	scopes := r.files[tf]
	if scopes == nil {
		return false
	}
	hit := false
	for _, d := range scopes.lines[tf.Line(pos)] {
		hit = d.match(check) || hit
	}
	for _, d := range scopes.whole {
		hit = d.match(check) || hit
	}
	return hit
}

func (d *Directive) match(check string) bool {
	i := slices.Index(d.Checks, check)
	if i < 0 {
		return false
	}
	d.matched[i].Store(true)
	return true
}

// Directives returns every directive of the package, in source order.
func (r *Result) Directives() []*Directive {
	if r == nil {
		return nil
	}
	return r.all
}
