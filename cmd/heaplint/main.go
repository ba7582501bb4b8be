// Command heaplint reports Go code that makes the runtime allocate on the
// heap when it need not.
//
// Usage:
//
//	heaplint [flags] packages...
//	heaplint help [CHECK]
//	go vet -vettool=$(command -v heaplint) [-config=/abs/FILE] packages...
//
// Findings go to stdout, one per line as "file:line:col: check: message"
// (or -format json, sarif, github), and a summary to stderr. Exit status:
// 0 no findings, 1 findings, 2 bad usage or settings, 3 packages that could
// not be loaded, type-checked or analyzed. Run heaplint help for the flags.
//
// heaplint analyzes packages in its own process by default (-engine=export,
// internal/engine): the go command lists them and compiles the export data
// of their dependencies, the facts of dependencies and the results of each
// package are cached in $HEAPLINT_CACHE, and only the packages named are
// type-checked from source and analyzed, as go vet would (each with its
// test files, its external test package apart). -engine=vet runs through
// the go command's vet engine instead (go vet -vettool=heaplint: one
// process per package, results cached by the go command), merging the
// per-package results into one sorted, stable output; -engine=inprocess
// loads everything from source in this process. Whichever the engine, the
// output is the same, byte for byte.
package main

import (
	"os"
)

func main() {
	args := os.Args[1:]
	if len(args) == 1 && args[0] == "-V=full" && printToolID(os.Stdout) {
		return // go vet's handshake, answered without building anything
	}
	if runsUnderGoVet(args) {
		vetTool(args) // does not return
	}
	os.Exit(runCLI(args, os.Stdout, os.Stderr))
}
