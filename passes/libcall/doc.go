// Package libcall defines an Analyzer that reports calls of standard
// library functions that put their result on the heap, on hot paths, where
// another form of the call does the same work without that allocation.
//
// # Analyzer libcall
//
// libcall: report allocating library calls that have a cheaper form
//
// Many standard library functions return a new slice or string: the
// allocation happens inside the callee, so the compiler says nothing at
// the call, but it is charged to the call's line in a heap profile, and
// in the benchmarks of real modules such calls hold about a sixth of the
// bytes. For many of them the library has a form that writes into memory
// the caller already has, or does without the result:
//   - strings.Split, Fields, FieldsFunc and SplitAfter (and the bytes
//     forms) ranged over: the Seq forms (Go 1.24) yield the same parts
//     without the slice; only the first part used: strings.Cut;
//     strings.SplitN(s, sep, 2): strings.Cut;
//   - strconv.Itoa, FormatInt and FormatUint, and time.Time.Format, whose result is appended to a []byte: the Append
//     forms write into the slice; written with WriteString to a
//     *bytes.Buffer or *bufio.Writer: into its AvailableBuffer (Go 1.21);
//   - fmt.Sprint, Sprintf and Sprintln appended to a []byte: fmt.Append,
//     Appendf and Appendln (Go 1.19); written to an io.Writer
//     (io.WriteString, w.Write([]byte(...)), WriteString of a
//     *bytes.Buffer, *strings.Builder or *bufio.Writer): fmt.Fprint*;
//   - strings.ToLower and ToUpper compared with == or != to another such
//     call or to a constant of that case: strings.EqualFold;
//   - json.Marshal, bufio.NewReader and NewWriter (and the Size forms) and
//     io.ReadAll, whose result is not returned or stored: a json.Encoder
//     on a reused bytes.Buffer, one bufio.Reader or Writer Reset per
//     stream, a reused bytes.Buffer's ReadFrom;
//   - regexp.MustCompile, Compile, MatchString and Match with a constant
//     pattern: compile once, into a package-level variable.
//
// The table is per Go version: an alternative is offered only when the
// file's Go version has it. Each entry's allocation and its
// alternative's are measured with testing.AllocsPerRun in the check's
// tests. A call is reported when it is hot: inside a loop, or on each
// call of a function called from a loop of its package (or sampled by a
// profile). Uses with no alternative that keeps behaviour (a result that
// is returned or kept, a key built with Sprintf) are not reported.
//
// The arguments that fmt and json.Marshal box into interfaces are the
// boxing check's findings; libcall speaks of the call's own result only.
//
// Bad:
//
//	for _, line := range lines {
//		for _, f := range strings.Split(line, ",") {
//			buf = append(buf, strconv.Itoa(len(f))...)
//		}
//	}
//
// Good:
//
//	for _, line := range lines {
//		for f := range strings.SplitSeq(line, ",") {
//			buf = strconv.AppendInt(buf, int64(len(f)), 10)
//		}
//	}
//
// Cost: splitting four lines of four numbers with strings.Split and
// appending each part's length with strconv.Itoa costs 20 allocs/op and
// 320 B/op, against 0 allocs/op and 0 B/op with strings.SplitSeq and
// strconv.AppendInt (BenchmarkBad vs BenchmarkGood, go1.26 amd64); the
// table's entries, measured one by one in TestTableClaims, save 1 to 23
// allocations per call.
//
// Fix: offered where the rewrite is mechanical: ranging over the Seq form
// (when the index is not used), appending with strconv.Append*,
// AppendFormat and fmt.Append*, and printing with fmt.Fprint* instead of
// writing a Sprint* result.
//
// Limitations: only the functions of the table are known; allocations in
// other modules' functions are not. A call is hot only by the loops of
// its own package (and a profile); a function called in a loop through an
// interface or from another package is not seen without a profile. The
// claims hold for Go 1.26; entries whose cost changed between releases are
// worded for the current one.
package libcall
