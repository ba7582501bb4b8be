package vetdriver

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
)

type fact struct{}

func (*fact) AFact() {}

func TestFactAnalyzers(t *testing.T) {
	withFacts := &analysis.Analyzer{Name: "withfacts", FactTypes: []analysis.Fact{new(fact)}}
	check := &analysis.Analyzer{Name: "check", Requires: []*analysis.Analyzer{buildssa.Analyzer}}
	other := &analysis.Analyzer{Name: "other", Requires: []*analysis.Analyzer{buildssa.Analyzer, withFacts}}
	got := FactAnalyzers([]*analysis.Analyzer{check, other})
	if len(got) != 2 || got[0] != ctrlflow.Analyzer || got[1] != withFacts {
		var names []string
		for _, a := range got {
			names = append(names, a.Name)
		}
		t.Errorf("FactAnalyzers = %v, want [ctrlflow withfacts]", names)
	}
}

func TestRunFactsOnlyReturnsForOtherCalls(t *testing.T) {
	// None of these is a facts-only call: each must return, not exit.
	RunFactsOnly(nil, nil)
	RunFactsOnly([]string{"./..."}, nil)
	RunFactsOnly([]string{"/no/such/vet.cfg"}, nil)
}
