// Package boxingremedy holds one finding per callee family, each with the
// remedy that keeps behaviour (measured in cost_test.go), or none.
package boxingremedy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"sort"
	"time"
)

type Point struct{ X, Y, Z float64 }

type byX []Point

func (s byX) Len() int           { return len(s) }
func (s byX) Less(i, j int) bool { return s[i].X < s[j].X }
func (s byX) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

// slog: LogAttrs with typed attributes boxes nothing.
func logRequest(log *slog.Logger, path string, bytes int, took time.Duration) {
	log.Info("request", "path", path, "bytes", bytes, "took", took) // want `converting path \(string, 16 bytes\), bytes \(int, 8 bytes\) and took \(time\.Duration, 8 bytes\) to any allocates 1 to 3 times \(integers only for values of 256 and more\) on each call: it escapes through \(\*slog\.Logger\)\.Info's argument; use LogAttrs\(ctx, slog\.LevelInfo, msg, attrs\.\.\.\) with slog\.String, slog\.Int, slog\.Duration attributes, which boxes nothing \(slog\.Int as an argument of Info is boxed itself\)`
}

func logAttrs(log *slog.Logger, path string, bytes int, took time.Duration) {
	log.LogAttrs(context.Background(), slog.LevelInfo, "request", slog.String("path", path), slog.Int("bytes", bytes), slog.Duration("took", took))
}

func logAttr(log *slog.Logger, bytes int) {
	attr := slog.Int("bytes", bytes)
	log.Info("request", attr) // want `converting attr \(slog\.Attr, 40 bytes\) to any allocates on each call: it escapes through \(\*slog\.Logger\)\.Info's argument; pass attributes to LogAttrs, which takes \.\.\.slog\.Attr without boxing them`
}

func logStruct(log *slog.Logger, p Point) {
	log.Info("point", "p", p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through \(\*slog\.Logger\)\.Info's argument; slog keeps p as an interface \(slog\.Any would too\): no rewrite keeps the output`
}

// sort: the slices functions box nothing (the file's Go version has them).
func sortPoints(ps []Point) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].X < ps[j].X }) // want `converting ps \(\[\]Point, 24 bytes\) to any allocates on each call: it escapes through sort\.Slice's argument; use slices\.SortFunc\(xs, cmp\), which boxes nothing \(a pointer would not help: sort\.Slice\(&xs\) panics, sort\.Sort\(&s\) allocates as much\)`
}

func sortByX(ps []Point) {
	sort.Sort(byX(ps)) // want `converting byX\(ps\) \(byX, 24 bytes\) to sort\.Interface allocates on each call: it escapes through sort\.Sort's argument; use slices\.SortFunc\(s, cmp\) with Less's comparison, which boxes nothing`
}

// json encodes *T as T: &ps[i] allocates nothing, &p of a local would.
func encodeAt(enc *json.Encoder, ps []Point, i int) error {
	return enc.Encode(ps[i]) // want `converting ps\[i\] \(Point, 24 bytes\) to any allocates on each call: it escapes through \(\*json\.Encoder\)\.Encode's argument; pass &ps\[i\]: \(\*json\.Encoder\)\.Encode encodes \*Point as it does the value, and the pointer allocates nothing`
}

func encodeLocal(enc *json.Encoder, p Point) error {
	return enc.Encode(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through \(\*json\.Encoder\)\.Encode's argument$`
}

// reflect: no rewrite.
func set(dst reflect.Value, p Point) {
	dst.Set(reflect.ValueOf(p)) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through \(reflect\.Value\)\.Set's argument; reflect works on interfaces: no rewrite keeps its behaviour`
}

// An exported function's interface parameter: no rewrite advised.
func Keep(x any) { kept = x }

var kept any

func keepPoint(p Point) {
	Keep(p) // want `converting p \(Point, 24 bytes\) to any allocates on each call: it escapes through Keep's argument$`
}

// A computed format, or a verb with a width, prints otherwise than
// strconv's plain forms: no rewrite is advised.
func padded(n int64, format string) string {
	a := fmt.Sprintf(format, n) // want `converting n \(int64, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Sprintf's argument; fmt formats n by a computed format or one with flags or precision: no mechanical rewrite keeps the output here`
	b := fmt.Sprintf("%04d", n) // want `converting n \(int64, 8 bytes\) to any may allocate \(for values of 256 and more\) on each call: it escapes through fmt\.Sprintf's argument; append n with strconv\.AppendInt\(b, int64\(n\), 10\) \(zero-padded to 4 digits\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and convert it to a string once`
	return a + b
}

// A zero-padded hexadecimal: strconv writes the digits, padded by hand.
func escapes(runes []rune) []byte {
	var b []byte
	for _, r := range runes {
		b = fmt.Appendf(b, "\\u%04x", r) // want `converting r \(rune, 4 bytes\) to any may allocate \(for values of 256 and more\) on each iteration: it escapes through fmt\.Appendf's argument; append r with strconv\.AppendInt\(b, int64\(r\), 16\) \(zero-padded to 4 digits\) to a \[\]byte of this call's own`
	}
	return b
}

// Floats: strconv.AppendFloat with the bit size of the value's type, as
// fmt prints it (a float32 appended as a float64 prints more digits).
func printFloats(w io.Writer, xs []float32, ys []float64) {
	for _, x := range xs {
		fmt.Fprintln(w, x) // want `converting x \(float32, 4 bytes\) to any allocates on each iteration: it escapes through fmt\.Fprintln's argument; append x with strconv\.AppendFloat\(b, float64\(x\), 'g', -1, 32\) to a \[\]byte of this call's own \(a local array, or one from a sync\.Pool\) and write it once`
	}
	for _, y := range ys {
		fmt.Fprintln(w, y) // want `converting y \(float64, 8 bytes\) to any allocates on each iteration: it escapes through fmt\.Fprintln's argument; append y with strconv\.AppendFloat\(b, x, 'g', -1, 64\) to a \[\]byte of this call's own`
	}
}
