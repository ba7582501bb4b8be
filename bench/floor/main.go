// Command floor is the benchmark's floor: the same driver heaplint uses,
// loading, type-checking and building SSA for every package, with one
// analyzer that does nothing else. heaplint's cost is measured against it.
//
// As a vet tool (go vet -vettool=floor) it is the floor of heaplint's vet
// engine; as `floor -export packages...` that of its export engine
// (internal/engine, with the cache $HEAPLINT_CACHE names, and the same
// memory limit).
package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/heaplint/heaplint/internal/engine"
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
	if len(os.Args) > 1 && os.Args[1] == "-export" {
		exportFloor(os.Args[2:])
		return
	}
	// A flag whose value changes per benchmark run, so that go vet's
	// result cache does not answer for a cold run.
	flag.String("nonce", "", "ignored; busts go vet's cache")
	// The same driver as heaplint's: facts-only calls run only ctrlflow.
	vetdriver.RunFactsOnly(os.Args[1:], []*analysis.Analyzer{noop})
	multichecker.Main(noop)
}

// exportFloor analyzes the packages as heaplint -engine=export does, with
// the analyzer that only builds SSA.
func exportFloor(patterns []string) {
	e, err := engine.New(engine.Options{Analyzers: []*analysis.Analyzer{noop}, CacheDir: engine.DefaultCacheDir()})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	defer engine.LimitMemory()()
	req := engine.Request{Dir: dir, Patterns: patterns, Tests: true, InsteadOfPackage: true, StopOnLoadErrors: true}
	if _, _, err := e.Analyze(context.Background(), req); err != nil {
		log.Fatal(err)
	}
}
