package reuse_test

import (
	"io"
	"strconv"
	"testing"
)

type record struct {
	ID   int
	Name string
}

// perCall is the pattern reuse reports: a buffer made on each call of a
// function called in a loop, written out and dropped.
type perCall struct{ w io.Writer }

func (e *perCall) encode(r record) {
	buf := make([]byte, 0, 64)
	buf = strconv.AppendInt(buf, int64(r.ID), 10)
	buf = append(buf, r.Name...)
	e.w.Write(buf)
}

// reused is what it advises: one buffer in the receiver, reset per call.
type reused struct {
	w   io.Writer
	buf []byte
}

func (e *reused) encode(r record) {
	e.buf = strconv.AppendInt(e.buf[:0], int64(r.ID), 10)
	e.buf = append(e.buf, r.Name...)
	e.w.Write(e.buf)
}

var records = []record{{1, "alpha"}, {22, "beta"}, {333, "gamma"}, {4444, "delta"}, {5, "epsilon"}, {6, "zeta"}, {7, "eta"}, {8, "theta"}}

func encodeBad(e *perCall) {
	for _, r := range records {
		e.encode(r)
	}
}

func encodeGood(e *reused) {
	for _, r := range records {
		e.encode(r)
	}
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	e := &perCall{w: io.Discard}
	for b.Loop() {
		encodeBad(e)
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	e := &reused{w: io.Discard}
	for b.Loop() {
		encodeGood(e)
	}
}

func TestCost(t *testing.T) {
	bad := testing.AllocsPerRun(100, func() { encodeBad(&perCall{w: io.Discard}) })
	e := &reused{w: io.Discard}
	good := testing.AllocsPerRun(100, func() { encodeGood(e) })
	if bad <= good {
		t.Errorf("a buffer per call: %v allocs/op, reused: %v; want more per call", bad, good)
	}
	t.Logf("per call: %v allocs/op, reused: %v allocs/op", bad, good)
}
