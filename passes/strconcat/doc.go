// Package strconcat defines an Analyzer that reports strings built up by
// concatenation inside loops.
//
// # Analyzer strconcat
//
// strconcat: report strings built by concatenation in loops
//
// A string cannot grow: s += x makes a new string and copies all of s and x
// into it, on the heap (the compiler rewrites s += x after its escape
// analysis, so it never uses a stack buffer for it, and -m lists nothing).
// Building a string of n bytes from k parts this way allocates k times and
// copies about n²/2 bytes. The check reports a string variable, field or
// global that a loop builds from its own previous value: s += x,
// s = s + x + y, s = x + s, and s = fmt.Sprintf("%s...", s, ...) or
// fmt.Sprint(s, ...), once per variable and loop (the message counts the
// statements). It follows values in SSA, so it sees the accumulation
// through if/else and switch arms and in nested loops, and stays silent
// where a loop concatenates into a fresh variable on each iteration.
//
// The message names the variable and what to write instead: a
// strings.Builder written with WriteString, or with fmt.Fprintf(&b, ...)
// where the parts are formatted; for a field or global, a local builder
// assigned once after the loop; for parts that go in front, a slice joined
// once.
//
// Bad:
//
//	s := ""
//	for _, p := range parts {
//		s += p
//	}
//	return s
//
// Good:
//
//	var s strings.Builder
//	for _, p := range parts {
//		s.WriteString(p)
//	}
//	return s.String()
//
// Cost: 100 parts of 8 bytes: += 99 allocs/op, 42,216 B/op and 26.7 µs/op
// against 8 allocs/op, 1,912 B/op and 2.3 µs/op with a strings.Builder;
// s = fmt.Sprintf("%s%d,", s, i) 199 allocs/op and 16,570 B/op against 8
// allocs/op and 1,048 B/op with fmt.Fprintf(&s, "%d,", i) (BenchmarkBad
// vs BenchmarkGood, go1.26 amd64).
//
// Fix: offered for a local string variable declared in a statement list
// (s := e, var s string) whose every assignment is s += x, s = s + x or
// s = fmt.Sprintf("%s...", s, ...) and is not preceded in the source by a
// read of s; the reads become s.String(), appended fmt.Sprintf calls become
// fmt.Fprintf(&s, ...). Withheld otherwise (fields, globals, parts that go
// in front, a read between two appends, &s).
//
// Limitations: a string built through a helper function, or by appending
// to a copy (t := s + x; s = t) is seen, but one rebuilt with
// strings.Join or strings.Repeat is not. A loop that runs only a few
// times costs a few allocations; the check does not weigh trip counts.
// With the fix, fmt.Fprintf(&s, ...) moves the builder to the heap once
// per call (it is passed as an io.Writer).
package strconcat
