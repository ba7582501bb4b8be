package example

import (
	"io"
	"strings"
)

// underline writes each title with a rule of dashes under it: the rule and
// the line are new strings on every title, made inside strings.Repeat and
// the concatenation, which no pattern check knows. With a heap profile
// (heaplint.yml names heapsite.pprof, recorded from BenchmarkUnderline)
// heapsite reports the heavy line.
func underline(w io.Writer, titles []string) {
	for _, t := range titles {
		io.WriteString(w, t+"\n"+strings.Repeat("-", len(t))+"\n")
	}
}

// rule is a newline and a rule long enough for most titles, made once.
var rule = []byte("\n" + strings.Repeat("-", 80))

// underlineReused writes the same bytes in pieces, slicing one rule.
func underlineReused(w io.Writer, titles []string) {
	for _, t := range titles {
		if len(t) >= len(rule) {
			underline(w, []string{t}) // a title too long for the rule
			continue
		}
		io.WriteString(w, t)
		w.Write(rule[:1+len(t)])
		io.WriteString(w, "\n")
	}
}
