// Package unsizedmakehot holds slices regrown from empty on each call of a
// function that a loop of the package calls, or on each iteration of a
// loop, by a count not known before the loop that grows them.
package unsizedmakehot

import "strings"

type tokenizer struct {
	fields []string
}

// next cuts the first word off s.
func next(s string) (word, rest string, ok bool) {
	word, rest, ok = strings.Cut(s, " ")
	return word, rest, ok || word != ""
}

// Reported: count is called in a loop, and fields does not outlive the call.
func (t *tokenizer) count(line string) int {
	var fields []string // want `fields reallocates as it grows by append in a loop on each call, and \(\*tokenizer\)\.total calls it in a loop: it starts empty on each call, and the count it grows to is not known before the loop; reuse one backing array across calls: keep it in a field of \*tokenizer, start from that field\[:0\] and store fields back after the loop \(if calls never overlap\), or take it from a sync\.Pool`
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		fields = append(fields, w)
	}
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	return n
}

func (t *tokenizer) total(lines []string) int {
	n := 0
	for _, l := range lines {
		n += t.count(l)
	}
	return n
}

// Reported: a plain function; strings.Join does not keep its argument.
func joined(line string) string {
	parts := []string{} // want `parts reallocates as it grows by append in a loop on each call, and joinAll calls it in a loop: it starts empty on each call, and the count it grows to is not known before the loop; reuse one backing array across calls: let the caller keep it and pass it in, start from it\[:0\] and hand parts back, or take it from a sync\.Pool`
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		parts = append(parts, strings.ToUpper(w))
	}
	return strings.Join(parts, "-")
}

func joinAll(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, joined(l))
	}
	return out
}

// Reported: made on each iteration of the outer loop, grown by an unknown
// count in the inner one, and dropped before the next iteration.
func longest(lines []string) int {
	best := 0
	for _, l := range lines {
		var words []string // want `words reallocates as it grows by append in a loop on each iteration: it starts empty on each iteration of the loop around it, and the count it grows to is not known before the loop that grows it; declare it before that loop and reset it with words = words\[:0\] on each iteration, so that one backing array serves them all`
		for w, rest, ok := next(l); ok; w, rest, ok = next(rest) {
			words = append(words, w)
		}
		best = max(best, len(words))
	}
	return best
}

// Silent: returned, so reusing its array would change what callers hold.
func split(line string) []string {
	var out []string
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		out = append(out, w)
	}
	return out
}

func splitAll(lines []string) (n int) {
	for _, l := range lines {
		n += len(split(l))
	}
	return n
}

// Silent: kept in a field.
func (t *tokenizer) keep(line string) {
	var out []string
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		out = append(out, w)
	}
	t.fields = out
}

func (t *tokenizer) keepAll(lines []string) {
	for _, l := range lines {
		t.keep(l)
	}
}

// Silent: each iteration's slice is kept in another slice.
func rows(lines []string) [][]string {
	var all [][]string // want `all reallocates as it grows to len\(lines\) elements by append in a loop on each call: it starts without capacity; grow it just before the loop with all = slices\.Grow\(all, len\(lines\)\), which leaves it nil when the loop does not run`
	for _, l := range lines {
		var words []string
		for w, rest, ok := next(l); ok; w, rest, ok = next(rest) {
			words = append(words, w)
		}
		all = append(all, words)
	}
	return all
}

// Silent: not called in a loop of the package.
func once(line string) int {
	var out []string
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		out = append(out, w)
	}
	return len(out)
}

// Silent: a deliberate capacity.
func (t *tokenizer) sized(line string) int {
	out := make([]string, 0, 16)
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		out = append(out, w)
	}
	return len(out)
}

func (t *tokenizer) sizedAll(lines []string) (n int) {
	for _, l := range lines {
		n += t.sized(l)
	}
	return n
}

// Silent: a slice reused already.
func (t *tokenizer) reused(line string) int {
	out := t.fields[:0]
	for w, rest, ok := next(line); ok; w, rest, ok = next(rest) {
		out = append(out, w)
	}
	t.fields = out
	return len(out)
}

func (t *tokenizer) reusedAll(lines []string) (n int) {
	for _, l := range lines {
		n += t.reused(l)
	}
	return n
}

type node struct {
	kids []*node
	name string
}

// Silent: walk calls itself, so an array kept in the receiver across calls
// would be the one its caller is still reading.
func (t *tokenizer) walk(n *node) int {
	var names []string
	for w, rest, ok := next(n.name); ok; w, rest, ok = next(rest) {
		names = append(names, w)
	}
	total := len(names)
	for _, k := range n.kids {
		total += t.walk(k)
	}
	for _, nm := range names {
		total += len(nm)
	}
	return total
}

func (t *tokenizer) walkAll(ns []*node) (n int) {
	for _, x := range ns {
		n += t.walk(x)
	}
	return n
}
