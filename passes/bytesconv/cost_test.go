package bytesconv_test

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
)

var (
	lines = func() []string {
		ls := make([]string, 100)
		for i := range ls {
			ls[i] = strings.Repeat("x", 39) + "\n" // 40 bytes
		}
		return ls
	}()
	// w is a writer the compiler cannot see through: held in an interface.
	w io.Writer = bufio.NewWriterSize(io.Discard, 1<<16)

	line      = []byte("the quick brown fox jumps over the lazy dog again and again.") // 60 bytes
	keys      = [][]byte{[]byte("alpha"), []byte("beta"), []byte("gamma"), []byte("delta")}
	counts    = map[string]int{"alpha": 1, "beta": 1, "gamma": 1, "delta": 1}
	countPtrs = map[string]*int{"alpha": new(int), "beta": new(int), "gamma": new(int), "delta": new(int)}
	sink      int
)

// writeBytes is what bytesconv reports: []byte(l) escapes into Write.
func writeBytes() int {
	for _, l := range lines {
		w.Write([]byte(l))
	}
	return 0
}

// writeString is the advice: io.WriteString uses the writer's WriteString.
func writeString() int {
	for _, l := range lines {
		io.WriteString(w, l)
	}
	return 0
}

func fieldsString() int { return len(strings.Fields(string(line))) }

func fieldsBytes() int { return len(bytes.Fields(line)) }

// countKeys counts keys that are already present, copying each key to
// store the new count under it.
func countKeys() int {
	for _, k := range keys {
		counts[string(k)]++
	}
	return len(counts)
}

// countThroughPointers keeps pointers as values: a present key is
// updated through a lookup, which does not copy the key.
func countThroughPointers() int {
	for _, k := range keys {
		if p := countPtrs[string(k)]; p != nil {
			*p++
		} else {
			countPtrs[string(k)] = new(int)
		}
	}
	return len(countPtrs)
}

// arrayString converts an array longer than the stack buffer.
func arrayString() int {
	var buf [64]byte
	copy(buf[:], line)
	return strings.Count(string(buf[:]), "o")
}

func arrayBytes() int {
	var buf [64]byte
	copy(buf[:], line)
	return bytes.Count(buf[:], []byte("o"))
}

var cases = []struct {
	name      string
	bad, good func() int
}{
	{"write", writeBytes, writeString},
	{"fields", fieldsString, fieldsBytes},
	{"counter", countKeys, countThroughPointers},
	{"array", arrayString, arrayBytes},
}

func BenchmarkBad(b *testing.B) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink += c.bad()
			}
		})
	}
}

func BenchmarkGood(b *testing.B) {
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink += c.good()
			}
		})
	}
}

// TestGoodAllocatesLess holds the advice to its promise.
func TestGoodAllocatesLess(t *testing.T) {
	for _, c := range cases {
		if c.bad() != c.good() {
			t.Errorf("%s: the good form computes something else", c.name)
		}
		bad := testing.AllocsPerRun(50, func() { sink += c.bad() })
		good := testing.AllocsPerRun(50, func() { sink += c.good() })
		if bad <= good {
			t.Errorf("%s: bad %v allocs/op, good %v; want more for bad", c.name, bad, good)
		}
		t.Logf("%s: bad %v allocs/op, good %v allocs/op", c.name, bad, good)
	}
}
