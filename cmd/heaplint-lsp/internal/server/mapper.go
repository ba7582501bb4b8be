package server

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
)

// mapper converts between byte offsets of one version of a file's content
// and LSP positions (zero-based line, UTF-16 code units in the line).
type mapper struct {
	content    []byte
	lineStarts []int // offset of the first byte of each line
}

func newMapper(content []byte) *mapper {
	m := &mapper{content: content, lineStarts: []int{0}}
	for i, b := range content {
		if b == '\n' {
			m.lineStarts = append(m.lineStarts, i+1)
		}
	}
	return m
}

// position returns the LSP position of a byte offset, clamped to the content.
// An offset inside a multi-byte character counts from that character's start.
func (m *mapper) position(offset int) protocol.Position {
	offset = max(0, min(offset, len(m.content)))
	line := sort.Search(len(m.lineStarts), func(i int) bool { return m.lineStarts[i] > offset }) - 1
	var col uint32
	for p := m.lineStarts[line]; p < offset; {
		r, size := utf8.DecodeRune(m.content[p:]) // an invalid byte is one U+FFFD: one unit
		if p+size > offset {
			break
		}
		col += uint32(utf16.RuneLen(r))
		p += size
	}
	return protocol.Position{Line: uint32(line), Character: col}
}

// offset returns the byte offset of an LSP position. A line past the end
// is an error; a character past the end of its line means the line's end.
func (m *mapper) offset(pos protocol.Position) (int, error) {
	if int(pos.Line) >= len(m.lineStarts) {
		if int(pos.Line) == len(m.lineStarts) && pos.Character == 0 {
			return len(m.content), nil // the position just after a final newline
		}
		return 0, fmt.Errorf("line %d is past the end of the file (%d lines)", pos.Line, len(m.lineStarts))
	}
	p := m.lineStarts[pos.Line]
	end := len(m.content)
	if int(pos.Line)+1 < len(m.lineStarts) {
		end = m.lineStarts[pos.Line+1] - 1 // the newline
	}
	var col uint32
	for p < end && col < pos.Character {
		r, size := utf8.DecodeRune(m.content[p:end])
		col += uint32(utf16.RuneLen(r))
		p += size
	}
	return p, nil
}

// rangeOf returns the LSP range of the byte span [start, end).
func (m *mapper) rangeOf(start, end int) protocol.Range {
	if end < start {
		end = start
	}
	return protocol.Range{Start: m.position(start), End: m.position(end)}
}

// applyChange returns content with one didChange event applied.
func applyChange(content []byte, ch protocol.TextDocumentContentChangeEvent) ([]byte, error) {
	if ch.Range == nil {
		return []byte(ch.Text), nil
	}
	m := newMapper(content)
	start, err := m.offset(ch.Range.Start)
	if err != nil {
		return nil, err
	}
	end, err := m.offset(ch.Range.End)
	if err != nil {
		return nil, err
	}
	if end < start {
		return nil, fmt.Errorf("change range ends before it starts")
	}
	out := make([]byte, 0, len(content)-(end-start)+len(ch.Text))
	out = append(out, content[:start]...)
	out = append(out, ch.Text...)
	return append(out, content[end:]...), nil
}

// uriToPath returns the absolute, cleaned file path of a file:// URI.
func uriToPath(uri protocol.DocumentURI) (string, error) {
	u, err := url.Parse(string(uri))
	if err != nil {
		return "", fmt.Errorf("bad URI %q: %v", uri, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("URI %q: not a file:// URI", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/") // file:///C:/x → C:/x
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("URI %q: not an absolute path", uri)
	}
	return filepath.Clean(p), nil
}

// pathToURI returns the file:// URI of an absolute path.
func pathToURI(path string) protocol.DocumentURI {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	return protocol.DocumentURI((&url.URL{Scheme: "file", Path: p}).String())
}
