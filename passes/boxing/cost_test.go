package boxing_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"sync"
	"testing"
)

type point struct{ X, Y, Z float64 }

var points = []point{{1, 2, 3}, {4.5, 5.5, 6.5}, {7, 8, 9}, {10, 11, 12}}

// boxed is the pattern boxing reports: each point is copied into a new
// heap object to become fmt's ...any argument.
func boxed(w io.Writer) {
	for _, p := range points {
		fmt.Fprintln(w, p)
	}
}

// formatted is what it suggests: append-style formatting into one buffer.
func formatted(w io.Writer, buf []byte) []byte {
	for _, p := range points {
		buf = append(buf[:0], '{')
		buf = strconv.AppendFloat(buf, p.X, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, p.Y, 'g', -1, 64)
		buf = append(buf, ' ')
		buf = strconv.AppendFloat(buf, p.Z, 'g', -1, 64)
		buf = append(buf, '}', '\n')
		w.Write(buf)
	}
	return buf
}

func BenchmarkBad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		boxed(io.Discard)
	}
}

func BenchmarkGood(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 64)
	for b.Loop() {
		buf = formatted(io.Discard, buf)
	}
}

func TestCost(t *testing.T) {
	buf := make([]byte, 0, 64)
	bad := testing.AllocsPerRun(100, func() { boxed(io.Discard) })
	good := testing.AllocsPerRun(100, func() { buf = formatted(io.Discard, buf) })
	if bad <= good {
		t.Errorf("boxed: %v allocs/op, formatted: %v; want more when boxed", bad, good)
	}
	t.Logf("boxed: %v allocs/op, formatted: %v allocs/op", bad, good)
}

// Values the remedies are measured on: package variables, so that the
// compiler cannot serve them from static data.
var (
	bigN    = 5000
	word    = "payload"
	blob    = []byte("hello, world")
	ints    = []int{5, 3, 9, 1, 7, 2, 8}
	pts     = []point{{1, 2, 3}, {4, 5, 6}}
	logger  = slog.New(slog.NewTextHandler(io.Discard, nil))
	out     string
	buffer  bytes.Buffer
	errOut  error
	bufPool sync.Pool
)

type byValue []int

func (s byValue) Len() int           { return len(s) }
func (s byValue) Less(i, j int) bool { return s[i] < s[j] }
func (s byValue) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// TestRemedies measures each callee family's remedy (remedy.go) against
// the form boxing reports: the remedy must allocate less.
func TestRemedies(t *testing.T) {
	ctx := context.Background()
	enc := json.NewEncoder(io.Discard)
	bp := new([]byte)
	*bp = make([]byte, 0, 64)
	cases := []struct {
		name      string
		bad, good func()
	}{
		{"slog key-value vs LogAttrs",
			func() { logger.Info("msg", "n", bigN, "s", word) },
			func() { logger.LogAttrs(ctx, slog.LevelInfo, "msg", slog.Int("n", bigN), slog.String("s", word)) }},
		{"slog.Int as an Info argument vs LogAttrs",
			func() { logger.Info("msg", slog.Int("n", bigN)) },
			func() { logger.LogAttrs(ctx, slog.LevelInfo, "msg", slog.Int("n", bigN)) }},
		{"sort.Slice vs slices.SortFunc",
			func() { sort.Slice(ints, func(i, j int) bool { return ints[i] < ints[j] }) },
			func() { slices.SortFunc(ints, func(a, b int) int { return a - b }) }},
		{"sort.Sort vs slices.SortFunc",
			func() { sort.Sort(byValue(ints)) },
			func() { slices.SortFunc(ints, func(a, b int) int { return a - b }) }},
		{"Sprintf %d vs strconv.Itoa",
			func() { out = fmt.Sprintf("%d", bigN) },
			func() { out = strconv.Itoa(bigN) }},
		{"Sprintf %s/%s vs concatenation",
			func() { out = fmt.Sprintf("%s/%s", word, word) },
			func() { out = word + "/" + word }},
		{"Sprintf %x vs hex.EncodeToString",
			func() { out = fmt.Sprintf("%x", blob) },
			func() { out = hex.EncodeToString(blob) }},
		{"Fprintf %s vs io.WriteString",
			func() { buffer.Reset(); fmt.Fprintf(&buffer, "%s", word) },
			func() { buffer.Reset(); io.WriteString(&buffer, word) }},
		{"Errorf with a verb vs errors.New",
			func() { errOut = fmt.Errorf("bad %s", word) },
			func() { errOut = errors.New("bad " + word) }},
		{"json Encode(ps[i]) vs Encode(&ps[i])",
			func() { enc.Encode(pts[1]) },
			func() { enc.Encode(&pts[1]) }},
		{"Pool.Put([]byte) vs Put(*[]byte)",
			func() { b := bufPool.Get(); bufPool.Put(b); bufPool.Put((*bp)[:0]) },
			func() { b := bufPool.Get(); bufPool.Put(b); bufPool.Put(bp) }},
		{"Println(point) vs strconv.AppendFloat",
			func() { boxed(io.Discard) },
			func() { formatted(io.Discard, make([]byte, 0, 64)) }},
	}
	for _, c := range cases {
		c.bad() // warm up pools and caches
		c.good()
		bad := testing.AllocsPerRun(200, c.bad)
		good := testing.AllocsPerRun(200, c.good)
		t.Logf("%-42s %4.1f → %4.1f allocs/op", c.name, bad, good)
		if good >= bad {
			t.Errorf("%s: the remedy allocates %v times, the reported form %v: want fewer", c.name, good, bad)
		}
	}
}

// TestPrintAdviceKeepsOutput checks that the appends printAdvice names
// print each kind of value as fmt's %v (or the padded directive) does.
func TestPrintAdviceKeepsOutput(t *testing.T) {
	type myFloat float64
	cases := []struct {
		name       string
		fmtOut     string
		advisedOut []byte
	}{
		{"int", fmt.Sprint(-bigN), strconv.AppendInt(nil, int64(-bigN), 10)},
		{"uint", fmt.Sprint(uint64(1) << 63), strconv.AppendUint(nil, uint64(1)<<63, 10)},
		{"float64", fmt.Sprint(0.1 * float64(bigN)), strconv.AppendFloat(nil, 0.1*float64(bigN), 'g', -1, 64)},
		{"float64 large", fmt.Sprint(1e21 * float64(bigN)), strconv.AppendFloat(nil, 1e21*float64(bigN), 'g', -1, 64)},
		{"float32", fmt.Sprint(float32(0.1) * float32(bigN)), strconv.AppendFloat(nil, float64(float32(0.1)*float32(bigN)), 'g', -1, 32)},
		{"named float", fmt.Sprint(myFloat(0.3)), strconv.AppendFloat(nil, float64(myFloat(0.3)), 'g', -1, 64)},
		{"string", fmt.Sprint(word), []byte(word)},
		{"%04x", fmt.Sprintf("%04x", 0xab), padLeft(strconv.AppendInt(nil, 0xab, 16), '0', 4)},
		{"%5d", fmt.Sprintf("%5d", 42), padLeft(strconv.AppendInt(nil, 42, 10), ' ', 5)},
	}
	for _, c := range cases {
		if string(c.advisedOut) != c.fmtOut {
			t.Errorf("%s: the advised append gives %q, fmt prints %q", c.name, c.advisedOut, c.fmtOut)
		}
	}
	// Appending a float32 with bitSize 64 would print differently: the
	// reason the advice names 32 for it.
	if got := strconv.AppendFloat(nil, float64(float32(0.1)), 'g', -1, 64); string(got) == fmt.Sprint(float32(0.1)) {
		t.Errorf("bitSize 64 prints a float32 as fmt does (%s): the float32 advice is needlessly different", got)
	}
}

// padLeft pads digits to width with pad, as "zero-padded (or
// space-padded) to width digits" in the advice says to.
func padLeft(digits []byte, pad byte, width int) []byte {
	for len(digits) < width {
		digits = append([]byte{pad}, digits...)
	}
	return digits
}
