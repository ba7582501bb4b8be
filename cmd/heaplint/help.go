package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/report"
)

const shortUsage = `usage: heaplint [flags] packages...
Run 'heaplint help' for the flags and checks, 'heaplint help CHECK' for a check.
`

// printHelp writes heaplint's help: what it does, its flags by topic, its
// checks with their settings, and its exit codes.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	b.WriteString(`heaplint finds Go code that makes the runtime allocate on the heap when it
need not, says why and how hot the spot is, and what to write instead.

Usage:
  heaplint [flags] packages...    analyze packages (patterns as for go build: ./..., std)
  heaplint help [CHECK]           this text, or a check's documentation
  go vet -vettool=$(command -v heaplint) [-config=/abs/file] packages...

`)
	section := func(title string, names ...string) {
		fmt.Fprintf(&b, "%s:\n", title)
		for _, name := range names {
			writeFlag(&b, fs.Lookup(name), "  ")
		}
		b.WriteString("\n")
	}
	section("Settings", "config", "loops-only", "tests", "cold", "no-remedy")
	section("Profiles (weigh, rank and filter findings)", "profile", "profile-unseen", "top", "pgo")
	section("Output (findings on stdout, a summary on stderr)", "format", "json", "related")
	section("Fixes", "fix", "diff")
	section("Baselines", "baseline", "write-baseline")
	section("Running", "C", "engine", "version")
	b.WriteString("Checks (-CHECK runs only the checks named so, -CHECK=false all but them;\n")
	b.WriteString("heaplint help CHECK for a check's documentation):\n")
	for _, e := range analyzer.Checks() {
		on := "on "
		if !e.Info.Default {
			on = "off"
		}
		fmt.Fprintf(&b, "  -%-14s %s  %s\n", e.Info.Name, on, title(e.New().Doc))
		e.New().Flags.VisitAll(func(f *flag.Flag) {
			writeFlag(&b, fs.Lookup(e.Info.Name+"."+f.Name), "      ")
		})
	}
	b.WriteString(`
Exit status:
  0  no findings
  1  findings (after -baseline; with -fix, findings left unfixed)
  2  bad usage or settings: nothing was analyzed
  3  packages that could not be loaded, type-checked or analyzed (findings
     in the others are still reported)
`)
	io.WriteString(w, b.String())
}

// writeFlag writes "-name value  usage (default x)".
func writeFlag(b *strings.Builder, f *flag.Flag, indent string) {
	if f == nil {
		return
	}
	name, usage := flag.UnquoteUsage(f)
	head := "-" + f.Name
	if name != "" {
		head += " " + name
	}
	if len(head) >= 22 {
		fmt.Fprintf(b, "%s%s\n%s%-22s %s", indent, head, indent, "", usage)
	} else {
		fmt.Fprintf(b, "%s%-22s %s", indent, head, usage)
	}
	if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
		fmt.Fprintf(b, " (default %s)", f.DefValue)
	}
	b.WriteString("\n")
}

// title is the first line of an analyzer's Doc.
func title(doc string) string {
	t, _, _ := strings.Cut(doc, "\n")
	return t
}

// helpCheck prints a check's documentation and flags, and reports whether
// name is a check.
func helpCheck(w io.Writer, fs *flag.FlagSet, name string) bool {
	e, ok := analyzer.Lookup(name)
	if !ok {
		return false
	}
	a := e.New()
	var b strings.Builder
	state := "on by default"
	if !e.Info.Default {
		state = "off by default: enable it with -" + name + " or enable: [" + name + "] in the settings"
	}
	fmt.Fprintf(&b, "%s: %s\n\n%s; since %s; fix: %s\n%s\n\n", name, title(a.Doc), state, e.Info.Since, e.Info.Fix, report.URL(name))
	_, body, _ := strings.Cut(a.Doc, "\n\n")
	b.WriteString(strings.TrimRight(body, "\n"))
	b.WriteString("\n\nFlags (in a settings file: the same names under " + name + ":):\n")
	writeFlag(&b, fs.Lookup(name), "  ")
	a.Flags.VisitAll(func(f *flag.Flag) {
		writeFlag(&b, fs.Lookup(name+"."+f.Name), "  ")
	})
	io.WriteString(w, b.String())
	return true
}
