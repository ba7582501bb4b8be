// Command golangci-lint is golangci-lint v2 with heaplint's module plugin
// linked in: the binary `golangci-lint custom` would build, made from the Go
// module proxy alone (custom clones golangci-lint from GitHub).
//
// Build it with scripts/build-golangci-lint.sh, which puts it in
// bin/golangci-lint and rebuilds only when its inputs change. Enable heaplint
// in .golangci.yml as .golangci.example.yml shows.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/heaplint/heaplint/analyzer/gclplugin" // registers the plugin "heaplint"
)

// pluginHash is a hash of the sources linked into the binary, set by
// scripts/build-golangci-lint.sh with -ldflags -X. golangci-lint salts its
// result cache with the version: a version that stayed the same while
// heaplint changed would replay stale results. Left empty, golangci-lint
// hashes the executable instead, which is as safe.
var pluginHash string

// upstream is the golangci-lint release this module requires (go.mod).
const upstream = "2.15.0"

func main() {
	info := commands.BuildInfo{
		GoVersion: runtime.Version(),
		Commit:    "heaplint wrapper",
		Date:      "(unknown)",
	}
	if pluginHash != "" {
		info.Version = upstream + "+heaplint." + pluginHash
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
