package example

import (
	"bytes"
	"io"
	"testing"
)

var titles = []string{"Introduction", "Getting started", "Configuration", "Checks", "Profiles", "Editors"}

// BenchmarkUnderline is what heapsite.pprof records: go test -run '^$'
// -bench Underline -benchtime 2000x -memprofile heapsite.pprof
// -memprofilerate 1 (scripts/example-profile.sh).
func BenchmarkUnderline(b *testing.B) {
	for b.Loop() {
		underline(io.Discard, titles)
		underlineReused(io.Discard, titles)
	}
}

// TestUnderlineSame: the reused form writes the same bytes.
func TestUnderlineSame(t *testing.T) {
	var a, b bytes.Buffer
	underline(&a, titles)
	underlineReused(&b, titles)
	if a.String() != b.String() {
		t.Errorf("underline wrote\n%s\nunderlineReused wrote\n%s", a.String(), b.String())
	}
}
