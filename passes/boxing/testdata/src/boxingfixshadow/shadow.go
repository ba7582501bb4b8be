// Package boxingfixshadow names a local strconv: no fix can name the
// package there, so none is offered; the advice still says what to write.
package boxingfixshadow

import "fmt"

func id(strconv int) string {
	return fmt.Sprint(strconv) // want `converting strconv \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Sprint's argument; append strconv with strconv\.AppendInt to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and convert it to a string once`
}
