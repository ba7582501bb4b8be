package dynmakegeneric

type Decoder[T any] interface{ Decode([]T) int }

// Reported: the escape does not depend on T.
func DecodeAll[T any](d Decoder[T], ns []int) int {
	total := 0
	for _, n := range ns {
		buf := make([]T, n) // want `make\(\[\]T, n\) allocates on each iteration: it escapes through a call of interface method Decode`
		total += d.Decode(buf)
	}
	return total
}

// Silent: T's size decides whether the stack buffer holds it, per instance.
func Count[T comparable](ns []int, zero T) int {
	c := 0
	for _, n := range ns {
		buf := make([]T, n)
		for i := range buf {
			if buf[i] == zero {
				c++
			}
		}
	}
	return c
}

// Silent: a constant size of a type parameter has no known size.
func Fixed[T any]() int {
	buf := make([]T, 100000)
	return len(buf)
}

// Reported: a slice type that is a type parameter.
func Chunks[S ~[]E, E any](ns []int, f func(S)) {
	for _, n := range ns {
		f(make(S, n)) // want `make\(S, n\) allocates on each iteration: it escapes through a call through a func value`
	}
}

type byteDecoder struct{}

func (byteDecoder) Decode(b []byte) int { return len(b) }

// Instances, so that the compiler compiles the bodies above.
func Use(ns []int) int {
	var d Decoder[byte] = byteDecoder{}
	Chunks(ns, func([]byte) {})
	return DecodeAll(d, ns) + Count(ns, 0) + Fixed[int64]()
}
