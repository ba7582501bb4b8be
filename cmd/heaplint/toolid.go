package main

import (
	"fmt"
	"io"
	"os"

	"github.com/heaplint/heaplint/internal/engine"
)

// printToolID answers go vet's `heaplint -V=full` with the build ID the Go
// linker wrote into this executable, and reports whether it could. go vet
// asks once per run and keys its result cache by the answer. go/analysis's
// own answer hashes the whole executable: about 40 ms for heaplint's 12 MB,
// which is a fifth of a warm re-run of a small module. The build ID's last
// part is a hash of the executable's content, so it changes exactly when
// the executable does. Without one (a binary linked with -buildid=), the
// caller falls back to go/analysis's hash.
func printToolID(w io.Writer) bool {
	exe, err := os.Executable()
	if err != nil {
		return false
	}
	id, ok := engine.GoBuildID(exe)
	if !ok {
		return false
	}
	// The go command parses "NAME version devel ... buildID=ID" and keys
	// its cache on the build ID; the words between are free, so they say
	// which heaplint this is.
	fmt.Fprintf(w, "heaplint version devel heaplint-%s buildID=%s\n", version(), id)
	return true
}
