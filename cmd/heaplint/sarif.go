package main

import (
	"bufio"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint/internal/findings"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/sarif"
	"github.com/heaplint/heaplint/internal/suppress"
)

// writeSARIF writes the findings as a SARIF 2.1.0 log: one rule per check
// (its doc title and text, and the URL of its documentation), one result
// per finding with its related positions, baseline fingerprint and fix.
func writeSARIF(w io.Writer, res *findings.Result, paths findings.Paths, s findings.Summary) error {
	rules, index := sarifRules()
	cols := columnConverter{lines: map[string][]string{}}
	loc := func(p, end findings.Position, msg string) sarif.Location {
		l := sarif.Location{PhysicalLocation: sarif.PhysicalLocation{
			ArtifactLocation: artifact(paths, p.File),
			Region:           cols.region(p, end),
		}}
		if msg != "" {
			l.Message = &sarif.Message{Text: msg}
		}
		return l
	}
	entries := fingerprints(res.Findings, paths.Dir)
	results := []sarif.Result{}
	for i, f := range res.Findings {
		r := sarif.Result{
			RuleID:              f.Check,
			RuleIndex:           index[f.Check],
			Level:               "warning",
			Message:             sarif.Message{Text: f.Message},
			Locations:           []sarif.Location{loc(f.Pos, f.End, "")},
			PartialFingerprints: map[string]string{"heaplint/v1": entries[i].Fingerprint},
		}
		for j, rel := range f.Related {
			l := loc(rel.Pos, rel.End, rel.Message)
			id := j + 1
			l.ID = &id
			r.RelatedLocations = append(r.RelatedLocations, l)
		}
		for _, fx := range f.Fixes {
			byFile := map[string]*sarif.ArtifactChange{}
			var order []string
			for _, e := range fx.Edits {
				c := byFile[e.File]
				if c == nil {
					c = &sarif.ArtifactChange{ArtifactLocation: artifact(paths, e.File)}
					byFile[e.File] = c
					order = append(order, e.File)
				}
				off, n := e.Start, e.End-e.Start
				c.Replacements = append(c.Replacements, sarif.Replacement{
					DeletedRegion:   sarif.Region{ByteOffset: &off, ByteLength: &n},
					InsertedContent: &sarif.Content{Text: e.New},
				})
			}
			sf := sarif.Fix{Description: &sarif.Message{Text: fx.Message}}
			for _, file := range order {
				sf.ArtifactChanges = append(sf.ArtifactChanges, *byFile[file])
			}
			r.Fixes = append(r.Fixes, sf)
		}
		results = append(results, r)
	}
	run := sarif.Run{
		Tool: sarif.Tool{Driver: sarif.Driver{
			Name:           "heaplint",
			Version:        version(),
			InformationURI: "https://github.com/heaplint/heaplint",
			Rules:          rules,
		}},
		OriginalURIBaseIDs: map[string]sarif.ArtifactLocation{sarif.SrcRoot: {URI: dirURI(paths.Dir)}},
		Results:            results,
		ColumnKind:         "utf16CodeUnits",
	}
	inv := sarif.Invocation{ExecutionSuccessful: !s.HasFailure && s.Failed == 0}
	for _, e := range res.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarif.Notification{
			Level: "error", Message: sarif.Message{Text: e.Package + ": " + e.Check + ": " + e.Err},
		})
	}
	run.Invocations = []sarif.Invocation{inv}
	return sarif.Write(w, &sarif.Log{Schema: sarif.Schema, Version: sarif.Version, Runs: []sarif.Run{run}})
}

// sarifRules describes every check (and the directives check) as a rule,
// and returns each rule's index by name.
func sarifRules() ([]sarif.Rule, map[string]int) {
	var rules []sarif.Rule
	index := map[string]int{}
	add := func(name, doc, url string, on bool) {
		title, body, _ := strings.Cut(doc, "\n\n")
		rationale, _, _ := strings.Cut(body, "\nBad:\n")
		index[name] = len(rules)
		rules = append(rules, sarif.Rule{
			ID:                   name,
			Name:                 name,
			ShortDescription:     &sarif.Message{Text: title},
			FullDescription:      &sarif.Message{Text: strings.TrimSpace(rationale)},
			Help:                 &sarif.Message{Text: strings.TrimSpace(body), Markdown: docMarkdown(body)},
			HelpURI:              url,
			DefaultConfiguration: &sarif.Configuration{Enabled: on, Level: "warning"},
			Properties:           &sarif.Properties{Tags: []string{"performance", "allocation"}},
		})
	}
	for _, e := range analyzer.Checks() {
		add(e.Info.Name, e.New().Doc, report.URL(e.Info.Name), e.Info.Default)
	}
	d := suppress.NewDirectives(suppress.DirectivesConfig{})
	add(d.Name, d.Doc, d.URL, true)
	return rules, index
}

// docMarkdown renders a doc body: tab-indented paragraphs are Go code.
func docMarkdown(body string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(body), "\n\n") {
		if strings.HasPrefix(p, "\t") {
			b.WriteString("```go\n")
			for line := range strings.SplitSeq(p, "\n") {
				b.WriteString(strings.TrimPrefix(line, "\t") + "\n")
			}
			b.WriteString("```\n\n")
			continue
		}
		b.WriteString(p + "\n\n")
	}
	return strings.TrimSpace(b.String())
}

// artifact names file relative to the run's directory (%SRCROOT%) when it
// is inside it, else by an absolute file URI.
func artifact(paths findings.Paths, file string) sarif.ArtifactLocation {
	if shown := paths.Show(file); shown != file || !filepath.IsAbs(file) {
		return sarif.ArtifactLocation{URI: (&url.URL{Path: shown}).EscapedPath(), URIBaseID: sarif.SrcRoot}
	}
	return sarif.ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}
}

func dirURI(dir string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
}

// columnConverter turns go/token's byte columns into the UTF-16 code units
// SARIF counts by default, reading each file once.
type columnConverter struct {
	lines map[string][]string
}

func (c columnConverter) region(p, end findings.Position) *sarif.Region {
	if p.Line <= 0 {
		return nil
	}
	r := &sarif.Region{StartLine: p.Line, StartColumn: c.column(p)}
	if end.File == p.File && end.Line > 0 && (end.Line > p.Line || end.Col > p.Col) {
		r.EndLine, r.EndColumn = end.Line, c.column(end)
	}
	return r
}

func (c columnConverter) column(p findings.Position) int {
	lines, ok := c.lines[p.File]
	if !ok {
		if f, err := os.Open(p.File); err == nil {
			sc := bufio.NewScanner(f)
			sc.Buffer(nil, 1<<24)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			f.Close()
		}
		c.lines[p.File] = lines
	}
	if p.Line > len(lines) || p.Col <= 1 {
		return max(p.Col, 1)
	}
	prefix := lines[p.Line-1][:min(p.Col-1, len(lines[p.Line-1]))]
	n := 0
	for _, r := range prefix {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n + 1 + max(0, p.Col-1-len(prefix))
}
