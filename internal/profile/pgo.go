package profile

import (
	"path/filepath"
	"slices"
)

// AutoPGO returns the default.pgo files beside the given main packages'
// directories, as `go build -pgo=auto` finds them: for each main package
// named on the command line, the file default.pgo in its directory if
// exists (the driver's os.Stat) finds it. The result is sorted, without duplicates.
//
// Unlike the go command, which builds each main package (and its
// dependencies) with its own profile, heaplint merges them all: one run
// weighs every analyzed package by every profile found.
func AutoPGO(exists func(name string) bool, mainDirs []string) []string {
	var out []string
	for _, dir := range mainDirs {
		file := filepath.Join(dir, "default.pgo")
		if exists(file) {
			out = append(out, file)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
