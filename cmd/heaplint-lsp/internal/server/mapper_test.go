package server

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
)

func TestMapper(t *testing.T) {
	// "é" is 2 bytes and 1 UTF-16 unit, "世" 3 bytes and 1 unit, "😀" 4 bytes and 2 units.
	content := []byte("aé世😀b\n\nx\xffy\nlast")
	m := newMapper(content)
	for _, tc := range []struct {
		offset int
		pos    protocol.Position
	}{
		{0, protocol.Position{Line: 0, Character: 0}},
		{1, protocol.Position{Line: 0, Character: 1}},  // é
		{3, protocol.Position{Line: 0, Character: 2}},  // 世
		{6, protocol.Position{Line: 0, Character: 3}},  // 😀
		{10, protocol.Position{Line: 0, Character: 5}}, // b
		{11, protocol.Position{Line: 0, Character: 6}}, // the newline
		{12, protocol.Position{Line: 1, Character: 0}},
		{13, protocol.Position{Line: 2, Character: 0}}, // x
		{14, protocol.Position{Line: 2, Character: 1}}, // an invalid byte: one unit
		{15, protocol.Position{Line: 2, Character: 2}}, // y
		{17, protocol.Position{Line: 3, Character: 0}},
		{21, protocol.Position{Line: 3, Character: 4}}, // end of content
	} {
		if got := m.position(tc.offset); got != tc.pos {
			t.Errorf("position(%d) = %v, want %v", tc.offset, got, tc.pos)
		}
		got, err := m.offset(tc.pos)
		if err != nil || got != tc.offset {
			t.Errorf("offset(%v) = %d, %v; want %d", tc.pos, got, err, tc.offset)
		}
	}
	// Inside a multi-byte character: its start. Past the content: its end.
	if got := m.position(8); got != (protocol.Position{Line: 0, Character: 3}) {
		t.Errorf("position inside 😀 = %v", got)
	}
	if got := m.position(99); got != (protocol.Position{Line: 3, Character: 4}) {
		t.Errorf("position past the end = %v", got)
	}
	// Past the end of a line: the line's end. Past the last line: an error.
	if got, err := m.offset(protocol.Position{Line: 1, Character: 9}); err != nil || got != 12 {
		t.Errorf("offset past a line's end = %d, %v", got, err)
	}
	if _, err := m.offset(protocol.Position{Line: 9}); err == nil {
		t.Error("offset past the last line: no error")
	}
}

func TestApplyChange(t *testing.T) {
	content := []byte("héllo\nwörld\n")
	got, err := applyChange(content, protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: protocol.Position{Line: 0, Character: 1}, End: protocol.Position{Line: 1, Character: 2}},
		Text:  "-",
	})
	if err != nil || string(got) != "h-rld\n" {
		t.Errorf("ranged change = %q, %v", got, err)
	}
	got, err = applyChange(content, protocol.TextDocumentContentChangeEvent{Text: "all new"})
	if err != nil || string(got) != "all new" {
		t.Errorf("full change = %q, %v", got, err)
	}
	_, err = applyChange(content, protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: protocol.Position{Line: 7}, End: protocol.Position{Line: 7}},
	})
	if err == nil {
		t.Error("change past the end: no error")
	}
}

func TestURI(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX paths")
	}
	path := filepath.FromSlash("/tmp/a dir/ü#1.go")
	uri := pathToURI(path)
	if uri != "file:///tmp/a%20dir/%C3%BC%231.go" {
		t.Errorf("pathToURI(%q) = %q", path, uri)
	}
	if got, err := uriToPath(uri); err != nil || got != path {
		t.Errorf("uriToPath(%q) = %q, %v", uri, got, err)
	}
	for _, bad := range []protocol.DocumentURI{"untitled:Untitled-1", "file:relative/x.go", "%zz"} {
		if _, err := uriToPath(bad); err == nil {
			t.Errorf("uriToPath(%q): no error", bad)
		}
	}
}
