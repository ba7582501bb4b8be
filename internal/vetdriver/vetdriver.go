// Package vetdriver holds what heaplint's drivers (the heaplint binary and
// the benchmark's floor) add to the go/analysis unitchecker when go vet
// runs them, one process per package.
//
// go vet also runs the tool on every dependency of the packages it vets,
// only to collect facts (VetxOnly). The unitchecker then runs every
// analyzer that declares facts or requires one that does; buildssa requires
// ctrlflow, which declares facts, so every SSA-based check would build SSA
// and run in full on every dependency, its findings thrown away (the
// unitchecker's own TODO says this logic is backwards, citing issue
// 443099). Analyzers
// that declare no facts produce nothing a dependent can use, so in
// VetxOnly mode only the fact-producing analyzers need to run.
package vetdriver

import (
	"encoding/json"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// RunFactsOnly checks whether args are go vet's call of the tool for a
// package's facts only (the last argument is a vet config file with
// VetxOnly set); if so it runs only the analyzers among analyzers (and
// their requirements) that declare facts, and exits. Otherwise it returns
// and the caller goes on as usual. The tool's flags do not matter in that
// mode: no fact-producing analyzer of heaplint has any.
func RunFactsOnly(args []string, analyzers []*analysis.Analyzer) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return
	}
	cfgFile := args[len(args)-1]
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return // let the unitchecker report it
	}
	var cfg struct{ VetxOnly bool }
	if json.Unmarshal(data, &cfg) != nil || !cfg.VetxOnly {
		return
	}
	unitchecker.Run(cfgFile, FactAnalyzers(analyzers))
}

// FactAnalyzers returns the analyzers reachable from analyzers through
// Requires that declare fact types, in a deterministic order (depth first,
// requirements before their users). The unitchecker adds their own
// requirements.
func FactAnalyzers(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		if len(a.FactTypes) > 0 {
			out = append(out, a)
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}
