// Package reusecold holds a per-call allocation on a failure path of a
// function called in a loop: dropped by default, reported with -cold.
package reusecold

import "io"

type encoder struct{ w io.Writer }

func (e *encoder) encode(name string, ok bool) error {
	if !ok {
		msg := make([]byte, 0, 64) // want `make\(\[\]byte, 0, 64\) allocates on a failure path`
		msg = append(msg, name...)
		e.w.Write(msg)
		panic("bad record")
	}
	_, err := io.WriteString(e.w, name)
	return err
}

func (e *encoder) encodeAll(names []string) {
	for _, n := range names {
		e.encode(n, n != "")
	}
}
