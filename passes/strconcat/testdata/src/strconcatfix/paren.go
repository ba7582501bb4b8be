package strconcatfix

import (
	"bytes"
	"unicode"
)

func upperWords(b []byte) string {
	out := ""
	for _, w := range bytes.Fields(b) {
		out += string(bytes.Map(unicode.ToUpper, w)) // want `out \+= copies out`
	}
	return out
}
