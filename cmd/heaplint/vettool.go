package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/profile"
	"github.com/heaplint/heaplint/internal/vetdriver"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// vetTool is heaplint run by go vet on one package (or asked for its
// flags): the go/analysis unitchecker, with the analyzers the settings
// enable. heaplint's own vet engine passes the whole configuration as
// -settings; a user running go vet directly passes -config and the checks'
// flags.
func vetTool(args []string) {
	pre, err := preScan(args)
	if err != nil {
		vetToolFail(err)
	}
	cfg, err := analyzer.Config{}, error(nil)
	switch {
	case pre.settings != "":
		cfg, err = analyzer.ParseConfig([]byte(pre.settings))
	case pre.config != "":
		cfg, err = loadConfig(pre.config)
	}
	if err != nil {
		vetToolFail(err)
	}
	if err := vetToolProfile(&cfg, pre.digests, args); err != nil {
		vetToolFail(err)
	}
	analyzers, err := analyzer.Suite(cfg)
	if err != nil {
		vetToolFail(err)
	}
	// go vet's calls for a dependency's facts only: run what makes facts.
	vetdriver.RunFactsOnly(args, analyzers)
	// Declared so that go vet, which asks the tool for its flags, passes
	// them through; their values were read above.
	flag.String("config", pre.config, "read heaplint settings from this YAML or JSON `file` (or a .golangci.yml)")
	flag.String(settingsFlag, pre.settings, "heaplint's whole configuration as JSON (passed by heaplint's vet engine)")
	flag.String(configSumFlag, "", "a digest of the -config file's contents, ignored: go vet's result cache keys on flags, not on the files they name")
	flag.String(profileDigestsFlag, pre.digests, "a directory of per-package profile digests (passed by heaplint's vet engine)")
	os.Args = append(os.Args[:1], pre.rest...)
	unitchecker.Main(analyzers...)
}

// vetToolProfile gives the one package's process its profile: its digest
// from the directory heaplint's vet engine wrote, or, for a user running
// go vet with a config that names a profile, the whole profile (read in
// each package's process: slower, the same findings).
func vetToolProfile(cfg *analyzer.Config, digests string, args []string) error {
	cfgFile := ""
	if len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		cfgFile = args[len(args)-1]
	}
	switch {
	case len(cfg.Profile) == 0 && digests == "":
		return nil
	case digests != "" && cfgFile != "":
		d, err := vetDigest(digests, cfgFile)
		if err != nil {
			return err
		}
		cfg.UseDigest(d)
	case digests != "":
		cfg.UseDigest(nil) // the flag handshake: no package
	default:
		p, err := profile.Load(os.ReadFile, cfg.Profile...)
		if err != nil {
			return fmt.Errorf("setting %v", err)
		}
		cfg.UseProfile(p.OnDemand(nil))
	}
	return nil
}

func vetToolFail(err error) {
	fmt.Fprintf(os.Stderr, "heaplint: %v\n", err)
	os.Exit(exitUsage)
}

// loadConfig reads a config file; the profiles it names are relative to
// its directory.
func loadConfig(name string) (analyzer.Config, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return analyzer.Config{}, fmt.Errorf("-config: %v", err)
	}
	cfg, err := analyzer.ParseConfigFile(name, data)
	for i, f := range cfg.Profile {
		if !filepath.IsAbs(f) {
			cfg.Profile[i] = filepath.Join(filepath.Dir(name), f)
		}
	}
	return cfg, err
}
