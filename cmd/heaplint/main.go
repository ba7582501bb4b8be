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
// heaplint analyzes packages through the go command's vet engine by default
// (go vet -vettool=heaplint: one process per package, results cached by the
// go command) and merges the per-package results into one sorted, stable
// output; -engine=inprocess analyzes everything in this process instead.
// Either way the output is the same, byte for byte.
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
