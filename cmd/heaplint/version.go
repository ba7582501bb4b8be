package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is heaplint's version: the module version it was installed at
// (go install ...@v0.1.0), or for a build from a checkout "devel" with the
// commit, marked -dirty when the tree had changes.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v, dirty := "devel", ""
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision":
			v += "-" + s.Value[:min(12, len(s.Value))]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "-dirty"
		}
	}
	return v + dirty
}

// printVersion answers -version.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "heaplint %s (%s %s/%s)\n", version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
