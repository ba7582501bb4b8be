package strconcatfix

import str "strings"

func trimmed(xs []string) string {
	var s string = ""
	for _, x := range xs {
		s += str.TrimSpace(x) // want `s \+= copies s`
	}
	return s
}
