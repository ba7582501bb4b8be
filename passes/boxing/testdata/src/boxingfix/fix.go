package boxingfix

import (
	"fmt"
	"strings"
)

type Level int

func (Level) String() string { return "level" }

type Name string

type Kind uint8

// The fmt calls fmtfix rewrites, each fixed in place; fmt stays imported
// because other calls use it.

func itoa(n int) string {
	return fmt.Sprintf("%d", n) // want `converting n \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Sprintf's argument; write strconv\.Itoa\(n\) instead: the same text without fmt`
}

func concat(a, b string) string {
	return fmt.Sprintf("%s/%s", a, b) // want `converting a \(string, 16 bytes\) and b \(string, 16 bytes\) to any allocates 2 times on each call: it escapes through fmt\.Sprintf's argument; write a \+ "/" \+ b instead: the same text without fmt`
}

func hexOf(b []byte) string {
	return fmt.Sprintf("%x", b) // want `converting b \(\[\]byte, 24 bytes\) to any allocates on each call: it escapes through fmt\.Sprintf's argument; write hex\.EncodeToString\(b\) instead: the same text without fmt`
}

func named(n Name) string {
	return fmt.Sprint(n) + "!" // want `converting n \(Name, 16 bytes\) to any allocates on each call: it escapes through fmt\.Sprint's argument; write string\(n\) instead: the same text without fmt`
}

func first(a, b string) byte {
	return fmt.Sprintf("%s%s", a, b)[0] // want `converting a \(string, 16 bytes\) and b \(string, 16 bytes\) to any allocates 2 times on each call: it escapes through fmt\.Sprintf's argument; write a \+ b instead: the same text without fmt`
}

func write(sb *strings.Builder, s string) {
	fmt.Fprintf(sb, "%s", s) // want `converting s \(string, 16 bytes\) to any allocates on each call: it escapes through fmt\.Fprintf's argument; write io\.WriteString\(sb, s\) instead: the same text without fmt`
}

// A call that boxes nothing still runs fmt's formatting for nothing.
func kind(k Kind) string {
	return fmt.Sprintf("%d", k) // want `fmt\.Sprintf formats with fmt on each call: nothing in it needs fmt; write strconv\.FormatUint\(uint64\(k\), 10\) instead: the same text without fmt`
}

// Not rewritten: fmt calls String for %v, and %5d pads.
func level(l Level) string {
	return fmt.Sprintf("%v", l) // want `converting l \(Level, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Sprintf's argument; append l\.String\(\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and convert it to a string once`
}

func padded(n int) string {
	return fmt.Sprintf("%5d", n) // want `append n with strconv\.AppendInt\(b, int64\(n\), 10\) \(space-padded to 5 digits\)`
}
