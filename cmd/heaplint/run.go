package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint/internal/findings"
	"github.com/heaplint/heaplint/cmd/heaplint/internal/fix"
	"github.com/heaplint/heaplint/internal/baseline"
)

// Exit codes.
const (
	exitClean    = 0 // no findings
	exitFindings = 1 // findings
	exitUsage    = 2 // bad usage or settings; nothing was analyzed
	exitFailed   = 3 // packages that could not be loaded, type-checked or analyzed
)

// runCLI runs heaplint's command line and returns its exit code.
func runCLI(args []string, stdout, stderr io.Writer) int {
	o := &options{set: map[string]bool{}}
	fs := newFlagSet(o)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, fs)
			return exitClean
		}
		fmt.Fprintf(stderr, "heaplint: %v\n%s", err, shortUsage)
		return exitUsage
	}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	o.args = fs.Args()
	switch {
	case o.version:
		printVersion(stdout)
		return exitClean
	case len(o.args) > 0 && o.args[0] == "help":
		return help(o.args[1:], fs, stdout, stderr)
	case len(o.args) == 0:
		fmt.Fprintf(stderr, "heaplint: no packages named\n%s", shortUsage)
		return exitUsage
	}
	r, err := prepare(o, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "heaplint: %v\n", err)
		return exitUsage
	}
	return r.run(stdout, stderr)
}

func help(args []string, fs *flag.FlagSet, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		printHelp(stdout, fs)
	case len(args) == 1 && helpCheck(stdout, fs, args[0]):
	default:
		fmt.Fprintf(stderr, "heaplint: help %s: no such check (checks: %s)\n", strings.Join(args, " "), strings.Join(analyzer.Names(), ", "))
		return exitUsage
	}
	return exitClean
}

// runner is a validated command line, ready to analyze.
type runner struct {
	o        *options
	cfg      analyzer.Config
	baseline *baseline.File
	wd       string
	profile  *runProfile // nil without one
}

// prepare checks everything that can be checked before analysis: flag
// values, the settings (with the config file's messages), the baseline
// file. Any error here is a usage error.
func prepare(o *options, stderr io.Writer) (*runner, error) {
	if o.json {
		if o.set["format"] && o.format != formatJSON {
			return nil, fmt.Errorf("-json and -format %s: choose one", o.format)
		}
		o.format = formatJSON
	}
	if !slices.Contains(formats, o.format) {
		return nil, fmt.Errorf("-format %q: want one of %s", o.format, strings.Join(formats, ", "))
	}
	if !slices.Contains(engines, o.engine) {
		return nil, fmt.Errorf("-engine %q: want one of %s", o.engine, strings.Join(engines, ", "))
	}
	if o.pgo != pgoAuto && o.pgo != pgoOff {
		return nil, fmt.Errorf("-pgo %q: want %s or %s", o.pgo, pgoAuto, pgoOff)
	}
	if o.top < 0 {
		return nil, fmt.Errorf("-top %d: want a number of findings, 0 for all", o.top)
	}
	if o.diff && !o.fix {
		o.fix = true // -diff alone previews the fixes
	}
	if o.fix && o.writeBaseline != "" {
		return nil, errors.New("-fix and -write-baseline: record the baseline first, or fix first")
	}
	if o.dir != "" {
		if err := os.Chdir(o.dir); err != nil {
			return nil, fmt.Errorf("-C: %v", err)
		}
	}
	r := &runner{o: o}
	var err error
	if r.wd, err = os.Getwd(); err != nil {
		return nil, err
	}
	if o.config != "" {
		if r.cfg, err = loadConfig(o.config); err != nil {
			return nil, err
		}
	}
	if err := o.applyFlags(&r.cfg); err != nil {
		return nil, err
	}
	if r.profile, err = readProfile(&r.cfg, o.pgo, o.args, stderr); err != nil {
		return nil, err
	}
	if r.profile != nil {
		r.cfg.UseProfile(r.profile.set)
	}
	if _, err := analyzer.Analyzers(r.cfg); err != nil {
		if o.config != "" {
			return nil, fmt.Errorf("%s with the flags given: %v", o.config, err)
		}
		return nil, err
	}
	if o.baseline != "" {
		if r.baseline, err = baseline.Read(o.baseline); err != nil {
			return nil, fmt.Errorf("-baseline: %v", err)
		}
	}
	return r, nil
}

// run analyzes, then reports in the chosen format, and returns the exit code.
func (r *runner) run(stdout, stderr io.Writer) int {
	var tree bytes.Buffer
	var status engineStatus
	var err error
	switch r.o.engine {
	case engineInProcess:
		status, err = runInProcess(r.cfg, r.o.args, &tree, stderr)
	case engineExport:
		settings := ""
		if r.profile != nil {
			if settings, err = r.profile.key(); err != nil {
				fmt.Fprintf(stderr, "heaplint: profile: %v\n", err)
				return exitFailed
			}
		}
		status, err = runExport(r.cfg, settings, r.o.args, &tree, stderr)
	default:
		digests := ""
		if r.profile != nil {
			if digests, err = r.profile.writeDigests(); err != nil {
				fmt.Fprintf(stderr, "heaplint: profile: %v\n", err)
				return exitFailed
			}
		}
		status, err = runVet(r.cfg, digests, r.o.args, &tree, stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "heaplint: %v\n", err)
		return exitFailed
	}
	res, err := findings.Read(&tree)
	if err != nil {
		fmt.Fprintf(stderr, "heaplint: reading the analysis results: %v\n", err)
		return exitFailed
	}
	for _, e := range res.Errors {
		fmt.Fprintf(stderr, "heaplint: %s: %s failed: %s\n", e.Package, e.Check, e.Err)
	}
	summary := findings.Summary{Failed: status.failedPackages, HasFailure: status.failed || len(res.Errors) > 0}

	if err := r.applyBaseline(res, &summary, stderr); err != nil {
		fmt.Fprintf(stderr, "heaplint: %v\n", err)
		return exitFailed
	}
	if r.o.writeBaseline != "" && r.o.baseline == "" {
		summary.Write(stderr, res, false)
		return r.exit(summary, nil)
	}
	summary.Beyond = res.Top(r.o.top)
	if r.o.fix {
		left, err := r.applyFixes(res, stdout, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "heaplint: -fix: %v\n", err)
			return exitFailed
		}
		res.Findings = left
		if r.o.diff {
			summary.Write(stderr, res, r.o.baseline != "")
			return r.exit(summary, res)
		}
	}
	if err := r.write(stdout, res, summary); err != nil {
		fmt.Fprintf(stderr, "heaplint: %v\n", err)
		return exitFailed
	}
	summary.Write(stderr, res, r.o.baseline != "")
	return r.exit(summary, res)
}

func (r *runner) exit(s findings.Summary, res *findings.Result) int {
	switch {
	case s.HasFailure || s.Failed > 0:
		return exitFailed
	case res != nil && len(res.Findings) > 0:
		return exitFindings
	}
	return exitClean
}

// write prints the findings in the chosen format.
func (r *runner) write(w io.Writer, res *findings.Result, s findings.Summary) error {
	paths := findings.Paths{Dir: r.wd}
	switch r.o.format {
	case formatJSON:
		return res.WriteJSON(w)
	case formatSARIF:
		return writeSARIF(w, res, paths, s)
	case formatGitHub:
		return findings.WriteGitHub(w, res, paths)
	}
	return findings.WriteText(w, res, paths, r.o.related)
}

// applyBaseline records the findings (-write-baseline) and drops those the
// baseline holds (-baseline).
func (r *runner) applyBaseline(res *findings.Result, s *findings.Summary, stderr io.Writer) error {
	if r.o.writeBaseline != "" {
		entries := fingerprints(res.Findings, filepath.Dir(absPath(r.o.writeBaseline)))
		if err := baseline.Write(r.o.writeBaseline, entries); err != nil {
			return fmt.Errorf("-write-baseline: %v", err)
		}
		fmt.Fprintf(stderr, "heaplint: wrote %d findings to %s\n", len(entries), r.o.writeBaseline)
	}
	if r.baseline == nil {
		return nil
	}
	entries := fingerprints(res.Findings, filepath.Dir(absPath(r.o.baseline)))
	isNew, unmatched := r.baseline.Match(entries)
	keep := map[*findings.Finding]bool{}
	for i, f := range res.Findings {
		keep[f] = isNew[i]
	}
	before := len(res.Findings)
	res.Filter(func(f *findings.Finding) bool { return keep[f] })
	s.Baselined, s.Unmatched = before-len(res.Findings), unmatched
	return nil
}

// fingerprints computes the baseline entries of fs relative to dir. The
// occurrence index follows source order, whatever order the output uses.
func fingerprints(fs []*findings.Finding, dir string) []baseline.Entry {
	order := slices.Clone(fs)
	slices.SortStableFunc(order, findings.ComparePosition)
	in := make([]baseline.Finding, len(order))
	for i, f := range order {
		in[i] = baseline.Finding{Check: f.Check, File: f.Pos.File, Line: f.Pos.Line, Message: f.Message}
	}
	entries := baseline.NewFingerprinter(dir).Entries(in)
	byFinding := map[*findings.Finding]baseline.Entry{}
	for i, f := range order {
		byFinding[f] = entries[i]
	}
	out := make([]baseline.Entry, len(fs))
	for i, f := range fs {
		out[i] = byFinding[f]
	}
	return out
}

func absPath(name string) string {
	abs, err := filepath.Abs(name)
	if err != nil {
		return name
	}
	return abs
}

// applyFixes applies the first fix of each finding that has one, unless it
// overlaps a fix already taken, writes the files (or prints the diff with
// -diff), says what it did on stderr, and returns the findings left.
func (r *runner) applyFixes(res *findings.Result, stdout, stderr io.Writer) ([]*findings.Finding, error) {
	plan := fix.NewPlan()
	var left []*findings.Finding
	fixed, noFix, overlap := 0, 0, 0
	for _, f := range res.Findings {
		if len(f.Fixes) == 0 {
			noFix++
			left = append(left, f)
			continue
		}
		edits := fix.Fix{}
		for _, e := range f.Fixes[0].Edits {
			edits[e.File] = append(edits[e.File], fix.Edit{Start: e.Start, End: e.End, New: e.New})
		}
		if !plan.Add(edits) {
			overlap++
			left = append(left, f)
			continue
		}
		fixed++
	}
	results, err := plan.Apply()
	if err != nil {
		return nil, err
	}
	paths := findings.Paths{Dir: r.wd}
	if r.o.diff {
		for _, c := range results {
			io.WriteString(stdout, fix.Diff(paths.Show(c.File), c.Old, c.New))
		}
		fmt.Fprintf(stderr, "heaplint: the diff fixes %d findings in %d files (nothing written)\n", fixed, len(results))
		return res.Findings, nil
	}
	if err := fix.Write(results); err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "heaplint: fixed %d findings in %d files; left: %d without a fix", fixed, len(results), noFix)
	if overlap > 0 {
		fmt.Fprintf(stderr, ", %d whose fix overlaps another (run -fix again)", overlap)
	}
	fmt.Fprintln(stderr)
	return left, nil
}
