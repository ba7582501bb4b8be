// Package boxingfixsole holds one fmt call: its fix removes the import.
package boxingfixsole

import (
	"fmt"
	"strings"
)

var _ = strings.ToUpper

func id(n int) string {
	return "id-" + fmt.Sprint(n) // want `converting n \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Sprint's argument; write strconv\.Itoa\(n\) instead: the same text without fmt`
}
