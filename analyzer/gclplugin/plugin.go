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
// See .golangci.example.yml at the repository root for every setting.
package gclplugin

import (
	"errors"
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"github.com/heaplint/heaplint/analyzer"
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
	return &plugin{cfg: cfg}, nil
}

type plugin struct {
	cfg analyzer.Config
}

// BuildAnalyzers returns fresh analyzers for the enabled checks, configured.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return analyzer.Analyzers(p.cfg)
}

// GetLoadMode asks for type information: the checks work on SSA, which
// needs types.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}
