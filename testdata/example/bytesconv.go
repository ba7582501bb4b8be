package example

import (
	"io"
	"strings"
)

// writeNames converts each name to []byte for Write: bytesconv reports the
// copy, which escapes into the interface method, on every iteration.
func writeNames(w io.Writer, names []string) {
	for _, n := range names {
		w.Write([]byte(n))
		w.Write([]byte("\n"))
	}
}

// writeNamesString lets the writer take the string: no copy when it has a
// WriteString method (files, buffers, bufio.Writer, strings.Builder).
func writeNamesString(w io.Writer, names []string) {
	for _, n := range names {
		io.WriteString(w, n)
		io.WriteString(w, "\n")
	}
}

// countWords copies each line to a string to split it: reported, with
// bytes.Fields as the remedy. Counting words per line with a map lookup
// m[string(b)] would not copy, and is not reported.
func countWords(lines [][]byte, known map[string]bool) (words, hits int) {
	for _, l := range lines {
		for _, w := range strings.Fields(string(l)) {
			words++
			if known[w] {
				hits++
			}
		}
	}
	return words, hits
}
