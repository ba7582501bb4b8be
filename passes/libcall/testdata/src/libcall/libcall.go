package libcall

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Reported, with a fix: ranging over the parts.
func countFields(lines []string) (n int) {
	for _, line := range lines {
		for _, f := range strings.Split(line, ",") { // want `strings.Split\(line, ","\) makes its \[\]string result on the heap on each iteration; range over strings.SplitSeq, which yields the same parts without the slice`
			n += len(f)
		}
		for range strings.Fields(line) { // want `strings.Fields\(line\) makes its \[\]string result on the heap on each iteration; range over strings.FieldsSeq`
			n++
		}
		for i, f := range bytes.Split([]byte(line), []byte(",")) { // want `range over bytes.SplitSeq, which yields the same parts without the slice \(count the index yourself\)`
			n += i + len(f)
		}
	}
	return n
}

// Reported: only the first part is used.
func keys(lines []string) (n int) {
	for _, line := range lines {
		parts := strings.Split(line, "=") // want `strings.Split\(line, "="\) makes its \[\]string result on the heap on each iteration; before, _, _ := strings.Cut\(s, sep\) gives the first part`
		n += len(parts[0])
	}
	return n
}

// Reported: SplitN(s, sep, 2) is Cut.
func pairs(lines []string) (n int) {
	for _, line := range lines {
		kv := strings.SplitN(line, "=", 2) // want `strings.SplitN\(line, "=", 2\) makes its \[\]string result on the heap on each iteration; before, after, found := strings.Cut\(s, sep\)`
		if len(kv) == 2 {
			n += len(kv[0]) + len(kv[1])
		}
	}
	return n
}

// Silent: every part is kept.
func all(lines []string) (out [][]string) {
	for _, line := range lines {
		out = append(out, strings.Split(line, ","))
	}
	return out
}

// Reported, with fixes: formatted results appended to a []byte.
func encode(buf []byte, ns []int, fs []float64, ts []time.Time) []byte {
	for _, n := range ns {
		buf = append(buf, strconv.Itoa(n)...)                 // want `strconv.Itoa\(n\) makes its string result on the heap on each iteration: for values outside 0 to 99; append with strconv.AppendInt\(buf, int64\(n\), 10\), which writes into the slice`
		buf = append(buf, strconv.FormatInt(int64(n), 16)...) // want `strconv.FormatInt\(int64\(n\), 16\) makes its string result on the heap on each iteration: for values outside 0 to 99 in base 10; append with strconv.AppendInt\(buf, int64\(n\), 16\)`
		buf = append(buf, fmt.Sprintf("<%d>", n)...)          // want `fmt.Sprintf\("<%d>", n\) makes its string result on the heap on each iteration: unless it is empty or one byte; append with fmt.Appendf, which formats into the slice`
	}
	for _, f := range fs {
		// Silent: inlined, and built in a stack buffer when only appended.
		buf = append(buf, strconv.FormatFloat(f, 'g', -1, 64)...)
	}
	for _, t := range ts {
		buf = append(buf, t.Format(time.RFC3339)...) // want `t.Format\(time.RFC3339\) makes its string result on the heap on each iteration; append with t.AppendFormat\(buf, time.RFC3339\)`
	}
	return buf
}

// Silent: the strings are kept.
func names(ns []int) (out []string) {
	for _, n := range ns {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// Reported: written with WriteString to a *bytes.Buffer.
func writeInts(b *bytes.Buffer, ns []int64) {
	for _, n := range ns {
		b.WriteString(strconv.FormatInt(n, 10)) // want `strconv.FormatInt\(n, 10\) makes its string result on the heap on each iteration: for values outside 0 to 99 in base 10; write b.Write\(strconv.AppendInt\(b.AvailableBuffer\(\), ...\)\) instead`
	}
}

// Reported, with fixes: a formatted string written out.
func report(w io.Writer, sb *strings.Builder, names []string) {
	for i, name := range names {
		io.WriteString(w, fmt.Sprintf("%d: %s\n", i, name)) // want `fmt.Sprintf\("%d: %s\\n", i, name\) makes its string result on the heap on each iteration: unless it is empty or one byte; print with fmt.Fprintf to w, which writes without the string`
		w.Write([]byte(fmt.Sprintln(name)))                 // want `fmt.Sprintln\(name\) makes its string result on the heap on each iteration; print with fmt.Fprintln to w`
		sb.WriteString(fmt.Sprint(i))                       // want `fmt.Sprint\(i\) makes its string result on the heap on each iteration: unless it is empty or one byte; print with fmt.Fprint to sb`
	}
}

// Silent: a key built with Sprintf has no form without the string.
func lookupAll(m map[string]int, ids []int) (n int) {
	for _, id := range ids {
		n += m[fmt.Sprintf("id-%d", id)]
	}
	return n
}

// Reported: a case-insensitive comparison.
func hasGet(methods []string) bool {
	for _, m := range methods {
		if strings.ToLower(m) == "get" { // want `strings.ToLower\(m\) makes its string result on the heap on each iteration: when s has upper-case letters; compare with strings.EqualFold`
			return true
		}
	}
	return false
}

// Silent: a constant that ToLower never returns.
func never(methods []string) bool {
	for _, m := range methods {
		if strings.ToLower(m) == "GET" {
			return true
		}
	}
	return false
}

// Reported: a constant pattern compiled on each iteration.
func matches(lines []string) (n int) {
	for _, l := range lines {
		re := regexp.MustCompile(`^\d+$`) // want `regexp.MustCompile\(.*\) makes a compiled regexp.Regexp on the heap on each iteration; compile it once, into a package-level variable`
		if re.MatchString(l) {
			n++
		}
		if ok, _ := regexp.MatchString(`^a`, l); ok { // want `regexp.MatchString\(.*\) makes a compiled regexp.Regexp on the heap on each iteration; compile the pattern once, into a package-level variable, and call its MatchString method`
			n++
		}
	}
	return n
}

// Silent: the pattern comes from the data.
func matchAny(patterns []string, s string) bool {
	for _, p := range patterns {
		if ok, _ := regexp.MatchString(p, s); ok {
			return true
		}
	}
	return false
}

type record struct{ ID int }

// Reported: per-call allocations of a function called in a loop.
func send(w io.Writer, r io.Reader, rec record) error {
	b, err := json.Marshal(rec) // want `json.Marshal\(rec\) makes its \[\]byte result on the heap on each call, and sendAll calls it in a loop; when the bytes are only written or copied, encode with a json.Encoder on a reused bytes.Buffer`
	if err != nil {
		return err
	}
	br := bufio.NewReader(r) // want `bufio.NewReader\(r\) makes a bufio.Reader and its 4096-byte buffer on the heap on each call, and sendAll calls it in a loop; keep one \*bufio.Reader across calls`
	line, _ := br.ReadString('\n')
	data, _ := io.ReadAll(r) // want `io.ReadAll\(r\) makes its \[\]byte result, grown from 512 bytes on the heap on each call, and sendAll calls it in a loop; read into a bytes.Buffer kept across calls`
	w.Write(data)
	_, err = w.Write(append(b, line...))
	return err
}

// Silent: the reader is returned.
func open(r io.Reader) *bufio.Reader {
	return bufio.NewReader(r)
}

func sendAll(w io.Writer, r io.Reader, recs []record) {
	for _, rec := range recs {
		send(w, r, rec)
		open(r)
	}
}

// Silent: once per call of a function not called in a loop.
func once(w io.Writer, rec record) {
	b, _ := json.Marshal(rec)
	w.Write(b)
}

type ctx struct{ keys map[string]any }

func (c *ctx) set(k string, v any) { c.keys[k] = v }

// Silent: the body is kept in the context, so a reused buffer would be
// overwritten under it.
func (c *ctx) body(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	c.set("body", b)
	return nil, nil
}

func (c *ctx) bodies(rs []io.Reader) {
	for _, r := range rs {
		c.body(r)
	}
}

type binder interface{ bind([]byte) error }

// Silent: kept in the context, and also handed to an interface method.
func (c *ctx) bindBody(r io.Reader, b binder) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.set("body", body)
	return b.bind(body)
}

func (c *ctx) bindAll(rs []io.Reader, b binder) {
	for _, r := range rs {
		c.bindBody(r, b)
	}
}
