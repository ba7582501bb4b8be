package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/heaplint/heaplint/analyzer"
)

// The output formats of -format.
const (
	formatText   = "text"
	formatJSON   = "json"
	formatSARIF  = "sarif"
	formatGitHub = "github"
)

var formats = []string{formatText, formatJSON, formatSARIF, formatGitHub}

// The engines of -engine.
const (
	engineVet       = "vet"
	engineInProcess = "inprocess"
	engineExport    = "export"
)

var engines = []string{engineExport, engineVet, engineInProcess}

// settingsFlag carries the whole configuration from heaplint's vet engine
// to each package's process (and into go vet's cache key).
const settingsFlag = "settings"

// configSumFlag is accepted for go vet users who pass a digest of their
// -config file to bust go vet's cache; heaplint itself passes -settings.
const configSumFlag = "config-sum"

// options is one command line, parsed.
type options struct {
	dir, config, engine, format string
	json, related, fix, diff    bool
	baseline, writeBaseline     string
	version                     bool
	loopsOnly, tests, cold      bool
	profile, pgo                string
	profileUnseen, noRemedy     bool
	top                         int
	args                        []string // packages, or help's arguments

	set      map[string]bool // the names of the flags given
	selected []checkChoice   // -CHECK and -CHECK=false, in order
	settings []checkSetting  // -CHECK.setting=value, in order
}

type checkChoice struct {
	check string
	on    bool
}

type checkSetting struct {
	check string
	f     *flag.Flag // the flag of a fresh analyzer, holding the value set
}

// newFlagSet declares heaplint's flags, bound to o. Every check of the
// registry, on by default or not, gets -CHECK and its settings'
// -CHECK.setting flags, taken from a fresh analyzer of the check.
func newFlagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("heaplint", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and usage are printed by heaplint, not the flag package
	fs.Usage = func() {}
	fs.StringVar(&o.config, "config", "", "read settings from `file` (YAML or JSON, or a .golangci.yml)")
	fs.StringVar(&o.dir, "C", "", "change to `dir` before doing anything else")
	fs.StringVar(&o.engine, "engine", engineExport, "`engine`: export (one process; dependencies from the go command's export data; facts and results cached in $HEAPLINT_CACHE), vet (go vet's: a process per package; less memory, about twice the time) or inprocess (one process, all from source; several GB)")
	fs.StringVar(&o.format, "format", formatText, "output `format`: text, json, sarif or github")
	fs.BoolVar(&o.json, "json", false, "the same as -format json: the go/analysis JSON tree")
	fs.BoolVar(&o.related, "related", false, "print related information as findings of their own (file:line:col: check(related): message)")
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes, then report what is left")
	fs.BoolVar(&o.diff, "diff", false, "with -fix: print the fixes as a unified diff instead of writing them")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings that are not in the baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record today's findings in `file` and report none")
	fs.BoolVar(&o.loopsOnly, "loops-only", false, "report only findings inside loops, for every check")
	fs.BoolVar(&o.tests, "tests", false, "also report findings in _test.go files, for every check")
	fs.BoolVar(&o.cold, "cold", false, "also report findings on cold paths (failure paths, init, code that runs once per program), for every check")
	fs.StringVar(&o.profile, "profile", "", "weigh, rank and filter findings by pprof profiles (`file`[,file...]): heap (go test -memprofile, /debug/pprof/allocs or /heap), CPU, or default.pgo")
	fs.BoolVar(&o.profileUnseen, "profile-unseen", false, "with a profile, also report findings it never reaches")
	fs.BoolVar(&o.noRemedy, "no-remedy", false, "also report findings outside loops for which no rewrite keeps behaviour, for every check")
	fs.StringVar(&o.pgo, "pgo", pgoAuto, "without -profile: auto uses the default.pgo beside analyzed main packages, as go build does; off does not")
	fs.IntVar(&o.top, "top", 0, "report only the `n` heaviest findings (with a profile; else the first n in order)")
	fs.BoolVar(&o.version, "version", false, "print heaplint's version and exit")
	for _, e := range analyzer.Checks() {
		name := e.Info.Name
		fs.Var(choiceFlag{o, name}, name, "run only the checks given like this (-"+name+"=false: all but them)")
		e.New().Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(settingFlag{o, name, f}, name+"."+f.Name, f.Usage)
		})
	}
	return fs
}

// choiceFlag is -CHECK: true selects the check, false deselects it.
type choiceFlag struct {
	o     *options
	check string
}

func (c choiceFlag) IsBoolFlag() bool { return true }
func (c choiceFlag) String() string   { return "" }
func (c choiceFlag) Set(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	c.o.selected = append(c.o.selected, checkChoice{c.check, on})
	return nil
}

// settingFlag is -CHECK.setting: the value is parsed by the check's own
// flag (so "abc" for a number fails here) and later written into the
// configuration, which validates it as the config file's value would be.
type settingFlag struct {
	o     *options
	check string
	f     *flag.Flag
}

func (s settingFlag) IsBoolFlag() bool {
	b, ok := s.f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
func (s settingFlag) String() string { return "" }
func (s settingFlag) Set(v string) error {
	if err := s.f.Value.Set(v); err != nil {
		return err
	}
	s.o.settings = slices.DeleteFunc(s.o.settings, func(c checkSetting) bool { return c.check == s.check && c.f == s.f })
	s.o.settings = append(s.o.settings, checkSetting{s.check, s.f})
	return nil
}

// applyFlags writes the check choices and settings given as flags into
// cfg (read from -config, or empty), so that one Config holds the whole
// configuration and one Validate judges it.
func (o *options) applyFlags(cfg *analyzer.Config) error {
	if o.set["loops-only"] {
		cfg.LoopsOnly = o.loopsOnly
	}
	if o.set["tests"] {
		cfg.Tests = o.tests
	}
	if o.set["cold"] {
		cfg.Cold = o.cold
	}
	if o.set["no-remedy"] {
		cfg.NoRemedy = o.noRemedy
	}
	if o.set["profile"] {
		cfg.Profile = analyzer.SplitFiles(o.profile)
	}
	if o.set["profile-unseen"] {
		cfg.ProfileUnseen = o.profileUnseen
	}
	for _, s := range o.settings {
		getter, ok := s.f.Value.(flag.Getter)
		if !ok {
			return fmt.Errorf("-%s.%s: cannot read the value back", s.check, s.f.Name)
		}
		var obj map[string]json.RawMessage
		if raw := cfg.Checks[s.check]; len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &obj); err != nil {
				return fmt.Errorf("settings of check %s: %v", s.check, err)
			}
		}
		if obj == nil {
			obj = map[string]json.RawMessage{}
		}
		v, err := json.Marshal(getter.Get())
		if err != nil {
			return err
		}
		obj[s.f.Name] = v
		if cfg.Checks == nil {
			cfg.Checks = map[string]json.RawMessage{}
		}
		cfg.Checks[s.check], _ = json.Marshal(obj)
	}
	// -CHECK: only the checks chosen like this run; -CHECK=false: all of
	// the configured ones but those. The last flag for a check wins.
	choice := map[string]bool{}
	var order []string
	for _, c := range o.selected {
		if _, seen := choice[c.check]; !seen {
			order = append(order, c.check)
		}
		choice[c.check] = c.on
	}
	var on, off []string
	for _, name := range order {
		if choice[name] {
			on = append(on, name)
		} else {
			off = append(off, name)
		}
	}
	if len(on) > 0 {
		cfg.Default, cfg.Enable, cfg.Disable = analyzer.DefaultNone, on, nil
	}
	for _, name := range off {
		cfg.Enable = slices.DeleteFunc(cfg.Enable, func(n string) bool { return n == name })
		if !slices.Contains(cfg.Disable, name) {
			cfg.Disable = append(cfg.Disable, name)
		}
	}
	return nil
}
