package bytesconv

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"regexp"
	"strings"
)

func writeLines(w io.Writer, lines []string) {
	for _, l := range lines {
		w.Write([]byte(l)) // want `converting l to \[\]byte allocates on each iteration: the copy escapes through a call of interface method Write; call io.WriteString\(w, l\), which does not copy it when the writer has a WriteString method`
	}
}

func writeBuffered(bw *bufio.Writer, lines []string) {
	for _, l := range lines {
		bw.Write([]byte(l)) // want `converting l to \[\]byte allocates on each iteration: .*; call bw.WriteString\(l\), which does not copy it`
	}
}

func writeFile(f *os.File, lines [][]byte) {
	for _, l := range lines {
		io.WriteString(f, string(l)) // want `converting l to string allocates .*call f.Write\(l\) instead of io.WriteString`
	}
}

type stringWriter interface {
	Write(p []byte) (int, error)
	WriteString(s string) (int, error)
}

func writeStrings(w stringWriter, lines [][]byte) {
	for _, l := range lines {
		w.WriteString(string(l)) // want `converting l to string allocates .*call w.Write\(l\), which does not copy it`
	}
}

func fields(lines [][]byte) int {
	n := 0
	for _, l := range lines {
		n += len(strings.Fields(string(l))) // want `converting l to string allocates on each iteration: the copy escapes through strings.Fields's argument; call bytes.Fields on l, which does not copy it \(its result holds \[\]byte\)`
	}
	return n
}

func split(lines []string) int {
	n := 0
	for _, l := range lines {
		n += len(bytes.Split([]byte(l), []byte(","))) // want `converting l to \[\]byte allocates .*call strings.Split on l, which does not copy it \(its result holds string\)`
	}
	return n
}

func match(re *regexp.Regexp, lines [][]byte) int {
	n := 0
	for _, l := range lines {
		n += len(re.FindAllString(string(l), -1)) // want `converting l to string allocates .*call re.FindAll\(l, ...\), which does not copy it`
	}
	return n
}

// seen stores each key once: the copy is the key kept (kept setting).
func seen(m map[string]bool, keys [][]byte) {
	for _, k := range keys {
		m[string(k)] = true
	}
}

// count updates the value under a key that is usually present already,
// copying the key each time.
func count(m map[string]int, keys [][]byte) {
	for _, k := range keys {
		m[string(k)]++ // want `converting k to string allocates on each iteration: the copy escapes through a map key; keep pointers as the map's values, so that a key already present is updated through m\[string\(k\)\], which does not copy`
	}
}

func group(m map[string][]int, keys [][]byte) {
	for i, k := range keys {
		m[string(k)] = append(m[string(k)], i) // want `converting k to string allocates on each iteration: the copy escapes through a map key; keep pointers`
	}
}

// copyFree are the compiler's forms without a copy: not reported.
func copyFree(m map[string]int, keys [][]byte, s string) int {
	n := 0
	for _, k := range keys {
		n += m[string(k)]
		if string(k) == s {
			n++
		}
		switch string(k) {
		case "a", "b":
			n++
		}
		for _, c := range []byte(s) {
			n += int(c)
		}
		n += len("<" + string(k) + ">")
		n += len([]rune(s))
		if v, ok := m[string(k)]; ok {
			n += v
		}
	}
	return n
}

// local conversions that do not escape use a stack buffer: not reported
// by default.
func local(keys [][]byte, lines []string) int {
	n := 0
	for _, k := range keys {
		s := string(k)
		n += strings.Count(s, "x")
		n += strings.Index(string(k), "y")
	}
	for _, l := range lines {
		n += bytes.Count([]byte(l), []byte("x"))
		r := []rune(l)
		n += int(r[0])
	}
	return n
}

// kept conversions are what the program keeps: not reported by default.
func kept(lines [][]byte, m map[int]string) []string {
	var out []string
	for i, l := range lines {
		out = append(out, string(l))
		m[i] = string(l)
	}
	return out
}

// boxed conversions are boxing's: the interface box escapes.
func boxed(lines [][]byte) {
	for _, l := range lines {
		fmt.Println(string(l))
	}
}

// devirtualized: the compiler sees the concrete hash and inlines Write.
func devirtualized(keys []string) uint64 {
	var sum uint64
	for _, k := range keys {
		h := fnv.New64a()
		h.Write([]byte(k))
		sum += h.Sum64()
	}
	return sum
}

// largeArray converts a slice of an array longer than the stack buffer.
func largeArray(n int) int {
	total := 0
	for range n {
		var buf [64]byte
		total += strings.Count(string(buf[:]), "\x00") // want `converting buf\[:\] to string copies 64 bytes to the heap on each iteration: it does not escape, but only 32 bytes fit`
		var small [16]byte
		total += strings.Count(string(small[:]), "\x00")
	}
	return total
}

// once is outside loops, and nothing calls it in a loop: not reported.
func once(w io.Writer, s string) {
	w.Write([]byte(s))
}

// perCall is called in a loop below: reported on each call.
func perCall(w io.Writer, s string) {
	w.Write([]byte(s)) // want `converting s to \[\]byte allocates on each call, and writeAll calls it in a loop`
}

func writeAll(w io.Writer, xs []string) {
	for _, x := range xs {
		perCall(w, x)
	}
}

// lineWriter has Write only: io.WriteString would copy just the same.
type lineWriter struct{ out [][]byte }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.out = append(w.out, p)
	return len(p), nil
}

func writeConcrete(w *lineWriter, lines []string) {
	for _, l := range lines {
		w.Write([]byte(l))
	}
}

func replace(re *regexp.Regexp, lines [][]byte) int {
	n := 0
	for _, l := range lines {
		n += len(re.ReplaceAllString(string(l), "x")) // want `converting l to string allocates .*call re.ReplaceAll\(l, ...\), which does not copy it`
	}
	return n
}
