package example

import (
	"fmt"
	"strings"
)

// csvLine builds a line with +=: strconcat reports it, since every += copies
// the whole line so far to the heap, and offers a strings.Builder.
func csvLine(fields []string) string {
	line := ""
	for i, f := range fields {
		if i > 0 {
			line += ","
		}
		line += f
	}
	return line
}

// csvLineBuilder writes the fields into one growing buffer.
func csvLineBuilder(fields []string) string {
	var line strings.Builder
	for i, f := range fields {
		if i > 0 {
			line.WriteString(",")
		}
		line.WriteString(f)
	}
	return line.String()
}

// scores rebuilds its string with fmt.Sprintf: reported, and fixed with
// fmt.Fprintf into a strings.Builder.
func scores(xs []int) string {
	s := "scores:"
	for _, x := range xs {
		s = fmt.Sprintf("%s %d", s, x)
	}
	return s
}
