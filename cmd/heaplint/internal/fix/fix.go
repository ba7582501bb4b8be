// Package fix applies heaplint's suggested fixes to files, or shows them as
// a unified diff, and says which findings it fixed and which it could not.
package fix

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// Edit replaces bytes [Start, End) of a file with New.
type Edit struct {
	Start, End int
	New        string
}

// Fix is one suggested fix: edits by file, applied all or none.
type Fix map[string][]Edit

// Plan is the set of fixes chosen for one run.
type Plan struct {
	edits map[string][]Edit // file → accepted edits
}

// NewPlan returns an empty plan.
func NewPlan() *Plan { return &Plan{edits: map[string][]Edit{}} }

// Add accepts fix unless one of its edits overlaps an edit already
// accepted, and reports whether it did. An identical edit is shared, not
// an overlap, and so are two insertions of whole lines at one place (two
// fixes that each import a package, or insert a statement before one
// loop): both lines go in, in the order of their text.
func (p *Plan) Add(fix Fix) bool {
	for file, edits := range fix {
		for _, e := range edits {
			for _, a := range p.edits[file] {
				if e != a && !lineInsertions(e, a) && e.Start < max(a.End, a.Start+1) && a.Start < max(e.End, e.Start+1) {
					return false
				}
			}
		}
	}
	for file, edits := range fix {
		for _, e := range edits {
			if !slices.Contains(p.edits[file], e) {
				p.edits[file] = append(p.edits[file], e)
			}
		}
	}
	return true
}

// lineInsertions reports whether a and b insert whole lines at one place.
func lineInsertions(a, b Edit) bool {
	whole := func(e Edit) bool { return e.Start == e.End && strings.HasSuffix(e.New, "\n") }
	return a.Start == b.Start && whole(a) && whole(b)
}

// Files returns the files the plan changes, sorted.
func (p *Plan) Files() []string {
	var files []string
	for f := range p.edits {
		files = append(files, f)
	}
	slices.Sort(files)
	return files
}

// Result is one file before and after the plan's edits.
type Result struct {
	File     string
	Old, New []byte
}

// Apply computes the new contents of every file the plan changes. A file
// that was gofmt-formatted is formatted again after the edits.
func (p *Plan) Apply() ([]Result, error) {
	var out []Result
	for _, file := range p.Files() {
		old, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		edits := slices.Clone(p.edits[file])
		slices.SortFunc(edits, func(a, b Edit) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.New, b.New))
		})
		var b bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.Start < last || e.End > len(old) || e.End < e.Start {
				return nil, fmt.Errorf("%s: edit at offset %d is out of range", file, e.Start)
			}
			b.Write(old[last:e.Start])
			b.WriteString(e.New)
			last = e.End
		}
		b.Write(old[last:])
		updated := pruneImports(file, old, b.Bytes())
		if formatted, err := format.Source(old); err == nil && bytes.Equal(formatted, old) {
			if f, err := format.Source(updated); err == nil {
				updated = f
			}
		}
		out = append(out, Result{file, old, updated})
	}
	return out, nil
}

// pruneImports removes from updated the imports that old used and the
// edits left unused: several fixes in one file may together remove the
// last uses of a package (each fmt call rewritten with strconv), while
// each fix alone removes the import only with the last use. It returns
// updated unchanged when either does not parse.
func pruneImports(name string, old, updated []byte) []byte {
	fset := token.NewFileSet()
	before, err := parser.ParseFile(fset, name, old, parser.ImportsOnly)
	if err != nil {
		return updated
	}
	after, err := parser.ParseFile(fset, name, updated, parser.ParseComments)
	if err != nil {
		return updated
	}
	oldFull, err := parser.ParseFile(token.NewFileSet(), name, old, 0)
	if err != nil {
		return updated
	}
	pruned := false
	for _, spec := range before.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil || (spec.Name != nil && (spec.Name.Name == "_" || spec.Name.Name == ".")) {
			continue
		}
		if !astutil.UsesImport(oldFull, path) || astutil.UsesImport(after, path) {
			continue
		}
		named := ""
		if spec.Name != nil {
			named = spec.Name.Name
		}
		pruned = astutil.DeleteNamedImport(fset, after, named, path) || pruned
	}
	if !pruned {
		return updated
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, after); err != nil {
		return updated
	}
	return out.Bytes()
}

// Write writes every result's new contents.
func Write(results []Result) error {
	for _, r := range results {
		info, err := os.Stat(r.File)
		if err != nil {
			return err
		}
		if err := os.WriteFile(r.File, r.New, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// Diff returns a unified diff (3 lines of context) from old to new, with
// name in the headers; "" when they are equal.
func Diff(name string, old, new []byte) string {
	if bytes.Equal(old, new) {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	// Trim the common prefix and suffix; the middle is what changed, and
	// for fixes it is small.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := lineOps(a[pre:len(a)-suf], b[pre:len(b)-suf])
	// Lines as (op, text), with the context around them.
	type line struct {
		op   byte
		text string
		ai   int // index in a of this line, or of the next line of a for inserts
		bi   int
	}
	var lines []line
	for i := range pre {
		lines = append(lines, line{' ', a[i], i, i})
	}
	ai, bi := pre, pre
	for _, op := range ops {
		switch op {
		case ' ':
			lines = append(lines, line{' ', a[ai], ai, bi})
			ai++
			bi++
		case '-':
			lines = append(lines, line{'-', a[ai], ai, bi})
			ai++
		case '+':
			lines = append(lines, line{'+', b[bi], ai, bi})
			bi++
		}
	}
	for i := range suf {
		lines = append(lines, line{' ', a[ai+i], ai + i, bi + i})
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", name, name)
	const ctx = 3
	for i := 0; i < len(lines); {
		if lines[i].op == ' ' {
			i++
			continue
		}
		start := max(0, i-ctx)
		end := i
		for j := i; j < len(lines); j++ {
			if lines[j].op != ' ' {
				end = j
			} else if j-end > 2*ctx {
				break
			}
		}
		end = min(len(lines), end+ctx+1)
		na, nb := 0, 0
		for _, l := range lines[start:end] {
			if l.op != '+' {
				na++
			}
			if l.op != '-' {
				nb++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", lines[start].ai+1, na, lines[start].bi+1, nb)
		for _, l := range lines[start:end] {
			out.WriteByte(l.op)
			out.WriteString(l.text)
			if !strings.HasSuffix(l.text, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = end
	}
	return out.String()
}

func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:i+1]))
		b = b[i+1:]
	}
	return out
}

// lineOps returns the edit script from a to b (' ' keep, '-' delete, '+'
// insert) of a longest common subsequence.
func lineOps(a, b []string) []byte {
	n, m := len(a), len(b)
	if n*m > 4<<20 { // too large to compare line by line: replace all
		ops := slices.Repeat([]byte{'-'}, n)
		return append(ops, slices.Repeat([]byte{'+'}, m)...)
	}
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []byte
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, ' ')
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, '-')
			i++
		default:
			ops = append(ops, '+')
			j++
		}
	}
	ops = append(ops, slices.Repeat([]byte{'-'}, n-i)...)
	return append(ops, slices.Repeat([]byte{'+'}, m-j)...)
}
