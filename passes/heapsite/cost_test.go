package heapsite_test

import (
	_ "embed"
	"io"
	"os"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/internal/profile"
	"github.com/heaplint/heaplint/internal/report"
	"github.com/heaplint/heaplint/passes/heapsite"
)

//go:embed doc.go
var doc string

// Server is doc.go's example: a handler that renders each request into a
// buffer.
type Server struct {
	w   io.Writer
	buf []byte
}

func (s *Server) render(buf, req []byte) []byte { return append(buf, req...) }

// handleBad is the doc's Bad form: a 64 KiB buffer made on each call,
// handed to the writer (an interface: it escapes).
func (s *Server) handleBad(req []byte) {
	buf := make([]byte, 0, 64<<10) // in a handler: 40% of the profile's bytes
	s.w.Write(s.render(buf, req))
}

// handleGood is its Good form: one buffer in the receiver, reset per call.
func (s *Server) handleGood(req []byte) {
	s.buf = s.render(s.buf[:0], req) // one buffer in the receiver, reused
	s.w.Write(s.buf)
}

var request = []byte("GET / HTTP/1.1\r\n\r\n")

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	s := &Server{w: io.Discard}
	for b.Loop() {
		s.handleBad(request)
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	s := &Server{w: io.Discard}
	for b.Loop() {
		s.handleGood(request)
	}
}

// TestExample: with the example's profile, heapsite reports underline
// and not its better form.
func TestExample(t *testing.T) {
	p, err := profile.Load(os.ReadFile, "../../testdata/example/heapsite.pprof")
	if err != nil {
		t.Fatal(err)
	}
	weights := report.ProfileWeights(p.OnDemand(nil))
	a := heapsite.New(heapsite.Config{Scope: report.Scope{Weights: weights, ProfileUnseen: true}})
	doccost.Example(t, a, "../../testdata/example", "heapsite.go")
}

// TestCost holds the doc to the code it measures and to its figures: the
// Good form allocates less than the Bad.
func TestCost(t *testing.T) {
	doccost.Forms(t, doc, "heapsite", "cost_test.go", []string{"handleBad"}, []string{"handleGood"})
	s := &Server{w: io.Discard}
	bad, good := doccost.Less(t, "a buffer per call against one reused", func() { s.handleBad(request) }, func() { s.handleGood(request) })
	doccost.Quoted(t, doc, "heapsite", 0.01, bad, good)
}
