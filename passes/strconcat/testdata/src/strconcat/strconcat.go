package strconcat

import (
	"fmt"
	"strings"
)

func plusAssign(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p // want `s \+= copies s to a new string on the heap on each iteration: a string cannot grow in place`
	}
	return s
}

func plus(parts []string) string {
	var s string
	for _, p := range parts {
		s = s + p + "," // want `appending to s with \+ copies it to a new string on the heap on each iteration: .*make s a strings.Builder: s.WriteString\(x\) appends`
	}
	return s
}

func prepend(parts []string) string {
	s := ""
	for _, p := range parts {
		s = p + "/" + s // want `prepending to s copies it to a new string on the heap on each iteration: .*collect the parts in a \[\]string`
	}
	return s
}

func sprintf(n int) string {
	s := "["
	for i := range n {
		s = fmt.Sprintf("%s%d,", s, i) // want `rebuilding s with fmt.Sprintf copies it to a new string on the heap on each iteration: .*fmt.Fprintf\(&s, ...\) appends`
	}
	return s + "]"
}

func sprint(xs []int) string {
	s := ""
	for _, x := range xs {
		s = fmt.Sprint(s, x) // want `rebuilding s with fmt.Sprint copies it`
	}
	return s
}

func appendSprintf(xs []int) string {
	s := ""
	for _, x := range xs {
		s += fmt.Sprintf("%d;", x) // want `s \+= copies s .*fmt.Fprintf\(&s, ...\) appends`
	}
	return s
}

// branches appends in two arms, one per iteration: one finding, which
// does not count them twice.
func branches(xs []int) string {
	s := ""
	for _, x := range xs {
		if x > 0 {
			s += "+" // want `s \+= copies s to a new string on the heap inside a loop: a string cannot grow in place, so each append copies all of it; make s a strings\.Builder: s\.WriteString\(x\) appends, s\.String\(\) reads`
		} else {
			s += "-"
		}
	}
	return s
}

// nested appends in an inner loop to a string of the outer loop.
func nested(rows [][]string) []string {
	var out []string
	for _, row := range rows {
		line := ""
		for _, c := range row {
			line += c // want `line \+= copies line to a new string on the heap on each iteration of 2 nested loops`
		}
		out = append(out, line)
	}
	return out
}

type builder struct {
	out string
}

// field appends to a field: no fix, a local builder instead.
func (b *builder) field(parts []string) {
	for _, p := range parts {
		b.out += p // want `b.out \+= copies b.out .*build it in a local strings.Builder and assign b.out = b.String\(\) once after the loop`
	}
}

var log string

func global(parts []string) {
	for _, p := range parts {
		log += p // want `log \+= copies log`
	}
}

// captured is on the heap (a closure assigns it), read and written
// through its address.
func captured(parts []string) func() string {
	s := ""
	for _, p := range parts {
		s += p // want `s \+= copies s`
	}
	return func() string { s += "!"; return s }
}

// freshEachIteration concatenates into a new variable per iteration: no
// string grows across iterations.
func freshEachIteration(parts []string) []string {
	var out []string
	for _, p := range parts {
		s := "<" + p + ">"
		s += "\n"
		out = append(out, s)
	}
	return out
}

// once concatenates outside any loop.
func once(a, b string) string {
	s := a
	s += b
	return s
}

// builderAlready is the good form.
func builderAlready(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p)
	}
	return b.String()
}

// overwrite assigns a new value, not built from the old one.
func overwrite(parts []string) string {
	s := ""
	for _, p := range parts {
		s = p + "."
	}
	return s
}

type name string

// named builds a string of a named type: reported, no fix (a Builder's
// String() is a string).
func named(parts []name) name {
	var s name
	for _, p := range parts {
		s += p // want `s \+= copies s`
	}
	return s
}

// separated appends a separator on some iterations, then the part: one
// finding, counting both.
func separated(parts []string) string {
	line := ""
	for i, p := range parts {
		if i > 0 {
			line += "," // want `line \+= copies line to a new string on the heap 2 times inside a loop: a string cannot grow in place, so each append copies all of it; make line a strings\.Builder: line\.WriteString\(x\) appends, line\.String\(\) reads`
		}
		line += p
	}
	return line
}

// uniqueID extends id through a temporary: the string built is id.
func uniqueID(id string, taken map[string]bool) string {
	for n := 1; taken[id]; n++ {
		tmp := fmt.Sprintf("%s-%d", id, n) // want `rebuilding id with fmt.Sprintf copies it to a new string on the heap 2 times on each iteration`
		if !taken[tmp] {
			id = tmp
		} else {
			id = id + "-x"
		}
	}
	return id
}
