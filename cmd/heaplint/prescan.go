package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// driverFlags are the flags heaplint reads before the analyzers exist,
// because they decide which analyzers to build and how to run them.
type driverFlags struct {
	config string   // -config FILE
	dir    string   // -C DIR
	engine string   // -engine vet|inprocess
	rest   []string // the other arguments, in order
}

const (
	engineVet       = "vet"
	engineInProcess = "inprocess"
)

// preScan finds -config, -C and -engine among args, in the forms the flag
// package accepts (-x v, -x=v, --x v, --x=v). It cannot know which other
// flags take a value (-c 3), so it looks at every argument up to "--"
// rather than stopping at the first one that is not a flag.
func preScan(args []string) (driverFlags, error) {
	pre := driverFlags{engine: engineVet}
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
		case name == "C":
			dst = &pre.dir
		case name == "engine":
			dst = &pre.engine
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
	if pre.engine != engineVet && pre.engine != engineInProcess {
		return pre, fmt.Errorf("flag -engine: %q is not %s or %s", pre.engine, engineVet, engineInProcess)
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

// wantsHelp reports whether the first argument that is not a flag is
// "help", or there is no package argument at all.
func wantsHelp(args []string) bool {
	for _, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			return arg == "help"
		}
	}
	return true
}

// absConfig returns the -config path as an absolute path: go vet runs the
// tool in each package's directory.
func absConfig(name string) (string, error) {
	if name == "" {
		return "", nil
	}
	return filepath.Abs(name)
}
