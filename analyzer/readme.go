package analyzer

import (
	"fmt"
	"strings"

	"github.com/heaplint/heaplint/internal/analysisdoc"
)

// ChecksMarkdown renders the README's check list from each check's Info and
// its parsed doc.go, so that the prose lives in one place.
func ChecksMarkdown(docs map[string]*analysisdoc.Doc) string {
	var b strings.Builder
	b.WriteString("| check | reports | default | fix |\n|---|---|---|---|\n")
	for _, e := range checks {
		d := docs[e.Info.Name]
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", e.Info.Name, e.Info.Name, d.Title, onOff(e.Info.Default), e.Info.Fix)
	}
	for _, e := range checks {
		d := docs[e.Info.Name]
		fmt.Fprintf(&b, "\n### %s\n\n%s.\n\n%s\n\nBad:\n\n```go\n%s\n```\n\nGood:\n\n```go\n%s\n```\n\n**Cost:** %s\n\n**Fix:** %s\n",
			e.Info.Name, capitalize(d.Title), d.Rationale, d.Bad, d.Good, d.Cost, d.Fix)
		if d.Limitations != "" {
			fmt.Fprintf(&b, "\n**Limitations:** %s\n", d.Limitations)
		}
	}
	return b.String()
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
