// Command heaplint-lsp is heaplint's language server. It runs beside gopls
// in any editor that speaks the Language Server Protocol, over stdin and
// stdout: it publishes heaplint's diagnostics for open Go files (unsaved
// edits included) and offers their suggested fixes as quick fixes.
//
// Usage:
//
//	heaplint-lsp [-config FILE] [-debounce DURATION]
//
// -config names heaplint's settings (YAML or JSON, or a whole .golangci.yml,
// as for heaplint -config). A client may instead send
//
//	"initializationOptions": {"config": "heaplint.yml", "severity": "hint"}
//
// where a relative config is relative to the workspace root; it takes
// precedence over -config. A config file that does not exist is a warning
// shown to the user, and the defaults apply; a bad one is an error.
//
// The log goes to the client (window/logMessage, by type); standard error
// has only what cannot go there. Facts of dependencies are cached in
// $HEAPLINT_CACHE (default: heaplint/ in the user's cache directory).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/server"
	"golang.org/x/tools/go/analysis"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, analyzer.Suite))
}

// run is main with its inputs explicit, so tests can run it with their
// own checks. It returns the exit code: 0 after shutdown and exit, 1 when
// the client exits (or goes away) without shutdown, 2 for bad usage.
func run(args []string, stdin io.Reader, stdout io.Writer, stderr io.Writer, analyzers func(analyzer.Config) ([]*analysis.Analyzer, error)) int {
	fs := flag.NewFlagSet("heaplint-lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config := fs.String("config", "", "read heaplint settings from this YAML or JSON `file` (or a .golangci.yml)")
	debounce := fs.Duration("debounce", server.DefaultDebounce, "wait this long after the last edit before analyzing")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: heaplint-lsp [-config FILE] [-debounce DURATION]\n\n"+
			"heaplint's language server: speaks LSP on standard input and output.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	logger := log.New(stderr, "heaplint-lsp: ", log.LstdFlags)
	if os.Getenv("GOGC") == "" {
		// What the server keeps is small (export data, facts, the open
		// package); a first analysis computes facts for hundreds of
		// dependencies, and leaves much garbage. A quarter of the
		// collector's work goes, for a peak far below the 400 MB budget
		// (see TestLargeModule).
		debug.SetGCPercent(400)
	}
	if *config != "" {
		abs, err := filepath.Abs(*config)
		if err != nil {
			logger.Print(err)
			return 2
		}
		*config = abs
		// Fail at start, not at the first initialize, on a bad file. A
		// missing one is only a warning, at initialize: an editor's global
		// setting names a file many repositories lack.
		data, err := os.ReadFile(abs)
		if err == nil {
			var cfg analyzer.Config
			if cfg, err = analyzer.ParseConfigFile(abs, data); err == nil {
				_, err = analyzers(cfg)
			}
		}
		if err != nil && !errors.Is(err, iofs.ErrNotExist) {
			logger.Printf("-config: %v", err)
			return 2
		}
	}
	err := server.Serve(context.Background(), stdio{stdin, stdout}, server.Options{
		Analyzers:  analyzers,
		ConfigFile: *config,
		Debounce:   *debounce,
		Log:        logger,
		Version:    version(),
	})
	if errors.Is(err, server.ErrNoShutdown) {
		logger.Print("exit without shutdown")
		return 1
	}
	return 0
}

// stdio is the server's end of the connection.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return ""
}
