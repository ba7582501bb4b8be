package main

import (
	"fmt"
	"strings"
)

// vetToolFlags are the flags heaplint reads, when go vet runs it on one
// package, before the analyzers exist: they decide which analyzers to
// build. go vet passes them on from its own command line (-config) or from
// heaplint's vet engine (-settings).
type vetToolFlags struct {
	config   string   // -config FILE
	settings string   // -settings JSON: the whole configuration, from heaplint's vet engine
	digests  string   // -profile-digests DIR: the profile's per-package digests, from heaplint's vet engine
	rest     []string // the other arguments, in order
}

// preScan finds -config and -settings among args, in the forms the flag
// package accepts (-x v, -x=v, --x v, --x=v). It cannot know which other
// flags take a value (-c 3), so it looks at every argument up to "--"
// rather than stopping at the first one that is not a flag.
func preScan(args []string) (vetToolFlags, error) {
	var pre vetToolFlags
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			pre.rest = append(pre.rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		var dst *string
		switch {
		case !strings.HasPrefix(arg, "-") || arg == "-":
		case name == "config":
			dst = &pre.config
		case name == settingsFlag:
			dst = &pre.settings
		case name == profileDigestsFlag:
			dst = &pre.digests
		}
		if dst == nil {
			pre.rest = append(pre.rest, arg)
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return pre, fmt.Errorf("flag -%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if value == "" {
			return pre, fmt.Errorf("flag -%s needs a non-empty value", name)
		}
		*dst = value
	}
	return pre, nil
}

// runsUnderGoVet reports whether args are go vet's calls of the tool: the
// flag handshake (-flags, -V=full) or a package's .cfg file.
func runsUnderGoVet(args []string) bool {
	for _, arg := range args {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && (name == "flags" || name == "V") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
