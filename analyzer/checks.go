// Package analyzer is heaplint's suite: the one registry of checks, their
// configuration, and the constructor every driver (the heaplint binary, the
// golangci-lint plugin, the language server) uses to get fresh, configured
// analyzers.
package analyzer

import (
	"github.com/heaplint/heaplint/passes/addrescape"
	"github.com/heaplint/heaplint/passes/boxing"
	"github.com/heaplint/heaplint/passes/bytesconv"
	"github.com/heaplint/heaplint/passes/capture"
	"github.com/heaplint/heaplint/passes/dynmake"
	"github.com/heaplint/heaplint/passes/heapsite"
	"github.com/heaplint/heaplint/passes/jsonany"
	"github.com/heaplint/heaplint/passes/libcall"
	"github.com/heaplint/heaplint/passes/mapptr"
	"github.com/heaplint/heaplint/passes/nestedmap"
	"github.com/heaplint/heaplint/passes/reuse"
	"github.com/heaplint/heaplint/passes/strconcat"
	"github.com/heaplint/heaplint/passes/syncmisuse"
	"github.com/heaplint/heaplint/passes/unsizedmake"
)

// checks is the registry, sorted by name. A check is one line: its Info and
// its New function. TestRegistry fails when a passes/ directory is missing.
var checks = []Entry{
	// One line per check, sorted: check(name.Info, name.New),
	check(addrescape.Info, addrescape.New),
	check(boxing.Info, boxing.New),
	check(bytesconv.Info, bytesconv.New),
	check(capture.Info, capture.New),
	check(dynmake.Info, dynmake.New),
	check(heapsite.Info, heapsite.New),
	check(jsonany.Info, jsonany.New),
	check(libcall.Info, libcall.New),
	check(mapptr.Info, mapptr.New),
	check(nestedmap.Info, nestedmap.New),
	check(reuse.Info, reuse.New),
	check(strconcat.Info, strconcat.New),
	check(syncmisuse.Info, syncmisuse.New),
	check(unsizedmake.Info, unsizedmake.New),
}

// Checks returns the registry in name order.
func Checks() []Entry { return append([]Entry(nil), checks...) }

// Lookup returns the check called name.
func Lookup(name string) (Entry, bool) {
	for _, e := range checks {
		if e.Info.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// Names returns the names of all checks, sorted.
func Names() []string {
	names := make([]string, len(checks))
	for i, e := range checks {
		names[i] = e.Info.Name
	}
	return names
}
