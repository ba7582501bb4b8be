// Package unsizedmakeweigh marks, for each slice or map the check follows,
// the appends and stores in loops where the runtime charges its growth:
// the positions a finding gives as Weigh, whose profile weight is its own.
package unsizedmakeweigh

func slice(xs []int) []int {
	var out []int
	out = append(out, 0)
	for _, x := range xs {
		if x > 0 {
			out = append(out, x) // want `grows here`
		} else {
			out = append(out, -x) // want `grows here`
		}
	}
	return out
}

func table(xs []string) map[string]int {
	m := map[string]int{}
	for i, x := range xs {
		m[x] = i // want `grows here`
	}
	return m
}

func regrown(line string, next func(string) (string, string)) int {
	var words []string
	for w, rest := next(line); w != ""; w, rest = next(rest) {
		words = append(words, w) // want `grows here`
	}
	return len(words)
}
