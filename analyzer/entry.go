package analyzer

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/heaplint/heaplint/internal/checkinfo"
	"github.com/heaplint/heaplint/internal/ledger"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/suppress"
	"golang.org/x/tools/go/analysis"
)

// Entry is one check in the registry.
type Entry struct {
	Info  checkinfo.Info
	build func(scope report.Scope, settings json.RawMessage) (*analysis.Analyzer, error)
}

// New returns a fresh analyzer for the check with its documented defaults.
func (e Entry) New() *analysis.Analyzer {
	a, err := e.build(report.Scope{}, nil)
	if err != nil {
		panic(err) // defaults always decode; TestDefaults proves it
	}
	return a
}

// validator is implemented by a check's Config when some values are invalid.
type validator interface{ Validate() error }

// check makes a registry entry from a check's Info and its New(Config)
// constructor. C must embed report.Scope, so that the suite-wide scope
// settings apply to it; TestScope proves every check does.
func check[C any](info checkinfo.Info, newAnalyzer func(C) *analysis.Analyzer) Entry {
	return Entry{Info: info, build: func(scope report.Scope, settings json.RawMessage) (*analysis.Analyzer, error) {
		var cfg C
		// The suite-wide scope first, the check's own settings over it.
		if scope != (report.Scope{Weights: scope.Weights}) {
			common, _ := json.Marshal(scope)
			if err := decodeStrict(common, &cfg); err != nil {
				return nil, fmt.Errorf("check %s: %v", info.Name, err)
			}
		}
		if len(settings) > 0 {
			if err := decodeStrict(settings, &cfg); err != nil {
				return nil, fmt.Errorf("settings of check %s: %v", info.Name, err)
			}
		}
		if scope.Weights != nil {
			// Not a setting: JSON does not carry it.
			any(&cfg).(interface{ SetWeights(report.Weights) }).SetWeights(scope.Weights)
		}
		if v, ok := any(&cfg).(validator); ok {
			if err := v.Validate(); err != nil {
				return nil, fmt.Errorf("settings of check %s: %v", info.Name, err)
			}
		}
		a := newAnalyzer(cfg)
		// Every check the suite builds honours //heaplint:ignore and
		// records its findings' lines for heapsite: report.Emit asks
		// suppress.Analyzer's result and fills ledger.Analyzer's,
		// which only requirements give.
		a.Requires = append(a.Requires, suppress.Analyzer, ledger.Analyzer)
		return a, nil
	}}
}

// decodeStrict decodes JSON into v, rejecting keys v does not have.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
