package dynmake_test

import (
	_ "embed"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/passes/dynmake"
)

//go:embed doc.go
var doc string

var (
	sizes = []int{512, 1024, 2048, 4096, 700, 3000, 100, 4000}
	input = strings.Repeat("x", 1<<14)
	total int
)

func process(b []byte) { total += len(b) }

// readEach is the doc's Bad form: a buffer per iteration, escaping into the
// reader.
func readEach(r io.Reader) error {
	for _, n := range sizes {
		buf := make([]byte, n)
		m, err := r.Read(buf)
		if err != nil {
			return err
		}
		process(buf[:m])
	}
	return nil
}

// readHoisted is its Good form: one buffer, resized, grown when too small.
func readHoisted(r io.Reader) error {
	var buf []byte
	for _, n := range sizes {
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		m, err := r.Read(buf)
		if err != nil {
			return err
		}
		process(buf[:m])
	}
	return nil
}

var bufPool = sync.Pool{New: func() any { return new([]byte) }}

// readPooled is the other remedy the message names: a sync.Pool of
// *[]byte, the pointer Get returned put back.
func readPooled(r io.Reader) error {
	for _, n := range sizes {
		p := bufPool.Get().(*[]byte)
		if cap(*p) < n {
			*p = make([]byte, n)
		}
		buf := (*p)[:n]
		m, err := r.Read(buf)
		bufPool.Put(p)
		if err != nil {
			return err
		}
		process(buf[:m])
	}
	return nil
}

// Over the 64 KiB limit for implicit stack allocations: a make per
// iteration against one reused buffer, and make against a variable.
func bigEach(r io.Reader, n int) {
	for range n {
		buf := make([]byte, 1<<20)
		m, _ := r.Read(buf)
		total += m
	}
}

func bigHoisted(r io.Reader, n int) {
	buf := make([]byte, 1<<20)
	for range n {
		m, _ := r.Read(buf)
		total += m
	}
}

//go:noinline
func checksumMake(data []byte) (sum byte) {
	buf := make([]byte, 100_000)
	copy(buf, data)
	for _, b := range buf {
		sum ^= b
	}
	return sum
}

//go:noinline
func checksumVar(data []byte) (sum byte) {
	var arr [100_000]byte
	buf := arr[:]
	copy(buf, data)
	for _, b := range buf {
		sum ^= b
	}
	return sum
}

func TestDocForms(t *testing.T) {
	doccost.Forms(t, doc, "dynmake", "cost_test.go", []string{"readEach"}, []string{"readHoisted"})
}

// TestCost measures the doc's forms and each remedy the check advises, and
// holds the doc's figures to them.
func TestCost(t *testing.T) {
	var rd strings.Reader
	r := func() io.Reader { rd.Reset(input); return &rd }
	bad, good := doccost.Less(t, "doc: a buffer per read / one hoisted", func() { _ = readEach(r()) }, func() { _ = readHoisted(r()) })
	_, pooled := doccost.Less(t, "a buffer per read / a sync.Pool of *[]byte", func() { _ = readEach(r()) }, func() { _ = readPooled(r()) })
	doccost.Less(t, "1 MiB per iteration / one hoisted", func() { bigEach(r(), 4) }, func() { bigHoisted(r(), 4) })
	doccost.Less(t, "make over 64 KiB / a variable", func() { total += int(checksumMake([]byte(input[:10]))) }, func() { total += int(checksumVar([]byte(input[:10]))) })
	doccost.Quoted(t, doc, "dynmake", 0.05, bad, good, pooled)
}

func TestExample(t *testing.T) {
	doccost.Example(t, dynmake.Analyzer, "../../testdata/example", "dynmake.go")
}

func BenchmarkBad(b *testing.B) {
	var rd strings.Reader
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(input)
		_ = readEach(&rd)
	}
}

func BenchmarkGood(b *testing.B) {
	var rd strings.Reader
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(input)
		_ = readHoisted(&rd)
	}
}
