// Package report is the one place through which every heaplint diagnostic
// goes. It fills in what all checks share (category, docs URL), drops what
// must never reach a user (no position, generated files, findings outside
// loops when the user asked for loops only, cold findings unless asked
// for, fixes that fail the driver's validation rules), writes each message
// from its parts with the finding's hotness, and states the message style
// the meta-tests enforce.
package report

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/ledger"
	"github.com/heaplint/heaplint/internal/ssapos"
	"github.com/heaplint/heaplint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Scope is the part of every check's Config that decides which findings are
// reported at all. Checks embed it so that its keys sit beside their own.
type Scope struct {
	// LoopsOnly drops findings that are not inside a loop.
	LoopsOnly bool `json:"loops-only,omitempty"`

	// Tests keeps findings in _test.go files, which are dropped by
	// default: test code is rarely where allocations matter, and over the
	// standard library it holds most of what the checks would report.
	Tests bool `json:"tests,omitempty"`

	// Cold keeps findings on cold paths (see internal/hotness: failure
	// paths, init, code that runs once per program), which are dropped by
	// default: they allocate once per failure or once per run. With a
	// profile, a cold finding that holds at least ColdShare of it is kept
	// anyway: the profile knows better.
	Cold bool `json:"cold,omitempty"`

	// NoRemedy keeps the warm findings that have no remedy (see
	// Finding.NoRemedy), which are dropped by default.
	NoRemedy bool `json:"no-remedy,omitempty"`

	// ProfileUnseen keeps, when a profile is given, the findings it never
	// reaches (no allocation on their lines, no CPU sample in their
	// function), which are dropped by default.
	ProfileUnseen bool `json:"profile-unseen,omitempty"`

	// Weights is the profile, if any: set by the suite (SetWeights), not
	// by a setting of the check's own.
	Weights Weights `json:"-"`
}

// ColdShare is the share of a profile above which a finding the hotness
// analysis calls cold is reported all the same.
const ColdShare = 0.01

// SetWeights gives the scope a profile. A check's Config embeds Scope, so
// the suite reaches every check's through this method.
func (s *Scope) SetWeights(w Weights) { s.Weights = w }

// CheckOutsideLoops rejects a check's outside-loops setting (report
// outside loops too) set together with loops-only, which contradicts it.
func (s Scope) CheckOutsideLoops(outsideLoops bool) error {
	if s.LoopsOnly && outsideLoops {
		return fmt.Errorf("outside-loops: cannot be set together with loops-only")
	}
	return nil
}

// RegisterFlags binds the scope's settings to an analyzer's flags.
func (s *Scope) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&s.LoopsOnly, "loops-only", s.LoopsOnly, "report only findings inside loops")
	fs.BoolVar(&s.Tests, "tests", s.Tests, "also report findings in _test.go files")
	fs.BoolVar(&s.Cold, "cold", s.Cold, "also report findings on cold paths: failure paths, init, code that runs once per program")
	fs.BoolVar(&s.ProfileUnseen, "profile-unseen", s.ProfileUnseen, "with a profile, also report findings it never reaches")
	fs.BoolVar(&s.NoRemedy, "no-remedy", s.NoRemedy, "also report findings outside loops for which no rewrite keeps behaviour")
}

// Funcs returns the functions of funcs in which Emit could report a finding
// under this scope: not those of generated files, nor those of _test.go
// files unless Tests (a function literal is in its parent's file). Checks
// look only at these, so as to spend nothing on findings Emit would drop:
// go vet hands a check each package with its test files (net/http: 19 of
// its 49 files, beside the generated h2_bundle.go). Functions with no position
// (the package initializer) are kept. A check whose finding in one function
// depends on code in another (an instantiation of a generic function, a
// use of a map's type) must still read the others for that.
func (s Scope) Funcs(pass *analysis.Pass, funcs []*ssa.Function) []*ssa.Function {
	reported, _ := s.Split(pass, funcs)
	return reported
}

// Split is Funcs that also returns the functions it leaves out, for a
// check that must read them (see Funcs).
func (s Scope) Split(pass *analysis.Pass, funcs []*ssa.Function) (reported, others []*ssa.Function) {
	files := NewFiles(pass, s.Tests)
	reported = make([]*ssa.Function, 0, len(funcs))
	for _, fn := range funcs {
		if files.Reportable(fn.Pos()) {
			reported = append(reported, fn)
		} else {
			others = append(others, fn)
		}
	}
	return reported, others
}

// Files answers, file by file, whether Emit could report a finding there.
type Files struct {
	pass  *analysis.Pass
	tests bool
	known map[*token.File]bool
}

// NewFiles returns the answers for pass, with test files reportable when
// tests is set.
func NewFiles(pass *analysis.Pass, tests bool) *Files {
	return &Files{pass: pass, tests: tests, known: make(map[*token.File]bool)}
}

// Reportable reports whether pos is in a file where Emit reports findings:
// not a generated file, nor a _test.go file unless tests. A position in no
// file (NoPos: the package initializer) counts as reportable.
func (f *Files) Reportable(pos token.Pos) bool {
	tf := f.pass.Fset.File(pos)
	if tf == nil {
		return true
	}
	ok, seen := f.known[tf]
	if !seen {
		ok = reportableFile(f.pass, pos, f.tests)
		f.known[tf] = ok
	}
	return ok
}

// reportableFile is the file rule of Emit: pos is in one of the package's
// files, not a generated one, nor a _test.go one unless tests.
func reportableFile(pass *analysis.Pass, pos token.Pos, tests bool) bool {
	file := FileOf(pass, pos)
	if file == nil || ast.IsGenerated(file) {
		return false
	}
	return tests || !strings.HasSuffix(pass.Fset.File(pos).Name(), "_test.go")
}

// Finding is one diagnostic before the shared policy is applied. Its
// message is written by Emit from its parts, with the hotness of Block
// between Claim and Why:
//
//	<Claim> <how often>: <Why>; <Advice>
//	converting p (point, 24 bytes) to any allocates on each iteration: it escapes through fmt.Println's argument; ...
type Finding struct {
	Pos, End token.Pos       // the allocating expression; End may be NoPos
	Block    *ssa.BasicBlock // where the allocation runs: the finding is as hot as it

	// Claim says what allocates, ending with the verb and how many times
	// ("converting p (point, 24 bytes) to any allocates",
	// "... allocates 2 times"); the hotness words follow it.
	Claim string
	// Why says why it is on the heap; optional.
	Why string
	// Advice says what to write instead; optional.
	Advice string

	Related []analysis.RelatedInformation // the escape site; Emit adds the loop
	Fix     *analysis.SuggestedFix        // at most one, edits in Pos's file only

	// NoRemedy marks a finding whose Advice can only say what allocates
	// and why: no rewrite keeps behaviour (reflect, sync.Map keys, an
	// exported signature). Emit shows it when it is hot (or the profile
	// weighs it), not when it runs once per call: there is nothing to do.
	NoRemedy bool

	// Weigh lists more positions whose lines' profile weight is the
	// finding's, besides Pos's line: where the runtime charges what the
	// finding is about (the append or map store that grows a slice or map
	// made at Pos).
	Weigh []token.Pos
}

// lines returns the positions whose lines the finding is about: Pos and
// Weigh.
func (f Finding) lines() []token.Pos {
	return append([]token.Pos{f.Pos}, f.Weigh...)
}

// Message writes f's message for hotness h: see Finding.
func (f Finding) Message(h hotness.Hotness) string {
	var b strings.Builder
	b.WriteString(f.Claim)
	b.WriteByte(' ')
	b.WriteString(h.Words())
	if f.Why != "" {
		b.WriteString(": ")
		b.WriteString(f.Why)
	}
	if f.Advice != "" {
		b.WriteString("; ")
		b.WriteString(f.Advice)
	}
	return b.String()
}

// Shorten cuts an expression for a message to 40 bytes, ending a cut one
// with "...".
func Shorten(expr string) string {
	const limit = 40
	if len(expr) <= limit {
		return expr
	}
	return expr[:limit-3] + "..."
}

// URL is the documentation address of a check.
func URL(check string) string {
	return "https://pkg.go.dev/github.com/heaplint/heaplint/passes/" + check
}

// Emit reports f through pass unless the policy drops it, and says whether
// it was reported. It drops a finding with no position, in a generated
// file, in a test file unless scope.Tests, silenced by a //heaplint:ignore
// directive (see internal/suppress), on a cold path unless
// scope.Cold, and outside loops when scope.LoopsOnly. With a profile
// (scope.Weights) it weighs the finding, drops it when the profile never
// reaches it (unless scope.ProfileUnseen), counts it hot when the profile
// samples it, keeps it even when cold if it holds ColdShare of the
// profile, and ends the message with its weight, "(1.2 GB in 3.4M
// allocations, 31% of the profile's allocation)". The diagnostic's
// Category is the finding's heat ("hot", "warm" or "cold"), and with a
// profile its share, "hot/0.31" (see ParseCategory), so that drivers can
// rank findings without parsing messages; its URL is the check's
// documentation. A hot finding gets the innermost loop around it
// as related information; a warm one whose function is called in a loop
// gets that call.
func Emit(pass *analysis.Pass, scope Scope, f Finding) bool {
	if !f.Pos.IsValid() || !reportableFile(pass, f.Pos, scope.Tests) {
		return false
	}
	ledger.Record(pass, f.lines()...) // explained, reported or not
	if suppress.Suppressed(pass, f.Pos) {
		return false // before the hotness: a directive on a cold finding is not stale
	}
	h := heat(pass, f.Block)
	msg := f.Message(h)
	shown, share, weighted := h.Heat, 0.0, false // the heat the diagnostic shows
	if scope.Weights != nil {
		digest := scope.Weights.Digest(pass)
		w, seen := weight(pass, digest, f)
		if !seen && !scope.ProfileUnseen {
			return false
		}
		if seen {
			total := digest.Total()
			share, weighted = w.Share(total), true
			if shown == hotness.Warm {
				shown = hotness.Hot // on sampled code
			}
			if desc := w.Describe(total); desc != "" {
				msg += " (" + desc + ")"
			}
		}
	}
	if (shown == hotness.Cold && !scope.Cold && share < ColdShare) || (scope.LoopsOnly && h.Heat != hotness.Hot) {
		return false
	}
	if f.NoRemedy && shown == hotness.Warm && !scope.NoRemedy {
		return false // once per call, and nothing to write instead
	}
	d := analysis.Diagnostic{
		Pos:      f.Pos,
		End:      f.End,
		Category: category(shown, share, weighted),
		Message:  msg,
		URL:      URL(pass.Analyzer.Name),
	}
	for _, r := range f.Related {
		if r.Pos.IsValid() {
			d.Related = append(d.Related, r)
		}
	}
	d.Related = append(d.Related, hotRelated(f, h)...)
	if f.Fix != nil && ValidateFix(pass.Fset, f.Pos, *f.Fix) == nil {
		d.SuggestedFixes = []analysis.SuggestedFix{*f.Fix}
	}
	pass.Report(d)
	return true
}

// HotFunc reports whether fn runs often enough that what it allocates on
// each call is worth reusing: it is called from a loop of the package (see
// hotness.Result.CalledInLoop), or the profile samples it. A check that
// reports per-call allocations asks this; the report path still applies
// hotness (and the profile) to each finding.
func HotFunc(pass *analysis.Pass, scope Scope, fn *ssa.Function) bool {
	r, _ := pass.ResultOf[hotness.Analyzer].(*hotness.Result)
	if r.CalledInLoop(fn) != nil {
		return true
	}
	if scope.Weights == nil {
		return false
	}
	d := scope.Weights.Digest(pass)
	return d != nil && !d.Func(fn).Total().IsZero()
}

// heat returns the hotness of b from the hotness analyzer, which every
// check requires (a meta-test holds them to it).
func heat(pass *analysis.Pass, b *ssa.BasicBlock) hotness.Hotness {
	r, _ := pass.ResultOf[hotness.Analyzer].(*hotness.Result)
	return r.Of(b)
}

// hotRelated points at what makes a finding hot: the innermost loop
// statement around it, or for a warm finding the call from a loop.
func hotRelated(f Finding, h hotness.Hotness) []analysis.RelatedInformation {
	switch {
	case h.Heat == hotness.Hot && f.Block != nil:
		if loop := ssapos.EnclosingLoop(f.Block.Parent(), f.Pos); loop != nil {
			return []analysis.RelatedInformation{{Pos: loop.Pos(), End: loop.Pos() + token.Pos(len("for")), Message: "the loop"}}
		}
	case h.Heat == hotness.Warm && h.CalledInLoop != nil && h.CalledInLoop.Pos.IsValid():
		return []analysis.RelatedInformation{{Pos: h.CalledInLoop.Pos, Message: "called in a loop here"}}
	}
	return nil
}

// FileOf returns the syntax of pass's file that contains pos, or nil.
func FileOf(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// GoVersion returns the Go version the file that contains pos is compiled
// for ("go1.22", from go.mod or a //go:build line), "" when unknown.
func GoVersion(pass *analysis.Pass, pos token.Pos) string {
	if f := FileOf(pass, pos); f != nil {
		return pass.TypesInfo.FileVersions[f]
	}
	return ""
}

// GoAtLeast reports whether the file that contains pos is compiled for Go
// v or later; a file of unknown version counts as the newest.
func GoAtLeast(pass *analysis.Pass, pos token.Pos, v string) bool {
	fv := GoVersion(pass, pos)
	return fv == "" || version.Compare(fv, v) >= 0
}

// ValidateFix applies gopls's rules for suggested fixes to fix, whose
// diagnostic is at pos: a message, at least one edit, every edit in pos's
// file with Pos <= End, and no two edits overlapping.
func ValidateFix(fset *token.FileSet, pos token.Pos, fix analysis.SuggestedFix) error {
	if fix.Message == "" {
		return errors.New("fix has no message")
	}
	if len(fix.TextEdits) == 0 {
		return errors.New("fix has no edits")
	}
	file := fset.File(pos)
	edits := slices.Clone(fix.TextEdits)
	slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	for i, e := range edits {
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		switch {
		case !e.Pos.IsValid() || fset.File(e.Pos) != file || fset.File(end) != file:
			return fmt.Errorf("edit %d is outside the diagnostic's file", i)
		case end < e.Pos:
			return fmt.Errorf("edit %d ends before it starts", i)
		case i > 0 && e.Pos < edits[i-1].End:
			return fmt.Errorf("edits %d and %d overlap", i-1, i)
		}
	}
	return nil
}

// CheckMessage states heaplint's message style: one lowercase sentence with
// no final period, no newline or terminal escapes, and no "check:" prefix
// (golangci-lint adds the check name itself).
func CheckMessage(check, msg string) error {
	r, _ := utf8.DecodeRuneInString(msg)
	switch {
	case msg == "":
		return errors.New("empty message")
	case unicode.IsUpper(r):
		return fmt.Errorf("message %q starts with a capital letter", msg)
	case strings.HasSuffix(msg, "."):
		return fmt.Errorf("message %q ends with a period", msg)
	case strings.ContainsAny(msg, "\n\r\x1b"):
		return fmt.Errorf("message %q has a newline or escape", msg)
	case strings.HasPrefix(msg, check+":"):
		return fmt.Errorf("message %q repeats the check name", msg)
	}
	return nil
}

// Qualifier names the types of other packages by package name, as their
// source does (ssa.Function, not golang.org/x/tools/go/ssa.Function), and
// the types of pkg itself unqualified: the form messages use.
func Qualifier(pkg *types.Package) types.Qualifier {
	return func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
}
