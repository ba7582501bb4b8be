package suppress

import (
	"fmt"
	"go/ast"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// DirectivesName is the name of the analyzer NewDirectives returns: the
// "check" its findings are reported under.
const DirectivesName = "directives"

// DirectivesConfig says what NewDirectives needs to know of the suite.
type DirectivesConfig struct {
	// Checks are the enabled checks. The analyzer requires them, so it runs
	// after they have reported (and matched directives). A directive that
	// names one of them and silenced nothing is stale.
	Checks []*analysis.Analyzer

	// Known holds every check's name, enabled or not: a directive naming a
	// check that is switched off is not stale, one naming no check at all
	// is reported.
	Known []string

	// Tests reports directives in _test.go files too. Checks drop their
	// findings there unless asked (the tests setting), so a directive in a
	// test file matches nothing otherwise.
	Tests bool
}

// NewDirectives returns the analyzer that reports heaplint's directives
// that are malformed (no check, no reason, an unknown verb), name an
// unknown check, or silence no finding of an enabled check. It reads
// Analyzer's Result after every check in cfg.Checks has run. Generated
// files are skipped, as they are by every check.
func NewDirectives(cfg DirectivesConfig) *analysis.Analyzer {
	enabled := make([]string, len(cfg.Checks))
	for i, a := range cfg.Checks {
		enabled[i] = a.Name
	}
	known := slices.Clone(cfg.Known)
	slices.Sort(known)
	return &analysis.Analyzer{
		Name: DirectivesName,
		Doc: "report //heaplint:ignore directives that are malformed or silence nothing\n\n" +
			"A directive must name known checks and give a reason; one that silences no finding " +
			"of an enabled check is stale and should be removed.",
		URL:      "https://pkg.go.dev/github.com/heaplint/heaplint/internal/suppress",
		Requires: append([]*analysis.Analyzer{Analyzer}, cfg.Checks...),
		Run: func(pass *analysis.Pass) (any, error) {
			r, _ := pass.ResultOf[Analyzer].(*Result)
			check := directiveCheck{pass: pass, enabled: enabled, known: known, tests: cfg.Tests}
			for _, d := range r.Directives() {
				check.directive(d)
			}
			return nil, nil
		},
	}
}

type directiveCheck struct {
	pass    *analysis.Pass
	enabled []string
	known   []string
	tests   bool
}

func (c directiveCheck) directive(d *Directive) {
	if !c.reportable(d) {
		return
	}
	if d.Malformed != "" {
		if d.FileWide {
			c.report(d, "malformed heaplint directive: %s; write %s", d.Malformed, fileSyntax)
		} else {
			c.report(d, "malformed heaplint directive: %s; write %s or %s", d.Malformed, lineSyntax, fileSyntax)
		}
		return
	}
	for i, name := range d.Checks {
		switch {
		case !slices.Contains(c.known, name):
			c.report(d, "directive names %q, which is not a heaplint check (checks: %s)", name, strings.Join(c.known, ", "))
		case !slices.Contains(c.enabled, name) || d.Matched(i):
		case d.FileWide:
			c.report(d, "this directive silences no %s finding in this file; should it be removed?", name)
		default:
			c.report(d, "this directive silences no %s finding on line %d; should it be removed?", name, d.Line)
		}
	}
}

// reportable applies the checks' file rule: not in generated files, and in
// _test.go files only when tests are analyzed.
func (c directiveCheck) reportable(d *Directive) bool {
	tf := c.pass.Fset.File(d.Pos)
	if tf == nil {
		return false
	}
	if !c.tests && strings.HasSuffix(tf.Name(), "_test.go") {
		return false
	}
	for _, f := range c.pass.Files {
		if f.FileStart <= d.Pos && d.Pos <= f.FileEnd {
			return !ast.IsGenerated(f)
		}
	}
	return false
}

func (c directiveCheck) report(d *Directive, format string, args ...any) {
	c.pass.Report(analysis.Diagnostic{
		Pos:      d.Pos,
		End:      d.End,
		Category: DirectivesName,
		Message:  fmt.Sprintf(format, args...),
		URL:      c.pass.Analyzer.URL,
	})
}
