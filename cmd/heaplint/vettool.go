package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/heaplint/heaplint/analyzer"
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
	os.Args = append(os.Args[:1], pre.rest...)
	unitchecker.Main(analyzers...)
}

func vetToolFail(err error) {
	fmt.Fprintf(os.Stderr, "heaplint: %v\n", err)
	os.Exit(exitUsage)
}

func loadConfig(name string) (analyzer.Config, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return analyzer.Config{}, fmt.Errorf("-config: %v", err)
	}
	return analyzer.ParseConfigFile(name, data)
}
