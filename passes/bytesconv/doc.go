// Package bytesconv defines an Analyzer that reports conversions between
// strings and byte or rune slices that copy to the heap where a form
// without the copy exists.
//
// # Analyzer bytesconv
//
// bytesconv: report string and []byte conversions that allocate
//
// string(b), []byte(s), []rune(s) and string(runes) copy their operand,
// because strings are immutable and slices are not. The compiler avoids
// the copy where it can prove nothing changes: a map lookup m[string(b)],
// a comparison, a switch on string(b), range over []byte(s), an operand of
// a concatenation, and since Go 1.22 a []byte(s) that does not escape and
// is never written. A conversion that does not escape copies into a
// 32-byte stack buffer, and onto the heap only when longer. A conversion
// whose result escapes allocates every time. The check follows the
// compiler's escape analysis (internal/escape) and reports, where it runs
// often (in a loop, or in a function a loop of the package calls), an
// escaping conversion that has a remedy keeping behaviour:
//
//   - handed to a strings function that has a bytes twin (or the other way
//     round): strings.Fields(string(b)) is bytes.Fields(b);
//   - handed to a Write method: w.WriteString(s) when the writer has it,
//     else io.WriteString(w, s), which uses WriteString when the dynamic
//     writer has one; and w.Write(b) for WriteString(string(b)) or
//     io.WriteString(w, string(b));
//   - handed to a *regexp.Regexp method: its String form or the other;
//   - the key of a map update that rewrites the value already under it,
//     m[string(b)]++ or m[string(b)] = append(m[string(b)], v): keep
//     pointers as values, update a present key through m[string(b)],
//     which does not copy, and convert only to insert a new key.
//
// It also reports a string(buf[:n]) of an array longer than the stack
// buffer, copied to the heap although it does not escape.
//
// A copy that the program keeps (returned, stored, appended, sent, a map
// value, a key stored once) is the point of the conversion and is
// reported only with the kept setting, with no remedy: on 17 modules,
// every key stored once was either new or already looked up first. Conversions boxed into an interface on the
// way (fmt.Println(string(b))) are boxing's; those captured by an escaping
// closure, capture's. With unknown-length, conversions to string or []rune
// that do not escape are reported as "may allocate" where they run often,
// copy-free forms excepted.
//
// Bad:
//
//	for _, line := range lines {
//		w.Write([]byte(line))
//	}
//
// Good:
//
//	for _, line := range lines {
//		io.WriteString(w, line)
//	}
//
// Cost: 100 lines of 40 bytes written to an io.Writer (a *bufio.Writer
// held in an interface): []byte(line) 100 allocs/op and 4,800 B/op against
// 0 allocs/op with io.WriteString (and about twice as fast);
// m[string(k)]++ on 4 present keys, 4 allocs/op and 24 B/op against 0
// with *int values updated through a lookup; string(buf[:]) of a 64-byte
// array, 1 alloc/op and 64 B/op against 0 with bytes.Count;
// strings.Fields(string(b)) of a 60-byte line, 2 allocs/op and 256 B/op
// against 1 alloc/op and 288 B/op with bytes.Fields (its [][]byte is
// larger than the []string: one allocation fewer, no bytes saved)
// (BenchmarkBad vs BenchmarkGood, go1.26 amd64).
//
// Fix: not offered: the twins return other types, and a writer's method
// set is known only at run time.
//
// Limitations: only conversions in loops, or in functions that a loop of
// the same package calls, are reported unless outside-loops is set.
// Conversions escaping only into functions of other modules, whose escape
// heaplint does not know, are not reported. The escape analysis does not
// inline: a callee the compiler inlines may keep a conversion the check
// reports on the stack. A conversion whose result is trimmed or cut before
// it escapes (strings.TrimSpace(string(b)) returned) is kept, though
// string(bytes.TrimSpace(b)) would copy less.
package bytesconv
