package strconcatgeneric

// join concatenates values of a type parameter: the type set decides, no
// report.
func join[S ~string](parts []S) S {
	var s S
	for _, p := range parts {
		s += p
	}
	return s
}

// joinAny concatenates strings in a generic function.
func joinAny[T any](parts []T, str func(T) string) string {
	s := ""
	for _, p := range parts {
		s += str(p) // want `s \+= copies s`
	}
	return s
}

var _ = join[string]
var _ = joinAny[int]
