package boxingerrors

import (
	"fmt"
	"log"
	"os"
)

type Point struct{ X, Y, Z int64 }

func errorf(p Point) error {
	return fmt.Errorf("bad point %v", p) // want `converting p \(Point, 24 bytes\) to any allocates on a failure path: it escapes through fmt\.Errorf's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and convert it to a string once`
}

// wrap is an error constructor of the package's own: its only result is an error.
func wrap(format string, args ...any) error {
	return fmt.Errorf("wrapped: "+format, args...)
}

func viaWrap(p Point) error {
	return wrap("%v", p) // want `converting p \(Point, 24 bytes\) to any allocates on a failure path: it escapes through wrap's argument`
}

func fatal(p Point) {
	log.Fatalf("bad point %v", p) // want `converting p \(Point, 24 bytes\) to any allocates on a failure path: it escapes through log\.Fatalf's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}

func printed(p Point) {
	fmt.Fprintln(os.Stderr, p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through fmt\.Fprintln's argument; append p's fields with strconv's Append functions \(as fmt prints them: \{1 2 3\}\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
}
