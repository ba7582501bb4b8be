package analyzer

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/heaplint/heaplint/internal/profile"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/internal/suppress"
	"github.com/heaplint/heaplint/passes/heapsite"
	"golang.org/x/tools/go/analysis"
)

// Config is heaplint's configuration: the same shape in a golangci-lint
// settings block, in the file given to heaplint -config, and in Go.
//
//	default: standard      # standard (the default-on checks), all, or none
//	enable: [dynmake]      # checks to add
//	disable: [mapptr]      # checks to remove
//	loops-only: false      # report only findings inside loops, for every check
//	tests: false           # also report findings in _test.go files, for every check
//	cold: false            # also report findings on cold paths (failure paths, init, once per program)
//	no-remedy: false       # also report findings outside loops that no rewrite can remove
//	profile: [mem.out]     # pprof heap or CPU profiles (or default.pgo) that weigh and rank findings
//	profile-unseen: false  # with a profile, also report findings it never reaches
//	mapptr:                # a check's own settings, under its name
//	  max-size: 128
type Config struct {
	Default       string   `json:"default,omitempty"`
	Enable        []string `json:"enable,omitempty"`
	Disable       []string `json:"disable,omitempty"`
	LoopsOnly     bool     `json:"loops-only,omitempty"`
	Tests         bool     `json:"tests,omitempty"`
	Cold          bool     `json:"cold,omitempty"`
	NoRemedy      bool     `json:"no-remedy,omitempty"`
	Profile       Files    `json:"profile,omitempty"`
	ProfileUnseen bool     `json:"profile-unseen,omitempty"`

	// Checks holds each check's own settings, keyed by check name, as
	// written; they are decoded into the check's Config by Analyzers.
	Checks map[string]json.RawMessage `json:"-"`

	// weights is the profile that Profile names, as the driver read it
	// (UseProfile, UseDigest): the suite reads no file itself.
	weights report.Weights
}

// UseProfile gives the suite the profile that Profile names, read by the
// driver and digested for the packages it analyzes (profile.Digests), or
// for whichever are asked (profile.OnDemand: the golangci-lint plugin and
// the language server never see the whole list).
func (c *Config) UseProfile(s *profile.Set) { c.weights = report.ProfileWeights(s) }

// UseDigest gives the suite the digest of the one package a go vet
// process analyzes, which the driver wrote beside the profile it read
// once (nil: the profile never reaches the package).
func (c *Config) UseDigest(d *profile.Digest) { c.weights = report.DigestWeights(d) }

// Files is a list of file names, written as a list or as one string with
// names separated by commas: profile: [a.out, b.out] or profile: a.out,b.out.
type Files []string

// UnmarshalJSON accepts a list of names or one comma-separated string.
func (f *Files) UnmarshalJSON(data []byte) error {
	var one string
	if err := json.Unmarshal(data, &one); err == nil {
		*f = SplitFiles(one)
		return nil
	}
	var list []string
	if err := json.Unmarshal(data, &list); err != nil {
		return fmt.Errorf("want a file name or a list of file names")
	}
	*f = list
	return nil
}

// SplitFiles splits a comma-separated list of file names, as -profile takes.
func SplitFiles(s string) Files {
	var out Files
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// The values of Config.Default.
const (
	DefaultStandard = "standard"
	DefaultAll      = "all"
	DefaultNone     = "none"
)

var suiteKeys = []string{"cold", "default", "disable", "enable", "loops-only", "no-remedy", "profile", "profile-unseen", "tests"}

// UnmarshalJSON decodes the suite's keys and keeps every other key, which
// must name a check, as that check's settings.
func (c *Config) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	type plain Config // without this method
	var p plain
	suite := map[string]json.RawMessage{}
	for k, v := range raw {
		if slices.Contains(suiteKeys, k) {
			suite[k] = v
			continue
		}
		if _, ok := Lookup(k); !ok {
			return fmt.Errorf("unknown setting %q: want one of %s, or a check name (%s)",
				k, strings.Join(suiteKeys, ", "), strings.Join(Names(), ", "))
		}
		if p.Checks == nil {
			p.Checks = map[string]json.RawMessage{}
		}
		p.Checks[k] = v
	}
	b, _ := json.Marshal(suite)
	if err := decodeStrict(b, &p); err != nil { // leaves p.Checks alone: it is json:"-"
		return err
	}
	*c = Config(p)
	return nil
}

// MarshalJSON writes the suite's keys and each check's settings under its name.
func (c Config) MarshalJSON() ([]byte, error) {
	type plain Config
	b, err := json.Marshal(plain(c))
	if err != nil || len(c.Checks) == 0 {
		return b, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	for k, v := range c.Checks {
		m[k] = v
	}
	return json.Marshal(m) // map keys are written sorted
}

// Validate reports the first invalid setting, naming it.
//
// The profile setting's files are read by drivers, not here: Validate
// judges the settings as written.
func (c *Config) Validate() error {
	_, err := c.analyzers(false)
	return err
}

// Enabled returns the names of the checks c runs, in registry order.
func (c *Config) Enabled() ([]string, error) {
	switch c.Default {
	case "", DefaultStandard, DefaultAll, DefaultNone:
	default:
		return nil, fmt.Errorf("setting default: %q is not one of %s, %s, %s", c.Default, DefaultStandard, DefaultAll, DefaultNone)
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"enable", c.Enable}, {"disable", c.Disable}} {
		for _, name := range list.names {
			if _, ok := Lookup(name); !ok {
				return nil, fmt.Errorf("setting %s: unknown check %q (checks: %s)", list.key, name, strings.Join(Names(), ", "))
			}
			if list.key == "disable" && slices.Contains(c.Enable, name) {
				return nil, fmt.Errorf("setting disable: check %q is also in enable", name)
			}
		}
	}
	for name := range c.Checks {
		if _, ok := Lookup(name); !ok {
			return nil, fmt.Errorf("unknown setting %q: not a check name (checks: %s)", name, strings.Join(Names(), ", "))
		}
	}
	var names []string
	for _, e := range checks {
		on := c.Default == DefaultAll || (c.Default != DefaultNone && e.Info.Default)
		on = (on || slices.Contains(c.Enable, e.Info.Name)) && !slices.Contains(c.Disable, e.Info.Name)
		if on {
			names = append(names, e.Info.Name)
		}
	}
	return names, nil
}

// Analyzers validates c and returns fresh analyzers for the checks it
// enables, configured by it, in name order.
func Analyzers(c Config) ([]*analysis.Analyzer, error) {
	return c.analyzers(true)
}

// analyzers builds the enabled checks; with ready, a profile the settings
// name must have been read (UseProfile, UseDigest).
func (c *Config) analyzers(ready bool) ([]*analysis.Analyzer, error) {
	names, err := c.Enabled()
	if err != nil {
		return nil, err
	}
	weights, err := c.profileWeights()
	if err != nil && ready {
		return nil, err
	}
	scope := report.Scope{LoopsOnly: c.LoopsOnly, Tests: c.Tests, Cold: c.Cold, NoRemedy: c.NoRemedy, ProfileUnseen: c.ProfileUnseen, Weights: weights}
	// Every check's settings are decoded, enabled or not, so that a typo in
	// the settings of a disabled check is still an error.
	var out []*analysis.Analyzer
	for _, e := range checks {
		a, err := e.build(scope, c.Checks[e.Info.Name])
		if err != nil {
			return nil, err
		}
		if slices.Contains(names, e.Info.Name) {
			out = append(out, a)
		}
	}
	// heapsite explains the heavy lines no other check's finding is
	// about: it runs after them (see internal/ledger).
	for _, a := range out {
		if a.Name == heapsite.Info.Name {
			for _, other := range out {
				if other != a {
					a.Requires = append(a.Requires, other)
				}
			}
		}
	}
	return out, nil
}

// profileWeights returns the profile the findings are weighed by, which a
// driver must have read when the profile setting is given.
func (c *Config) profileWeights() (report.Weights, error) {
	if len(c.Profile) > 0 && c.weights == nil {
		return nil, fmt.Errorf("setting profile: %s was not read (the driver calls UseProfile or UseDigest)", strings.Join(c.Profile, ","))
	}
	return c.weights, nil
}

// Suite is what a driver runs: Analyzers(c), and after them the analyzer
// that reports //heaplint:ignore directives that are malformed or silenced
// none of their findings (see internal/suppress), when any check runs.
func Suite(c Config) ([]*analysis.Analyzer, error) {
	checks, err := c.analyzers(true)
	if err != nil || len(checks) == 0 {
		return checks, err
	}
	directives := suppress.NewDirectives(suppress.DirectivesConfig{Checks: slices.Clone(checks), Known: Names(), Tests: c.Tests})
	return append(checks, directives), nil
}

// All returns a fresh analyzer with default settings for every check,
// enabled by default or not.
func All() []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(checks))
	for i, e := range checks {
		out[i] = e.New()
	}
	return out
}

// ParseConfig decodes a JSON settings object (a golangci-lint settings
// block after its JSON round trip, or heaplint's -config file) and
// validates it.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	if len(strings.TrimSpace(string(data))) == 0 || string(data) == "null" {
		return c, nil
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return Config{}, fmt.Errorf("heaplint settings: %v", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, fmt.Errorf("heaplint settings: %v", err)
	}
	return c, nil
}
