package reuse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

type record struct {
	ID   int
	Name string
}

type encoder struct {
	w   io.Writer
	buf []byte
}

// Reported: a buffer per call, written out and dropped.
func (e *encoder) encode(r record) error {
	buf := make([]byte, 0, 64) // want `make\(\[\]byte, 0, 64\) allocates on each call, and \(\*encoder\).encodeAll calls it in a loop: it escapes through a call of interface method Write; keep one buffer across calls \(a field of \*encoder\) and reset it with buf = buf\[:0\]`
	buf = strconv.AppendInt(buf, int64(r.ID), 10)
	buf = append(buf, r.Name...)
	_, err := e.w.Write(buf)
	return err
}

// Silent: the buffer the encoder keeps, reset on each call.
func (e *encoder) encodeReused(r record) error {
	e.buf = strconv.AppendInt(e.buf[:0], int64(r.ID), 10)
	e.buf = append(e.buf, r.Name...)
	_, err := e.w.Write(e.buf)
	return err
}

func (e *encoder) encodeAll(rs []record) {
	for _, r := range rs {
		e.encode(r)
		e.encodeReused(r)
		_ = e.header(r)
		_ = e.keep(r)
	}
}

// Silent: returned, so the caller owns it.
func (e *encoder) header(r record) []byte {
	buf := make([]byte, 0, 64)
	return strconv.AppendInt(buf, int64(r.ID), 10)
}

// Silent: stored into the receiver, which outlives the call.
func (e *encoder) keep(r record) int {
	buf := make([]byte, 0, 64)
	buf = strconv.AppendInt(buf, int64(r.ID), 10)
	e.buf = buf
	return len(buf)
}

// Reported: decoded into and read; reset with *p = record{}.
func decodeID(data []byte) int {
	r := &record{} // want `&record\{\} allocates on each call, and decodeAll calls it in a loop: it escapes through json.Unmarshal's argument; keep one record across calls .* and reset it with \*p = record\{\}`
	if json.Unmarshal(data, r) != nil {
		return -1
	}
	return r.ID
}

// Reported: a variable whose address escapes into the decoder.
func decodeName(data []byte) string {
	var r record // want `r \(record, 24 bytes\) allocates on each call, and decodeAll calls it in a loop: it escapes through`
	if json.Unmarshal(data, &r) != nil {
		return ""
	}
	return r.Name
}

// Silent: the decoded value is returned.
func decode(data []byte) *record {
	r := new(record)
	json.Unmarshal(data, r)
	return r
}

// Silent: not called in a loop, so once per call of something cold.
func decodeOnce(data []byte) int {
	r := &record{}
	json.Unmarshal(data, r)
	return r.ID
}

func decodeAll(msgs [][]byte) (n int) {
	for _, m := range msgs {
		n += decodeID(m)
		n += len(decodeName(m))
		n += decode(m).ID
	}
	return n
}

var _ = decodeOnce

// Reported: a map that does not escape but is filled beyond 8 entries.
func distinct(words []string) int {
	seen := make(map[string]bool, len(words)) // want `make\(map\[string\]bool, len\(words\)\) goes to the heap on each call, and count calls it in a loop: the compiler keeps a map that does not escape on the stack only up to 8 entries, and this one is sized or filled beyond that; keep one map across calls .* and empty it with clear`
	for _, w := range words {
		seen[w] = true
	}
	return len(seen)
}

// Silent: a small map, on the stack.
func pair(a, b string) int {
	m := map[string]int{a: 1, b: 2}
	return m[a] + m[b]
}

// Reported: a make with a non-constant size that does not escape.
func sum(xs []int) int {
	tmp := make([]int, len(xs)) // want `make\(\[\]int, len\(xs\)\) goes to the heap on each call, and count calls it in a loop: when it needs more than the 32-byte stack buffer .*; keep one buffer across calls .* and resize it with buf = buf\[:n\] \(clear\(buf\) if it is read before written\)`
	copy(tmp, xs)
	t := 0
	for _, x := range tmp {
		t += x
	}
	return t
}

// Silent: a small constant make stays on the stack.
func small(x int) int {
	tmp := make([]int, 4)
	tmp[0] = x
	return tmp[0] + tmp[3]
}

func count(lines [][]string) (n int) {
	for _, l := range lines {
		n += distinct(l) + pair(l[0], l[1]) + sum([]int{len(l)}) + small(n)
	}
	return n
}

// Reported with a condition: an unknown callee may keep it.
func visit(f func([]int), n int) {
	buf := make([]int, 0, 8) // want `make\(\[\]int, 0, 8\) allocates on each call, and visitAll calls it in a loop: it escapes through a call through a func value; if the func value does not keep it, keep one buffer`
	buf = append(buf, n)
	f(buf)
}

// Silent: sent on a channel, kept by the receiver.
func send(ch chan []byte, n int) {
	buf := make([]byte, 0, 8)
	buf = append(buf, byte(n))
	ch <- buf
}

// Silent: captured by a goroutine.
func async(w io.Writer, n int) {
	buf := make([]byte, 0, 8)
	buf = append(buf, byte(n))
	go func() { w.Write(buf) }()
}

// Reported: a callee of this package writes it out without keeping it.
func emit(w io.Writer, n int) {
	buf := make([]byte, 0, 16) // want `make\(\[\]byte, 0, 16\) allocates on each call, and visitAll calls it in a loop: it escapes through writeOut's argument; keep one buffer`
	writeOut(w, strconv.AppendInt(buf, int64(n), 10))
}

func writeOut(w io.Writer, b []byte) { w.Write(b) }

// Silent: the callee of this package keeps it.
type sink struct{ last []byte }

func (s *sink) emitKept(n int) {
	buf := make([]byte, 0, 16)
	s.remember(strconv.AppendInt(buf, int64(n), 10))
}

func (s *sink) remember(b []byte) { s.last = b }

// Silent: on a failure path.
func check(w io.Writer, err error) error {
	if err != nil {
		buf := make([]byte, 0, 16)
		buf = append(buf, err.Error()...)
		w.Write(buf)
		return err
	}
	return nil
}

func visitAll(f func([]int), w io.Writer, ch chan []byte, s *sink, n int) {
	for i := 0; i < n; i++ {
		visit(f, i)
		send(ch, i)
		async(w, i)
		emit(w, i)
		s.emitKept(i)
		check(w, nil)
	}
}

// Silent: the buffer's contents are returned, so a reset that keeps its
// memory (buf.Reset()) would overwrite what the caller holds.
func render(n int) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%d", n)
	return buf.Bytes()
}

// Reported: only a copy of the contents is returned.
func renderString(n int) string {
	var buf bytes.Buffer // want `buf \(bytes.Buffer, 40 bytes\) allocates on each call, and renderAll calls it in a loop: it escapes through fmt.Fprintf's argument; keep one bytes.Buffer across calls \(one the caller passes in\) and reset it with its Reset method`
	fmt.Fprintf(&buf, "%d", n)
	return buf.String()
}

func renderAll(ns []int) (n int) {
	for _, x := range ns {
		n += len(render(x)) + len(renderString(x))
	}
	return n
}

// Silent: a pointer target of errors.As and a string decoded into are a
// word or two, and are not reset by *p = T{}.
func target(err error, data []byte) int {
	var pe *json.SyntaxError
	var s string
	if errors.As(err, &pe) {
		return int(pe.Offset)
	}
	json.Unmarshal(data, &s)
	return len(s)
}

func targets(errs []error) (n int) {
	for _, err := range errs {
		n += target(err, nil)
	}
	return n
}

// Reported: a lookup table of constants built on each call.
func isImage(mime string) bool {
	types := map[string]bool{ // want `map\[string\]bool\{...\} goes to the heap on each call, and images calls it in a loop: .*; build it once, into a package-level variable: it holds only constants and is only read`
		"image/bmp": true, "image/gif": true, "image/jpeg": true, "image/png": true, "image/tiff": true,
		"image/webp": true, "image/avif": true, "image/heic": true, "image/svg+xml": true,
	}
	return types[mime]
}

func images(mimes []string) (n int) {
	for _, m := range mimes {
		if isImage(m) {
			n++
		}
	}
	return n
}
