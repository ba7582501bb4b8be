// Package baseline records a run's findings so that later runs report only
// new ones: heaplint -write-baseline FILE, then heaplint -baseline FILE.
//
// A finding's fingerprint holds no line or column, so it survives edits
// elsewhere in the file: it is a hash of the check, the file (relative to
// the baseline file's directory), the function the finding is in (found by
// parsing the file), the stable part of the message (without a profile's
// weight or the words saying how hot the spot is, which change with the
// code around it), and an occurrence index that tells apart findings equal
// in all of those.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Finding is what a fingerprint is computed from.
type Finding struct {
	Check   string
	File    string // absolute
	Line    int
	Message string
}

// Entry is one recorded finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Check       string `json:"check"`
	File        string `json:"file"`
	Function    string `json:"function,omitempty"`
	Message     string `json:"message"`
}

// File is a baseline file's contents.
type File struct {
	Version  int     `json:"heaplint-baseline"`
	Findings []Entry `json:"findings"`
}

const version = 1

// Fingerprinter computes fingerprints relative to one directory, parsing
// each source file once.
type Fingerprinter struct {
	dir   string
	funcs map[string][]funcSpan // file → its functions
}

type funcSpan struct {
	name       string
	start, end int // lines
}

// NewFingerprinter returns a Fingerprinter for a baseline file in dir.
func NewFingerprinter(dir string) *Fingerprinter {
	return &Fingerprinter{dir: dir, funcs: map[string][]funcSpan{}}
}

// Entries returns an entry for each finding, in the same order. Findings
// must be given in a stable order (by position): it decides the occurrence
// index among findings that agree in everything else.
func (fp *Fingerprinter) Entries(findings []Finding) []Entry {
	seen := map[string]int{}
	out := make([]Entry, len(findings))
	for i, f := range findings {
		e := Entry{
			Check:    f.Check,
			File:     fp.rel(f.File),
			Function: fp.function(f.File, f.Line),
			Message:  StableMessage(f.Message),
		}
		key := strings.Join([]string{e.Check, e.File, e.Function, e.Message}, "\x00")
		n := seen[key]
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(n)))
		e.Fingerprint = hex.EncodeToString(sum[:12])
		out[i] = e
	}
	return out
}

func (fp *Fingerprinter) rel(file string) string {
	if rel, err := filepath.Rel(fp.dir, file); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(file)
}

// function names the function declaration around line of file ("F",
// "T.M"; "" at package level or when the file cannot be parsed). A
// function literal counts as part of the declaration it is in.
func (fp *Fingerprinter) function(file string, line int) string {
	spans, ok := fp.funcs[file]
	if !ok {
		spans = parseFuncs(file)
		fp.funcs[file] = spans
	}
	for _, s := range spans {
		if s.start <= line && line <= s.end {
			return s.name
		}
	}
	return ""
}

func parseFuncs(file string) []funcSpan {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil && f == nil {
		return nil
	}
	var spans []funcSpan
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			name = receiverName(fd.Recv.List[0].Type) + "." + name
		}
		spans = append(spans, funcSpan{name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
	}
	return spans
}

// receiverName returns T for T, *T, T[P] and *T[P].
func receiverName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

var (
	// A profile's weight at the end of a message, e.g. " (1.2 GB in 3.4M
	// allocations, 31% of the profile's allocation)" or " (8% of CPU samples)".
	weightRE = regexp.MustCompile(` \([^()]*\b(allocations?|samples?|profile's)\b[^()]*\)$`)
	// Words saying how hot the spot is, which depend on the code around it.
	// ("on each call, and F calls it in a loop" names a caller, which moves).
	hotnessRE = regexp.MustCompile(`,? (on each iteration( of \d+ nested loops)?|on each call|inside a loop|inside \d+ nested loops|in a loop)\b(, and [^,:;]+ calls? it in a loop)?`)
)

// StableMessage is the part of a message that a fingerprint keeps: without
// a trailing profile weight and without the hotness words.
func StableMessage(msg string) string {
	msg = weightRE.ReplaceAllString(msg, "")
	return hotnessRE.ReplaceAllString(msg, "")
}

// Read reads a baseline file.
func Read(name string) (*File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a heaplint baseline: %v", name, err)
	}
	if f.Version != version {
		return nil, fmt.Errorf("%s: not a heaplint baseline of version %d (heaplint-baseline: %d)", name, version, f.Version)
	}
	return &f, nil
}

// Write writes entries to name, sorted so that the file changes little
// from one run to the next and reads well in a review.
func Write(name string, entries []Entry) error {
	entries = slices.Clone(entries)
	slices.SortFunc(entries, func(a, b Entry) int {
		return strings.Compare(
			strings.Join([]string{a.File, a.Function, a.Check, a.Message, a.Fingerprint}, "\x00"),
			strings.Join([]string{b.File, b.Function, b.Check, b.Message, b.Fingerprint}, "\x00"))
	})
	if entries == nil {
		entries = []Entry{}
	}
	data, err := json.MarshalIndent(File{Version: version, Findings: entries}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}

// Match splits entries into the new ones (not in the baseline) and counts
// the baseline's entries that none of them matched.
func (f *File) Match(entries []Entry) (isNew []bool, unmatched int) {
	known := map[string]int{}
	for _, e := range f.Findings {
		known[e.Fingerprint]++
	}
	isNew = make([]bool, len(entries))
	for i, e := range entries {
		if known[e.Fingerprint] > 0 {
			known[e.Fingerprint]--
			continue
		}
		isNew[i] = true
	}
	for _, n := range known {
		unmatched += n
	}
	return isNew, unmatched
}
