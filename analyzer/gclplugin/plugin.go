// Package gclplugin is heaplint's golangci-lint v2 module plugin.
//
// Importing it registers the plugin "heaplint" with
// github.com/golangci/plugin-module-register; golangci-lint then runs every
// check heaplint's settings enable as one linter named heaplint. Its settings
// block has the shape of analyzer.Config:
//
//	linters:
//	  enable: [heaplint]
//	  settings:
//	    custom:
//	      heaplint:
//	        type: module
//	        settings:
//	          default: standard
//	          disable: [mapptr]
//
// See .golangci.example.yml at the repository root for every setting. A
// profile setting names pprof profiles, read once when golangci-lint
// builds the plugin, relative to the directory golangci-lint runs in;
// golangci-lint orders issues by position, not by weight, so the weights
// show in the messages only.
//
// Related information (where a value escapes, the loop) is folded into each
// finding's message, because golangci-lint would print every related entry
// as an issue of its own that outlives its finding (see FoldRelated).
package gclplugin

import (
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/profile"
	"golang.org/x/tools/go/analysis"
)

// Name is the plugin's name: the key under linters.settings.custom and in
// linters.enable, and the name golangci-lint gives the linter.
const Name = "heaplint"

// This is the module's only init function (TestOneInit in package analyzer
// keeps it so): golangci-lint finds plugins by registration.
func init() {
	register.Plugin(Name, New)
}

// New decodes and validates golangci-lint's settings for heaplint. A nil
// settings value (no settings block) means the defaults. An unknown key, an
// unknown check name or a bad value is an error that names the setting.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err != nil {
		// DecodeSettings wraps the decoder's error as "decoding
		// settings: ..."; golangci-lint already says which plugin failed.
		if inner := errors.Unwrap(err); inner != nil {
			err = inner
		}
		return nil, fmt.Errorf("invalid settings: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid settings: %v", err)
	}
	if len(cfg.Profile) > 0 {
		// Read once for every package, each one's digest cut on demand;
		// relative names are relative to where golangci-lint runs.
		p, err := profile.Load(os.ReadFile, cfg.Profile...)
		if err != nil {
			return nil, fmt.Errorf("invalid settings: setting %v", err)
		}
		cfg.UseProfile(p.OnDemand(nil))
	}
	return &plugin{cfg: cfg}, nil
}

type plugin struct {
	cfg analyzer.Config
}

// BuildAnalyzers returns fresh analyzers for the enabled checks,
// configured, whose related information is folded into their messages
// (see FoldRelated).
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	as, err := analyzer.Suite(p.cfg) // the checks, and the one reporting stale //heaplint:ignore directives
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		a.Run = foldingRun(a.Run)
	}
	return as, nil
}

// foldingRun wraps an analyzer's Run so that each diagnostic it reports
// carries its related information in its message instead.
func foldingRun(run func(*analysis.Pass) (any, error)) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (any, error) {
		folding := *pass
		folding.Report = func(d analysis.Diagnostic) { pass.Report(FoldRelated(pass.Fset, d)) }
		return run(&folding)
	}
}

// FoldRelated returns d with its related information appended to the
// message, " [line 12: it escapes here; line 9: the loop]" (a file name
// too when the position is in another file), and none left as
// RelatedInformation. golangci-lint turns each related entry into an
// issue of its own, at its own line: //nolint on the finding's line and
// exclusion rules on its text would leave those behind, each failing the
// run alone. Folded, a finding is one issue that goes or stays whole.
func FoldRelated(fset *token.FileSet, d analysis.Diagnostic) analysis.Diagnostic {
	if len(d.Related) == 0 {
		return d
	}
	at := fset.Position(d.Pos)
	parts := make([]string, 0, len(d.Related))
	for _, r := range d.Related {
		p := fset.Position(r.Pos)
		where := fmt.Sprintf("line %d", p.Line)
		if p.Filename != at.Filename {
			where = fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
		}
		parts = append(parts, where+": "+r.Message)
	}
	d.Message += " [" + strings.Join(parts, "; ") + "]"
	d.Related = nil
	return d
}

// GetLoadMode asks for type information: the checks work on SSA, which
// needs types.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
