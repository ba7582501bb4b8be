// Command heaplint reports Go code that makes the runtime allocate on the
// heap when it need not.
//
// Usage:
//
//	heaplint [-config FILE] [-C DIR] [-engine vet|inprocess] [-json] [-fix [-diff]] [-CHECK] [-CHECK.setting=value] packages...
//	go vet -vettool=$(command -v heaplint) [-config=/abs/FILE] packages...
//
// -config names a YAML or JSON file holding heaplint's settings (the same
// object as the golangci-lint plugin's settings block) or a whole
// .golangci.yml; it decides which checks run, including those that are off
// by default. -C runs as if started in DIR.
//
// -engine chooses how packages are analyzed. The default, vet, runs heaplint
// through `go vet -vettool` (one process per package, results cached by the
// go command: low memory, near-free re-runs) and merges the output into a
// sorted, stable form. inprocess analyzes everything in this process with
// the go/analysis multichecker.
//
// Every other flag is the go/analysis multichecker's: -json, -fix, -diff,
// -CHECK=true runs only the named checks, -CHECK=false all but them, and
// -CHECK.setting=value overrides one setting.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/vetdriver"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" && printToolID(os.Stdout) {
		return // go vet's handshake, answered without building anything
	}
	pre, err := preScan(os.Args[1:])
	if err != nil {
		fail(err)
	}
	if pre.dir != "" {
		if err := os.Chdir(pre.dir); err != nil {
			fail(fmt.Errorf("-C: %v", err))
		}
	}
	cfg, err := loadConfig(pre.config)
	if err != nil {
		fail(err)
	}
	analyzers, err := analyzer.Analyzers(cfg)
	if err != nil {
		fail(fmt.Errorf("-config %s: %v", pre.config, err))
	}
	args := os.Args[1:]
	// go vet's calls for a dependency's facts only: run what makes facts.
	vetdriver.RunFactsOnly(args, analyzers)
	if pre.engine == engineVet && !runsUnderGoVet(args) && !wantsHelp(pre.rest) {
		self, err := os.Executable()
		if err != nil {
			fail(err)
		}
		os.Exit(runVet(self, pre))
	}
	// Registered so that usage lists them and go vet, which asks the tool
	// for its flags, passes them through; their values were read above.
	flag.String("config", pre.config, "read heaplint settings from this YAML or JSON `file` (or a .golangci.yml)")
	flag.String("C", pre.dir, "change to `dir` before running")
	flag.String("engine", pre.engine, "analyze packages through go vet (`vet`, the default) or all in this process (inprocess)")
	flag.String(configSumFlag, "", "a digest of the -config file's contents, ignored: heaplint passes it to go vet, whose result cache keys on flags, not on the files they name")
	os.Args = append(os.Args[:1], pre.rest...)
	multichecker.Main(analyzers...)
}

func loadConfig(name string) (analyzer.Config, error) {
	if name == "" {
		return analyzer.Config{}, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return analyzer.Config{}, fmt.Errorf("-config: %v", err)
	}
	return analyzer.ParseConfigFile(name, data)
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "heaplint: %v\n", err)
	os.Exit(1)
}
