// Package findings is heaplint's model of one run's results, read from the
// go/analysis JSON tree that both engines produce (go vet -json, or the
// checker's PrintJSON), and the order and selection every output format
// shares.
package findings

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/heaplint/heaplint/internal/report"
)

// Position is a place in a file: 1-based line and column (in bytes).
type Position struct {
	File      string // as the tree names it: absolute
	Line, Col int
}

// ParsePosition splits "file:line:col"; a string without line and column
// becomes a Position with only File.
func ParsePosition(s string) Position {
	rest, colStr, ok1 := cutLast(s)
	file, lineStr, ok2 := cutLast(rest)
	line, err1 := strconv.Atoi(lineStr)
	col, err2 := strconv.Atoi(colStr)
	if ok1 && ok2 && err1 == nil && err2 == nil {
		return Position{file, line, col}
	}
	return Position{File: s}
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// JSON shapes of the go/analysis tree (golang.org/x/tools's driverutil,
// field for field, so that re-encoding gives go vet's bytes).
type (
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonDiag struct {
		Category       string        `json:"category,omitempty"`
		Posn           string        `json:"posn"`
		End            string        `json:"end"`
		Message        string        `json:"message"`
		SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated `json:"related,omitempty"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// Edit replaces bytes [Start, End) of File with New.
type Edit struct {
	File       string
	Start, End int
	New        string
}

// Fix is one suggested fix: all of its edits or none.
type Fix struct {
	Message string
	Edits   []Edit
}

// Related is a secondary position of a finding.
type Related struct {
	Pos, End Position
	Message  string
}

// Finding is one diagnostic of a check. The same diagnostic reported in a
// package and in its test variant is one Finding with both packages.
type Finding struct {
	Check    string
	Category string
	Pos, End Position
	Message  string
	Related  []Related
	Fixes    []Fix
	Packages []string // the package IDs that reported it, sorted

	raw jsonDiag
}

// AnalysisError is a check that failed on a package.
type AnalysisError struct {
	Package, Check, Err string
}

// Result is what one run found.
type Result struct {
	Findings []*Finding // in Compare order, without duplicates
	Errors   []AnalysisError
}

// Read decodes a stream of JSON trees (package ID → check → diagnostics or
// an error object), as go vet -json prints one per package, and merges them.
func Read(r io.Reader) (*Result, error) {
	res := &Result{}
	byKey := map[string]*Finding{}
	dec := json.NewDecoder(r)
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return nil, err
		}
		for pkg, checks := range tree {
			for check, raw := range checks {
				var diags []jsonDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					var e jsonError
					if json.Unmarshal(raw, &e) != nil || e.Err == "" {
						return nil, fmt.Errorf("%s: %s: unexpected %s", pkg, check, raw)
					}
					res.Errors = append(res.Errors, AnalysisError{pkg, check, e.Err})
					continue
				}
				for _, d := range diags {
					key := check + "\x00" + mustJSON(d)
					if f := byKey[key]; f != nil {
						if !slices.Contains(f.Packages, pkg) {
							f.Packages = append(f.Packages, pkg)
						}
						continue
					}
					f := newFinding(check, pkg, d)
					byKey[key] = f
					res.Findings = append(res.Findings, f)
				}
			}
		}
	}
	for _, f := range res.Findings {
		slices.Sort(f.Packages)
	}
	res.Sort(Compare)
	slices.SortFunc(res.Errors, func(a, b AnalysisError) int {
		return cmp.Or(strings.Compare(a.Package, b.Package), strings.Compare(a.Check, b.Check), strings.Compare(a.Err, b.Err))
	})
	res.Errors = slices.Compact(res.Errors)
	return res, nil
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func newFinding(check, pkg string, d jsonDiag) *Finding {
	f := &Finding{
		Check:    check,
		Category: d.Category,
		Pos:      ParsePosition(d.Posn),
		End:      ParsePosition(d.End),
		Message:  d.Message,
		Packages: []string{pkg},
		raw:      d,
	}
	for _, r := range d.Related {
		f.Related = append(f.Related, Related{ParsePosition(r.Posn), ParsePosition(r.End), r.Message})
	}
	for _, fx := range d.SuggestedFixes {
		fix := Fix{Message: fx.Message}
		for _, e := range fx.Edits {
			fix.Edits = append(fix.Edits, Edit{e.Filename, e.Start, e.End, e.New})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// Compare is the order of findings in every output: with a profile, the
// heaviest first (their share of the profile, from the Category); then by
// file, line, column, check and message.
func Compare(a, b *Finding) int {
	return cmp.Or(
		cmp.Compare(b.Share(), a.Share()),
		strings.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		strings.Compare(a.Check, b.Check),
		strings.Compare(a.Message, b.Message),
		strings.Compare(mustJSON(a.raw), mustJSON(b.raw)),
	)
}

// Share is the finding's share of the profile, between 0 and 1; 0 without
// a profile.
func (f *Finding) Share() float64 {
	_, share, _ := report.ParseCategory(f.Category)
	return share
}

// Top keeps the n first findings (the n heaviest with a profile) and
// returns how many it left out; n <= 0 keeps them all.
func (r *Result) Top(n int) int {
	if n <= 0 || len(r.Findings) <= n {
		return 0
	}
	left := len(r.Findings) - n
	r.Findings = r.Findings[:n]
	return left
}

// ComparePosition orders findings by position alone (then check and
// message): the order that decides a baseline's occurrence indexes.
func ComparePosition(a, b *Finding) int {
	return cmp.Or(
		strings.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		strings.Compare(a.Check, b.Check),
		strings.Compare(a.Message, b.Message),
	)
}

// Sort orders the findings by cmp, stably.
func (r *Result) Sort(cmp func(a, b *Finding) int) {
	slices.SortStableFunc(r.Findings, cmp)
}

// Filter keeps the findings keep accepts.
func (r *Result) Filter(keep func(*Finding) bool) {
	r.Findings = slices.DeleteFunc(r.Findings, func(f *Finding) bool { return !keep(f) })
}

// Counts returns the number of findings per check, and the checks in
// name order.
func (r *Result) Counts() (map[string]int, []string) {
	counts := map[string]int{}
	for _, f := range r.Findings {
		counts[f.Check]++
	}
	names := make([]string, 0, len(counts))
	for name := range counts {
		names = append(names, name)
	}
	slices.Sort(names)
	return counts, names
}

// WriteJSON writes the findings and errors as one go/analysis JSON tree
// (package ID → check → diagnostics, or {"error": ...}), indented as go vet
// prints it. Each package's diagnostics are in Compare order.
func (r *Result) WriteJSON(w io.Writer) error {
	tree := map[string]map[string]any{}
	add := func(pkg, check string, v func(any) any) {
		if tree[pkg] == nil {
			tree[pkg] = map[string]any{}
		}
		tree[pkg][check] = v(tree[pkg][check])
	}
	for _, f := range r.Findings {
		for _, pkg := range f.Packages {
			add(pkg, f.Check, func(old any) any {
				list, _ := old.([]jsonDiag)
				return append(list, f.raw)
			})
		}
	}
	for _, e := range r.Errors {
		add(e.Package, e.Check, func(any) any { return jsonError{e.Err} })
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
