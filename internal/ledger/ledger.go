// Package ledger records, per package, the lines that heaplint's findings
// are about, so that the heapsite check, which runs after every other
// check, can tell the lines a profile shows heavy that no finding explains.
package ledger

import (
	"go/token"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Analyzer is a helper: it reports nothing and returns an empty *Ledger,
// in which report.Emit records the lines that each finding of the
// package's checks is about (its line and its Weigh lines), reported or
// not.
var Analyzer = &analysis.Analyzer{
	Name:       "heaplintledger",
	Doc:        "record the lines of each package's heaplint findings, for the heapsite check",
	URL:        "https://pkg.go.dev/github.com/heaplint/heaplint/internal/ledger",
	ResultType: reflect.TypeFor[*Ledger](),
	Run:        func(*analysis.Pass) (any, error) { return &Ledger{lines: map[fileLine]bool{}}, nil },
}

// Ledger is the set of lines a package's findings are about. Safe for
// concurrent use by checks running in parallel.
type Ledger struct {
	mu    sync.Mutex
	lines map[fileLine]bool
}

type fileLine struct {
	file string
	line int
}

// Has reports whether a finding is about pos's line.
func (l *Ledger) Has(fset *token.FileSet, pos token.Pos) bool {
	if l == nil {
		return false
	}
	p := fset.Position(pos)
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines[fileLine{p.Filename, p.Line}]
}

// Record notes the lines of positions, when pass's analyzer requires
// Analyzer (else it does nothing).
func Record(pass *analysis.Pass, positions ...token.Pos) {
	l, _ := pass.ResultOf[Analyzer].(*Ledger)
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range positions {
		if p.IsValid() {
			pos := pass.Fset.Position(p)
			l.lines[fileLine{pos.Filename, pos.Line}] = true
		}
	}
}
