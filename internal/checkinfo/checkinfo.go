// Package checkinfo holds the machine-readable metadata of a heaplint check:
// the facts that the registry, the docs generator and the meta-tests read,
// kept next to the check's code so they cannot drift apart.
package checkinfo

import (
	"fmt"
	"regexp"
)

// FixKind says whether a check offers a SuggestedFix.
type FixKind string

const (
	FixNone   FixKind = "none"   // the message carries the remedy; no edit is offered
	FixSafe   FixKind = "safe"   // a mechanical, behaviour-preserving edit is offered where it compiles
	FixManual FixKind = "manual" // a fix is offered only in some cases; others need a person
)

// Info describes one check.
type Info struct {
	Name    string  // lowercase, no separators; equal to package, directory and Analyzer.Name
	Since   string  // first release that shipped the check, e.g. "v0.1.0"
	Default bool    // enabled without configuration
	Fix     FixKind // whether a SuggestedFix is offered
}

var (
	nameRE  = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	sinceRE = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)
)

// Validate reports the first malformed field of info.
func (info Info) Validate() error {
	switch {
	case !nameRE.MatchString(info.Name):
		return fmt.Errorf("check name %q: want lowercase letters and digits only", info.Name)
	case !sinceRE.MatchString(info.Since):
		return fmt.Errorf("check %s: Since %q is not a release tag like v0.1.0", info.Name, info.Since)
	}
	switch info.Fix {
	case FixNone, FixSafe, FixManual:
		return nil
	}
	return fmt.Errorf("check %s: Fix %q is not one of none, safe, manual", info.Name, info.Fix)
}
