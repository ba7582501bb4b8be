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
	"testing"
	"time"
)

// Inputs kept in package variables so that the compiler cannot fold the
// calls away.
var (
	line     = "alpha,beta,gamma,delta"
	spaced   = "alpha beta gamma delta"
	upper    = "Content-Type"
	num      = 12345
	flt      = 3.25
	quoted   = `say "hi"`
	stamp    = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	payload  = struct{ ID int }{42}
	stream   = strings.Repeat("x", 1000)
	sink     []byte
	count    int
	scratch  = make([]byte, 0, 256)
	enc      bytes.Buffer
	encoder  = json.NewEncoder(&enc)
	rd       = bufio.NewReader(strings.NewReader(""))
	wr       = bufio.NewWriter(io.Discard)
	compiled = regexp.MustCompile(`^a`)
	readBuf  bytes.Buffer
)

// measurement is one entry's call and its alternative, as libcall advises.
type measurement struct{ bad, good func() }

var measurements = map[string]measurement{
	"bufio.NewReader": {
		func() { count += bufio.NewReader(strings.NewReader(stream)).Buffered() },
		func() { rd.Reset(strings.NewReader(stream)); count += rd.Buffered() }},
	"bufio.NewReaderSize": {
		func() { count += bufio.NewReaderSize(strings.NewReader(stream), 8192).Buffered() },
		func() { rd.Reset(strings.NewReader(stream)); count += rd.Buffered() }},
	"bufio.NewWriter": {
		func() { w := bufio.NewWriter(io.Discard); w.WriteString(line); w.Flush() },
		func() { wr.Reset(io.Discard); wr.WriteString(line); wr.Flush() }},
	"bufio.NewWriterSize": {
		func() { w := bufio.NewWriterSize(io.Discard, 8192); w.WriteString(line); w.Flush() },
		func() { wr.Reset(io.Discard); wr.WriteString(line); wr.Flush() }},
	"bytes.Fields": {
		func() {
			for _, f := range bytes.Fields([]byte(spaced)) {
				count += len(f)
			}
		},
		func() {
			for f := range bytes.FieldsSeq([]byte(spaced)) {
				count += len(f)
			}
		}},
	"bytes.FieldsFunc": {
		func() {
			for _, f := range bytes.FieldsFunc([]byte(spaced), isComma) {
				count += len(f)
			}
		},
		func() {
			for f := range bytes.FieldsFuncSeq([]byte(spaced), isComma) {
				count += len(f)
			}
		}},
	"bytes.Split": {
		func() {
			for _, f := range bytes.Split([]byte(line), []byte(",")) {
				count += len(f)
			}
		},
		func() {
			for f := range bytes.SplitSeq([]byte(line), []byte(",")) {
				count += len(f)
			}
		}},
	"bytes.SplitAfter": {
		func() {
			for _, f := range bytes.SplitAfter([]byte(line), []byte(",")) {
				count += len(f)
			}
		},
		func() {
			for f := range bytes.SplitAfterSeq([]byte(line), []byte(",")) {
				count += len(f)
			}
		}},
	"encoding/json.Marshal": {
		func() { b, _ := json.Marshal(&payload); sink = append(sink[:0], b...) },
		func() { enc.Reset(); encoder.Encode(&payload); sink = append(sink[:0], enc.Bytes()...) }},
	"fmt.Sprint": {
		func() { sink = append(sink[:0], fmt.Sprint(line)...) },
		func() { sink = fmt.Append(sink[:0], line) }},
	"fmt.Sprintf": {
		func() { sink = append(sink[:0], fmt.Sprintf("<%s>", line)...) },
		func() { sink = fmt.Appendf(sink[:0], "<%s>", line) }},
	"fmt.Sprintln": {
		func() { sink = append(sink[:0], fmt.Sprintln(line)...) },
		func() { sink = fmt.Appendln(sink[:0], line) }},
	"io.ReadAll": {
		func() { b, _ := io.ReadAll(strings.NewReader(stream)); count += len(b) },
		func() { readBuf.Reset(); readBuf.ReadFrom(strings.NewReader(stream)); count += readBuf.Len() }},
	"regexp.Compile": {
		func() { re, _ := regexp.Compile(`^a`); count += len(re.String()) },
		func() { count += len(compiled.String()) }},
	"regexp.Match": {
		func() { ok, _ := regexp.Match(`^a`, []byte(line)); count += b2i(ok) },
		func() { count += b2i(compiled.Match([]byte(line))) }},
	"regexp.MatchString": {
		func() { ok, _ := regexp.MatchString(`^a`, line); count += b2i(ok) },
		func() { count += b2i(compiled.MatchString(line)) }},
	"regexp.MustCompile": {
		func() { count += b2i(regexp.MustCompile(`^a`).MatchString(line)) },
		func() { count += b2i(compiled.MatchString(line)) }},
	"strconv.FormatInt": {
		func() { sink = append(sink[:0], strconv.FormatInt(int64(num), 10)...) },
		func() { sink = strconv.AppendInt(sink[:0], int64(num), 10) }},
	"strconv.FormatUint": {
		func() { sink = append(sink[:0], strconv.FormatUint(uint64(num), 10)...) },
		func() { sink = strconv.AppendUint(sink[:0], uint64(num), 10) }},
	"strconv.Itoa": {
		func() { sink = append(sink[:0], strconv.Itoa(num)...) },
		func() { sink = strconv.AppendInt(sink[:0], int64(num), 10) }},
	"strings.Fields": {
		func() {
			for _, f := range strings.Fields(spaced) {
				count += len(f)
			}
		},
		func() {
			for f := range strings.FieldsSeq(spaced) {
				count += len(f)
			}
		}},
	"strings.FieldsFunc": {
		func() {
			for _, f := range strings.FieldsFunc(line, isComma) {
				count += len(f)
			}
		},
		func() {
			for f := range strings.FieldsFuncSeq(line, isComma) {
				count += len(f)
			}
		}},
	"strings.Split": {
		func() {
			for _, f := range strings.Split(line, ",") {
				count += len(f)
			}
		},
		func() {
			for f := range strings.SplitSeq(line, ",") {
				count += len(f)
			}
		}},
	"strings.SplitAfter": {
		func() {
			for _, f := range strings.SplitAfter(line, ",") {
				count += len(f)
			}
		},
		func() {
			for f := range strings.SplitAfterSeq(line, ",") {
				count += len(f)
			}
		}},
	"strings.SplitN": {
		func() { kv := strings.SplitN(line, ",", 2); count += len(kv[0]) + len(kv[1]) },
		func() { a, b, _ := strings.Cut(line, ","); count += len(a) + len(b) }},
	"strings.ToLower": {
		func() { count += b2i(strings.ToLower(upper) == "content-type") },
		func() { count += b2i(strings.EqualFold(upper, "content-type")) }},
	"strings.ToUpper": {
		func() { count += b2i(strings.ToUpper(upper) == "CONTENT-TYPE") },
		func() { count += b2i(strings.EqualFold(upper, "CONTENT-TYPE")) }},
	"time.Time.Format": {
		func() { sink = append(sink[:0], stamp.Format(time.RFC3339)...) },
		func() { sink = stamp.AppendFormat(sink[:0], time.RFC3339) }},
}

func isComma(r rune) bool { return r == ',' || r == ' ' }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestTableClaims measures every entry of the table: the call allocates,
// and the alternative libcall advises allocates less.
func TestTableClaims(t *testing.T) {
	sink = scratch
	for _, e := range table {
		key := e.pkg + "." + e.name
		if e.recv != "" {
			key = e.pkg + "." + e.recv + "." + e.name
		}
		m, ok := measurements[key]
		if !ok {
			t.Errorf("%s: the table has no measurement: add one to measurements", key)
			continue
		}
		bad := testing.AllocsPerRun(100, m.bad)
		good := testing.AllocsPerRun(100, m.good)
		if bad < 1 || good >= bad {
			t.Errorf("%s: %v allocs per call, the alternative %v: want at least one, and fewer for the alternative", key, bad, good)
		}
		t.Logf("%-24s %v allocs/op, alternative %v", key, bad, good)
	}
	if len(measurements) != len(table) {
		t.Errorf("%d measurements for %d entries: remove those of entries no longer in the table", len(measurements), len(table))
	}
}
