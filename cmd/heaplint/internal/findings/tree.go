package findings

import (
	"cmp"
	"encoding/json"
	"go/token"
	"io"

	"golang.org/x/tools/go/analysis"
)

// Tree is a go/analysis JSON tree being built by an engine that runs the
// analyzers itself: package ID → check → diagnostics or an error. Add
// encodes a check's results as go vet's unitchecker does (driverutil's
// JSONTree, field for field), so that Read gives the same findings
// whichever engine wrote the tree.
type Tree map[string]map[string]any

// Add records the results of check on package id: its diagnostics, or the
// error it failed with. A check that found nothing is left out.
func (t Tree) Add(fset *token.FileSet, id, check string, diags []analysis.Diagnostic, err error) {
	var v any
	switch {
	case err != nil:
		v = jsonError{err.Error()}
	case len(diags) > 0:
		list := make([]jsonDiag, 0, len(diags))
		for _, d := range diags {
			list = append(list, encodeDiag(fset, d))
		}
		v = list
	default:
		return
	}
	if t[id] == nil {
		t[id] = map[string]any{}
	}
	t[id][check] = v
}

func encodeDiag(fset *token.FileSet, d analysis.Diagnostic) jsonDiag {
	jd := jsonDiag{
		Category: d.Category,
		Posn:     fset.Position(d.Pos).String(),
		End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
		Message:  d.Message,
	}
	for _, fix := range d.SuggestedFixes {
		var edits []jsonEdit
		for _, e := range fix.TextEdits {
			start, end := fset.Position(e.Pos), fset.Position(e.End)
			edits = append(edits, jsonEdit{Filename: start.Filename, Start: start.Offset, End: end.Offset, New: string(e.NewText)})
		}
		jd.SuggestedFixes = append(jd.SuggestedFixes, jsonFix{Message: fix.Message, Edits: edits})
	}
	for _, r := range d.Related {
		jd.Related = append(jd.Related, jsonRelated{
			Posn:    fset.Position(r.Pos).String(),
			End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
			Message: r.Message,
		})
	}
	return jd
}

// Write writes the tree as one JSON value.
func (t Tree) Write(w io.Writer) error {
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
