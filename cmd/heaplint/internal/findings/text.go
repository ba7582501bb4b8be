package findings

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Paths shortens file names for display: relative to Dir when the file is
// inside it, else as they are.
type Paths struct{ Dir string }

// Show returns file relative to p.Dir, with forward slashes, when it is
// inside it; else file unchanged.
func (p Paths) Show(file string) string {
	if p.Dir != "" {
		if rel, err := filepath.Rel(p.Dir, file); err == nil && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return file
}

func (p Paths) posn(pos Position) string {
	return fmt.Sprintf("%s:%d:%d", p.Show(pos.File), pos.Line, pos.Col)
}

// WriteText prints each finding as "file:line:col: check: message", the
// form golangci-lint and compilers use. Related information follows on
// indented lines that end with their position in parentheses, so that no
// tool reading "file:line:col: message" takes them for findings; with
// related set, they are printed as findings of their own instead
// ("file:line:col: check(related): message"), for editors that jump to
// every position.
func WriteText(w io.Writer, r *Result, paths Paths, related bool) error {
	var b strings.Builder
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "%s: %s: %s\n", paths.posn(f.Pos), f.Check, f.Message)
		for _, rel := range f.Related {
			if related {
				fmt.Fprintf(&b, "%s: %s(related): %s\n", paths.posn(rel.Pos), f.Check, rel.Message)
			} else {
				fmt.Fprintf(&b, "    related: %s (%s)\n", rel.Message, paths.posn(rel.Pos))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteGitHub prints each finding as a GitHub Actions workflow command,
// which the runner turns into an annotation on the file and line:
//
//	::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=heaplint CHECK::message
//
// Related information is appended to the message on lines of its own.
func WriteGitHub(w io.Writer, r *Result, paths Paths) error {
	var b strings.Builder
	for _, f := range r.Findings {
		msg := f.Message
		for _, rel := range f.Related {
			msg += "\nrelated: " + rel.Message + " (" + paths.posn(rel.Pos) + ")"
		}
		fmt.Fprintf(&b, "::warning file=%s,line=%d,col=%d", ghProperty(paths.Show(f.Pos.File)), f.Pos.Line, f.Pos.Col)
		if f.End.Line > 0 && f.End.File == f.Pos.File {
			fmt.Fprintf(&b, ",endLine=%d,endColumn=%d", f.End.Line, f.End.Col)
		}
		fmt.Fprintf(&b, ",title=%s::%s\n", ghProperty("heaplint "+f.Check), ghData(msg))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message (the runner's escapeData).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value (escapeProperty).
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Summary is the line heaplint prints on stderr after the findings.
type Summary struct {
	Beyond     int // findings left out by -top
	Baselined  int // findings left out because the baseline has them
	Unmatched  int // baseline entries no finding matched (fixed since)
	Failed     int // packages that could not be analyzed
	HasFailure bool
}

// Write prints "heaplint: N findings (check n, ...)" and what else the run
// should tell: findings in the baseline, packages not analyzed.
func (s Summary) Write(w io.Writer, r *Result, baseline bool) {
	counts, names := r.Counts()
	var b strings.Builder
	b.WriteString("heaplint: ")
	noun := "finding"
	if baseline {
		noun = "new finding"
	}
	switch n := len(r.Findings); n {
	case 0:
		fmt.Fprintf(&b, "no %ss", noun)
	case 1:
		fmt.Fprintf(&b, "1 %s", noun)
	default:
		fmt.Fprintf(&b, "%d %ss", n, noun)
	}
	if len(names) > 0 {
		parts := make([]string, len(names))
		for i, name := range names {
			parts[i] = fmt.Sprintf("%s %d", name, counts[name])
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if s.Beyond > 0 {
		fmt.Fprintf(&b, "; %d more beyond -top", s.Beyond)
	}
	if share := r.weight(); share > 0 {
		fmt.Fprintf(&b, "; their lines weigh %s of the profile", percent(share))
	}
	if baseline {
		fmt.Fprintf(&b, "; %d in the baseline", s.Baselined)
		if s.Unmatched > 0 {
			fmt.Fprintf(&b, ", %d baseline entries no longer found", s.Unmatched)
		}
	}
	switch {
	case s.Failed == 1:
		b.WriteString("; 1 package could not be analyzed (see above)")
	case s.Failed > 1:
		fmt.Fprintf(&b, "; %d packages could not be analyzed (see above)", s.Failed)
	case s.HasFailure:
		b.WriteString("; some packages could not be analyzed (see above)")
	}
	b.WriteString("\n")
	io.WriteString(w, b.String())
}
