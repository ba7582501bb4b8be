package bytesconvgeneric

import (
	"io"
	"strings"
)

// conv converts a type parameter: the instance decides, not reported.
func conv[B ~[]byte](w io.Writer, xs []B) int {
	n := 0
	for _, x := range xs {
		n += len(strings.Fields(string(x)))
	}
	return n
}

// write converts strings in a generic function.
func write[T any](w io.Writer, xs []T, str func(T) string) {
	for _, x := range xs {
		w.Write([]byte(str(x))) // want `converting str\(x\) to \[\]byte allocates on each iteration`
	}
}

var _ = conv[[]byte]
var _ = write[int]
