package boxingnoremedy

import (
	"fmt"
	"reflect"
)

type Point struct{ X, Y, Z float64 }

// Once per call and nothing to write instead: dropped.
func set(v reflect.Value, p Point) {
	v.Set(reflect.ValueOf(p))
}

// Once per call, with a remedy: reported.
func show(n int) string {
	return fmt.Sprint(n) // want `converting n \(int, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call`
}

// On each iteration, even with nothing to write instead: reported.
func setAll(vs []reflect.Value, ps []Point) {
	for i, p := range ps {
		vs[i].Set(reflect.ValueOf(p)) // want `converting p \(Point, 24 bytes\) to any allocates on each iteration: .*reflect works on interfaces: no rewrite keeps its behaviour`
	}
}

// debugf is a printf-like wrapper of the package: its ...any is what it
// formats, so no variant is advised, and once per call it is dropped.
func debugf(format string, args ...any) {
	if false {
		fmt.Printf(format, args...)
	}
}

func route(method, path string) {
	debugf("%s %s", method, path)
}
