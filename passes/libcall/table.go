package libcall

// kind says how the uses of a call's result decide the advice.
type kind uint8

const (
	kindSplit      kind = iota // strings.Split and friends: range → the Seq form, [0] → Cut
	kindSplitN                 // strings.SplitN: n == 2 → Cut
	kindFormat                 // strconv.Format*: appended → strconv.Append*
	kindSprint                 // fmt.Sprint*: appended → fmt.Append*, written → fmt.Fprint*
	kindTimeFormat             // time.Time.Format: appended → AppendFormat
	kindCase                   // strings.ToLower/ToUpper compared → strings.EqualFold
	kindMarshal                // json.Marshal: a json.Encoder on a reused buffer
	kindBufio                  // bufio.NewReader*: keep one and Reset it
	kindRegexp                 // regexp.MustCompile and friends with a constant pattern: hoist
	kindReadAll                // io.ReadAll: a reused bytes.Buffer
)

// entry is one standard-library function whose result is a new heap
// allocation, and the form that avoids it. Each entry's claim is measured
// in table_test.go (testing.AllocsPerRun of the call and of its
// alternative): a new entry needs its measurement there.
type entry struct {
	pkg, recv, name string // "strings", "", "Split"; recv is the receiver's type name for methods ("Time")
	result          string // what the call puts on the heap
	when            string // the values for which it does, when not all
	kind            kind
	alt             string // the alternative's name in the same package (or on the same receiver)
	since           string // the Go version the alternative needs, "" for any
}

// table lists the calls libcall knows. Sorted by package and name.
//
// Left out by measurement: strconv.FormatFloat and strconv.Quote are
// inlined, and their result, when it is only appended, is built in a
// stack buffer: append(b, strconv.FormatFloat(...)...) allocates nothing.
var table = []entry{
	{pkg: "bufio", name: "NewReader", result: "a bufio.Reader and its 4096-byte buffer", kind: kindBufio},
	{pkg: "bufio", name: "NewReaderSize", result: "a bufio.Reader and its buffer", kind: kindBufio},
	{pkg: "bufio", name: "NewWriter", result: "a bufio.Writer and its 4096-byte buffer", kind: kindBufio},
	{pkg: "bufio", name: "NewWriterSize", result: "a bufio.Writer and its buffer", kind: kindBufio},
	{pkg: "bytes", name: "Fields", result: "its [][]byte result", kind: kindSplit, alt: "FieldsSeq", since: "go1.24"},
	{pkg: "bytes", name: "FieldsFunc", result: "its [][]byte result", kind: kindSplit, alt: "FieldsFuncSeq", since: "go1.24"},
	{pkg: "bytes", name: "Split", result: "its [][]byte result", kind: kindSplit, alt: "SplitSeq", since: "go1.24"},
	{pkg: "bytes", name: "SplitAfter", result: "its [][]byte result", kind: kindSplit, alt: "SplitAfterSeq", since: "go1.24"},
	{pkg: "encoding/json", name: "Marshal", result: "its []byte result", kind: kindMarshal},
	{pkg: "fmt", name: "Sprint", result: "its string result", when: "unless it is empty or one byte", kind: kindSprint, alt: "Append", since: "go1.19"},
	{pkg: "fmt", name: "Sprintf", result: "its string result", when: "unless it is empty or one byte", kind: kindSprint, alt: "Appendf", since: "go1.19"},
	{pkg: "fmt", name: "Sprintln", result: "its string result", kind: kindSprint, alt: "Appendln", since: "go1.19"},
	{pkg: "io", name: "ReadAll", result: "its []byte result, grown from 512 bytes", kind: kindReadAll},
	{pkg: "regexp", name: "Compile", result: "a compiled regexp.Regexp", kind: kindRegexp},
	{pkg: "regexp", name: "Match", result: "a compiled regexp.Regexp", kind: kindRegexp},
	{pkg: "regexp", name: "MatchString", result: "a compiled regexp.Regexp", kind: kindRegexp},
	{pkg: "regexp", name: "MustCompile", result: "a compiled regexp.Regexp", kind: kindRegexp},
	{pkg: "strconv", name: "FormatInt", result: "its string result", when: "for values outside 0 to 99 in base 10", kind: kindFormat, alt: "AppendInt"},
	{pkg: "strconv", name: "FormatUint", result: "its string result", when: "for values over 99 in base 10", kind: kindFormat, alt: "AppendUint"},
	{pkg: "strconv", name: "Itoa", result: "its string result", when: "for values outside 0 to 99", kind: kindFormat, alt: "AppendInt"},
	{pkg: "strings", name: "Fields", result: "its []string result", kind: kindSplit, alt: "FieldsSeq", since: "go1.24"},
	{pkg: "strings", name: "FieldsFunc", result: "its []string result", kind: kindSplit, alt: "FieldsFuncSeq", since: "go1.24"},
	{pkg: "strings", name: "Split", result: "its []string result", kind: kindSplit, alt: "SplitSeq", since: "go1.24"},
	{pkg: "strings", name: "SplitAfter", result: "its []string result", kind: kindSplit, alt: "SplitAfterSeq", since: "go1.24"},
	{pkg: "strings", name: "SplitN", result: "its []string result", kind: kindSplitN},
	{pkg: "strings", name: "ToLower", result: "its string result", when: "when s has upper-case letters", kind: kindCase},
	{pkg: "strings", name: "ToUpper", result: "its string result", when: "when s has lower-case letters", kind: kindCase},
	{pkg: "time", recv: "Time", name: "Format", result: "its string result", kind: kindTimeFormat, alt: "AppendFormat", since: "go1.5"},
}

// lookup returns a copy of the entry of the function pkg.name (recv ""
// for a function): the table is only read.
func lookup(pkg, recv, name string) (entry, bool) {
	for _, e := range table {
		if e.pkg == pkg && e.recv == recv && e.name == name {
			return e, true
		}
	}
	return entry{}, false
}
