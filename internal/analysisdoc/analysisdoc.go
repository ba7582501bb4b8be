// Package analysisdoc extracts and checks the documentation of a heaplint
// check from its doc.go, the one place where a check's prose lives.
//
// doc.go's package comment holds a section per analyzer:
//
//	# Analyzer NAME
//
//	NAME: title, a lowercase verb phrase
//
//	Rationale paragraphs.
//
//	Bad:
//
//		code
//
//	Good:
//
//		code
//
//	Cost: measured figures.
//
//	Fix: offered or not, and when.
//
//	Limitations: known misses. (optional)
//
// The section ends at the next "# " heading or at the end of the comment.
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Doc is one analyzer's documentation, split into its parts.
type Doc struct {
	Name        string
	Title       string // the text after "NAME: " on the section's first line
	Rationale   string // the paragraphs between the title and "Bad:"
	Bad, Good   string // example code, unindented
	Cost        string // the text after "Cost: "
	Fix         string // the text after "Fix: "
	Limitations string // the text after "Limitations: ", if any
	Body        string // the whole section after the title line, as written
}

// AnalyzerDoc returns the value for analysis.Analyzer.Doc: the title, a blank
// line and the rest of the section, the shape go/analysis tools expect.
func (d *Doc) AnalyzerDoc() string {
	return d.Title + "\n\n" + d.Body
}

// Must parses the section for name in the doc.go source src and returns its
// Analyzer.Doc text. It panics on a malformed doc.go: the meta-tests run it
// for every check, so a bad doc fails the build's tests, not a user's run.
//
// Must runs in every process that builds the analyzers (go vet starts one
// per package), so it only cuts the section out; Parse's checks of its
// parts are the meta-tests' job.
func Must(src, name string) string {
	section, err := sectionOf(src, name)
	if err != nil {
		panic(err)
	}
	d, err := titled(name, section)
	if err != nil {
		panic(err)
	}
	return d.AnalyzerDoc()
}

// Parse finds the "# Analyzer name" section in the package comment of the
// Go source src and splits it into its parts. It reports the first part
// that is missing or malformed.
func Parse(src, name string) (*Doc, error) {
	section, err := sectionOf(src, name)
	if err != nil {
		return nil, err
	}
	return split(name, section)
}

// sectionOf returns the "# Analyzer name" section of src's package comment.
func sectionOf(src, name string) (string, error) {
	text, ok := lineComment(src)
	if !ok {
		f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			return "", fmt.Errorf("doc.go: %v", err)
		}
		if f.Doc == nil {
			return "", fmt.Errorf("doc.go: no package comment")
		}
		text = f.Doc.Text()
	}
	section, ok := findSection(text, name)
	if !ok {
		return "", fmt.Errorf("doc.go: no %q heading", "# Analyzer "+name)
	}
	return section, nil
}

// lineComment returns the text of src's package comment, as
// ast.CommentGroup.Text gives it, when it has the usual form of a doc.go: a
// block of "//" lines directly above the package clause, the file starting
// with comments and blank lines only. ok is false for any other form, and
// the caller falls back to go/parser, which costs a millisecond per doc.go
// (it tokenizes every comment).
func lineComment(src string) (text string, ok bool) {
	var group []string // the current run of // lines
	for rest := src; rest != ""; {
		line, tail, _ := strings.Cut(rest, "\n")
		rest = tail
		line = strings.TrimRight(line, " \t\r")
		switch {
		case strings.HasPrefix(line, "//"):
			group = append(group, line[2:])
		case line == "":
			group = group[:0]
		case strings.HasPrefix(line, "package ") && len(group) > 0:
			return commentText(group)
		default:
			return "", false
		}
	}
	return "", false
}

// commentText is ast.CommentGroup.Text for the bodies of // comments: one
// leading space removed, leading blank lines removed, interior runs of
// blank lines collapsed to one, and a final newline. ok is false when a
// body is a directive ("go:build x"), which Text leaves out: go/parser
// handles those files.
func commentText(comments []string) (text string, ok bool) {
	lines := make([]string, 0, len(comments)+1)
	for _, c := range comments {
		if c != "" && c[0] != ' ' && mayBeDirective(c) {
			return "", false
		}
		lines = append(lines, strings.TrimPrefix(c, " "))
	}
	n := 0
	for _, line := range lines {
		if line != "" || n > 0 && lines[n-1] != "" {
			lines[n] = line
			n++
		}
	}
	lines = lines[:n]
	if n > 0 && lines[n-1] != "" {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n"), true
}

// mayBeDirective reports whether a // comment's body could be one of the
// directives go/ast's CommentGroup.Text drops: "line ", "extern ",
// "export ", or [a-z0-9]+:[a-z0-9]. A body starting with a tab (a code
// line) or a space never is.
func mayBeDirective(c string) bool {
	return c[0] != '\t' && strings.Contains(c, ":") || strings.HasPrefix(c, "line ") ||
		strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ")
}

// findSection returns the lines of the "# Analyzer name" section, without
// the heading, trimmed of blank lines at either end.
func findSection(text, name string) (string, bool) {
	var out []string
	in := false
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(line, "# ") {
			if in {
				break
			}
			in = strings.TrimSpace(line) == "# Analyzer "+name
			continue
		}
		if in {
			out = append(out, line)
		}
	}
	if !in && out == nil {
		return "", false
	}
	return strings.TrimSpace(strings.Join(out, "\n")), true
}

// titled cuts a section into its title line ("name: title") and body.
func titled(name, section string) (*Doc, error) {
	title, body, _ := strings.Cut(section, "\n")
	prefix := name + ": "
	if !strings.HasPrefix(title, prefix) {
		return nil, fmt.Errorf("%s: the section must start with %q", name, prefix+"title")
	}
	return &Doc{Name: name, Title: strings.TrimPrefix(title, prefix), Body: strings.TrimSpace(body)}, nil
}

func split(name, section string) (*Doc, error) {
	d, err := titled(name, section)
	if err != nil {
		return nil, err
	}
	if err := checkTitle(d.Title); err != nil {
		return nil, fmt.Errorf("%s: title %q: %v", name, d.Title, err)
	}
	paras := paragraphs(d.Body)
	var rationale []string
	for i := 0; i < len(paras); i++ {
		p := paras[i]
		switch {
		case p == "Bad:" || p == "Good:":
			if i+1 >= len(paras) || !isCode(paras[i+1]) {
				return nil, fmt.Errorf("%s: %q must be followed by an indented code block", name, p)
			}
			code := unindent(paras[i+1])
			if p == "Bad:" {
				d.Bad = code
			} else {
				d.Good = code
			}
			i++
		case strings.HasPrefix(p, "Cost: "):
			d.Cost = strings.TrimPrefix(p, "Cost: ")
		case strings.HasPrefix(p, "Fix: "):
			d.Fix = strings.TrimPrefix(p, "Fix: ")
		case strings.HasPrefix(p, "Limitations: "):
			d.Limitations = strings.TrimPrefix(p, "Limitations: ")
		case d.Bad == "":
			rationale = append(rationale, p)
		}
	}
	d.Rationale = strings.Join(rationale, "\n\n")
	for _, part := range []struct{ label, text string }{
		{"rationale", d.Rationale}, {"Bad:", d.Bad}, {"Good:", d.Good}, {"Cost:", d.Cost}, {"Fix:", d.Fix},
	} {
		if part.text == "" {
			return nil, fmt.Errorf("%s: doc has no %s", name, part.label)
		}
	}
	return d, nil
}

// checkTitle enforces the go/analysis title convention: a short lowercase
// phrase with no final period.
func checkTitle(title string) error {
	switch {
	case title == "":
		return fmt.Errorf("empty")
	case len(title) > 60:
		return fmt.Errorf("longer than 60 characters")
	case strings.HasSuffix(title, "."):
		return fmt.Errorf("ends with a period")
	case title[0] >= 'A' && title[0] <= 'Z':
		return fmt.Errorf("starts with a capital letter")
	}
	return nil
}

// paragraphs splits text at blank lines. Code blocks (tab-indented lines)
// that contain blank lines stay one paragraph.
func paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = cur[:0]
		}
	}
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			// A blank line inside a code block: keep it if code follows.
			if len(cur) > 0 && isCode(cur[0]) && i+1 < len(lines) && isCode(lines[i+1]) {
				cur = append(cur, "")
				continue
			}
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

func isCode(p string) bool { return strings.HasPrefix(p, "\t") }

func unindent(p string) string {
	lines := strings.Split(p, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimPrefix(l, "\t")
	}
	return strings.Join(lines, "\n")
}
