package main

import (
	"fmt"
	"strings"
)

// driverFlags are the flags heaplint reads before the analyzers exist,
// because they decide which analyzers to build.
type driverFlags struct {
	config string // -config FILE
	dir    string // -C DIR
}

// preScan finds -config and -C among args, in the forms the flag package
// accepts (-x v, -x=v, --x v, --x=v). It cannot know which other flags
// take a value (-c 3), so it looks at every argument up to "--" rather
// than stopping at the first one that is not a flag.
func preScan(args []string) (driverFlags, error) {
	var pre driverFlags
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		var dst *string
		switch name {
		case "config":
			dst = &pre.config
		case "C":
			dst = &pre.dir
		default:
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
