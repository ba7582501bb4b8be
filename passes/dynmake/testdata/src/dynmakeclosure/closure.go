package dynmakeclosure

import "io"

// Reported: inside a function literal.
func reader(r io.Reader, ns []int) func() int {
	return func() int {
		t := 0
		for _, n := range ns {
			buf := make([]byte, n) // want `make\(\[\]byte, n\) allocates on each iteration: it escapes through a call of interface method Read`
			m, _ := r.Read(buf)
			t += m
		}
		return t
	}
}

// Silent: captured by a closure that is kept, each buffer is needed.
func captured(ns []int) []func() int {
	var fs []func() int
	for _, n := range ns {
		buf := make([]byte, n)
		fs = append(fs, func() int { return len(buf) })
	}
	return fs
}

// Silent: deferred calls keep their arguments until the function returns.
func deferred(w io.Writer, ns []int) {
	for _, n := range ns {
		buf := make([]byte, n)
		defer w.Write(buf)
	}
}

// Silent: a go statement keeps it.
func spawned(w io.Writer, ns []int) {
	for _, n := range ns {
		buf := make([]byte, n)
		go w.Write(buf)
	}
}

// Silent: a closure called directly may be inlined by the compiler.
func direct(ns []int) int {
	t := 0
	for _, n := range ns {
		buf := make([]byte, n)
		t += func(b []byte) int { return len(b) }(buf)
	}
	return t
}
