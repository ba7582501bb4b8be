package boxingerrors

import (
	"fmt"
	"log"
	"os"
)

type Point struct{ X, Y, Z int64 }

func errorf(p Point) error {
	return fmt.Errorf("bad point %v", p) // want `converting Point \(24 bytes\) to any allocates: it escapes through fmt\.Errorf's argument`
}

// wrap is an error constructor of the package's own: its only result is an error.
func wrap(format string, args ...any) error {
	return fmt.Errorf("wrapped: "+format, args...)
}

func viaWrap(p Point) error {
	return wrap("%v", p) // want `converting Point \(24 bytes\) to any allocates`
}

func fatal(p Point) {
	log.Fatalf("bad point %v", p) // want `converting Point \(24 bytes\) to any allocates`
}

func printed(p Point) {
	fmt.Fprintln(os.Stderr, p) // want `converting Point \(24 bytes\) to any allocates`
}
