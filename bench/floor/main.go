// Command floor is the benchmark's floor: the same driver heaplint uses,
// loading, type-checking and building SSA for every package, with one
// analyzer that does nothing else. heaplint's cost is measured against it.
package main

import (
	"flag"
	"os"

	"github.com/heaplint/heaplint/internal/vetdriver"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

var noop = &analysis.Analyzer{
	Name:     "ssaonly",
	Doc:      "build SSA and report nothing",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run:      func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() {
	// A flag whose value changes per benchmark run, so that go vet's
	// result cache does not answer for a cold run.
	flag.String("nonce", "", "ignored; busts go vet's cache")
	// The same driver as heaplint's: facts-only calls run only ctrlflow.
	vetdriver.RunFactsOnly(os.Args[1:], []*analysis.Analyzer{noop})
	multichecker.Main(noop)
}
