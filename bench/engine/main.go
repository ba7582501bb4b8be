// Command engine runs heaplint's checks over packages with internal/engine,
// the language server's engine, as `heaplint packages...` would if the
// command line used it: what the benchmark measures with -engine.
//
//	engine [-config FILE] [-cache DIR] [-tests=false] packages...
//
// It prints each finding as file:line:col: message (check), sorted, and the
// engine's statistics on standard error.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"slices"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/engine"
)

func main() {
	config := flag.String("config", "", "heaplint settings `file`")
	cache := flag.String("cache", engine.DefaultCacheDir(), "facts cache `dir` (\"\" for none)")
	tests := flag.Bool("tests", true, "analyze test files too, as go vet does")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("engine: ")

	var cfg analyzer.Config
	var settings []byte // keys cached results, beyond the analyzers' flags
	if *config != "" {
		data, err := os.ReadFile(*config)
		if err != nil {
			log.Fatal(err)
		}
		if cfg, err = analyzer.ParseConfigFile(*config, data); err != nil {
			log.Fatal(err)
		}
		settings = data
	}
	analyzers, err := analyzer.Suite(cfg)
	if err != nil {
		log.Fatal(err)
	}
	e, err := engine.New(engine.Options{Analyzers: analyzers, CacheDir: *cache, Settings: string(settings)})
	if err != nil {
		log.Fatal(err)
	}
	dir, _ := os.Getwd()
	pkgs, stats, err := e.Analyze(context.Background(), engine.Request{Dir: dir, Patterns: flag.Args(), Tests: *tests, InsteadOfPackage: true})
	if err != nil {
		log.Fatal(err)
	}
	var lines []string
	for _, p := range pkgs {
		for _, msg := range p.Errors {
			fmt.Fprintf(os.Stderr, "%s: %s\n", p.ID, msg)
		}
		for _, d := range p.Diagnostics {
			lines = append(lines, fmt.Sprintf("%s: %s (%s)", p.Fset.Position(d.Pos), d.Message, d.Analyzer.Name))
		}
	}
	slices.Sort(lines)
	lines = slices.Compact(lines) // a file of a package and of its test variant
	for _, l := range lines {
		fmt.Println(l)
	}
	fmt.Fprintf(os.Stderr, "engine: %d packages, %d findings; %v\n", len(pkgs), len(lines), stats)
}
