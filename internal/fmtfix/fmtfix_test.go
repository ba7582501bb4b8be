package fmtfix_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/fmtfix"
)

// A case is a call of fmt on x, a value of type typ; want is the rewrite
// expected ("" for none: fmt's output would differ, or nothing is simpler).
type fixCase struct {
	typ, call, want string
}

var cases = []fixCase{
	{"int", `fmt.Sprintf("%d", x)`, `strconv.Itoa(x)`},
	{"int", `fmt.Sprintf("%v", x)`, `strconv.Itoa(x)`},
	{"int", `fmt.Sprint(x)`, `strconv.Itoa(x)`},
	{"int", `fmt.Sprintf("%x", x)`, `strconv.FormatInt(int64(x), 16)`},
	{"int", `fmt.Sprintf("%5d", x)`, ``},
	{"int", `fmt.Sprintf("%s", x)`, ``},
	{"int", `fmt.Sprintf("%d %d", x)`, ``},
	{"int", `fmt.Sprintf("%d", x, x)`, ``},
	{"int64", `fmt.Sprintf("%d", x)`, `strconv.FormatInt(x, 10)`},
	{"int32", `fmt.Sprintf("id-%d!", x)`, ``}, // "id-" + strconv.FormatInt(...) + "!" never allocates less than fmt
	{"uint8", `fmt.Sprintf("%d", x)`, `strconv.FormatUint(uint64(x), 10)`},
	{"uint64", `fmt.Sprintf("%x", x)`, `strconv.FormatUint(x, 16)`},
	{"uintptr", `fmt.Sprint(x)`, `strconv.FormatUint(uint64(x), 10)`},
	{"Count", `fmt.Sprintf("%d", x)`, `strconv.Itoa(int(x))`},
	{"Level", `fmt.Sprintf("%d", x)`, `strconv.Itoa(int(x))`}, // String is not called for %d
	{"Level", `fmt.Sprintf("%v", x)`, ``},
	{"Level", `fmt.Sprint(x)`, ``},
	{"Code", `fmt.Sprintf("%s", x)`, ``},                // an Error method
	{"Fmt", `fmt.Sprintf("%d", x)`, ``},                 // a Format method: called for every verb
	{"PtrStr", `fmt.Sprint(x)`, `strconv.Itoa(int(x))`}, // a pointer method: fmt has a copy
	{"string", `fmt.Sprintf("%s", x)`, `x`},
	{"string", `fmt.Sprintf("%v", x)`, `x`},
	{"string", `fmt.Sprint(x)`, `x`},
	{"string", `fmt.Sprintf("%s%s", x, x)`, `x + x`},
	{"string", `fmt.Sprintf("[%s] 100%% %s\n", x, x+"!")`, `"[" + x + "] 100% " + x+"!" + "\n"`},
	{"string", `fmt.Sprint(x, x)`, `x + x`},
	{"string", `fmt.Sprintf("%q", x)`, `strconv.Quote(x)`},
	{"string", `fmt.Sprintf("%x", x)`, ``},
	{"string", `fmt.Sprintf("%-4s", x)`, ``},
	{"string", `fmt.Sprintf("%[1]s", x)`, ``},
	{"Name", `fmt.Sprintf("%s", x)`, `string(x)`},
	{"Name", `fmt.Sprintf("%q", x)`, `strconv.Quote(string(x))`},
	{"SName", `fmt.Sprintf("%s", x)`, ``}, // a named string with a String method
	{"SName", `fmt.Sprint(x)`, ``},
	{"SName", `fmt.Sprintf("%s%s", x, "a")`, ``},
	{"error", `fmt.Sprintf("%s", x)`, ``},
	{"any", `fmt.Sprint(x)`, ``},
	{"[]byte", `fmt.Sprintf("%x", x)`, `hex.EncodeToString(x)`},
	{"[]byte", `fmt.Sprintf("%s", x)`, ``},
	{"Bytes", `fmt.Sprintf("%x", x)`, `hex.EncodeToString(x)`},
	{"SBytes", `fmt.Sprintf("%x", x)`, ``},
	{"bool", `fmt.Sprintf("%t", x)`, `strconv.FormatBool(x)`},
	{"bool", `fmt.Sprint(x)`, `strconv.FormatBool(x)`},
	{"float64", `fmt.Sprint(x)`, `strconv.FormatFloat(x, 'g', -1, 64)`},
	{"float32", `fmt.Sprintf("%v", x)`, `strconv.FormatFloat(float64(x), 'g', -1, 32)`},
	{"float64", `fmt.Sprintf("%f", x)`, ``},
	{"float64", `fmt.Sprint(x, x)`, ``}, // Sprint puts a space between non-strings
	{"string", `fmt.Errorf("constant message")`, `errors.New("constant message")`},
	{"string", `fmt.Errorf("bad %s", x)`, `errors.New("bad " + x)`},
	{"string", `fmt.Errorf("100%%")`, `errors.New("100%")`},
	{"error", `fmt.Errorf("wrap: %w", x)`, ``},
	{"string", `fmt.Sprintf("literal")`, `"literal"`},
	{"string", `fmt.Fprintf(sb, "%s", x)`, `io.WriteString(sb, x)`},
	{"string", `fmt.Fprintf(sb, "a=%s\n", x)`, ``}, // the concatenation allocates as much as the box
	{"string", `fmt.Fprintf(sb, "constant\n")`, `io.WriteString(sb, "constant\n")`},
	{"string", `fmt.Fprint(sb, x)`, `io.WriteString(sb, x)`},
	{"int", `fmt.Fprintf(sb, "%d", x)`, ``},       // strconv would allocate as much as the box
	{"string", `fmt.Fprintf(w, "%s", x)`, ``},     // an io.Writer without WriteString: io.WriteString copies
	{"string", `fmt.Fprintf(sb, "%s", x...)`, ``}, // not compiled: see ellipsis below
}

// samples are values of each type to run both forms on.
var samples = map[string]string{
	"int":     `0, 7, -5, 99, 255, 256, 1<<40, -1 << 63`,
	"int64":   `0, -1, 1 << 62`,
	"int32":   `0, -7, 1 << 30`,
	"uint8":   `0, 200, 255`,
	"uint64":  `0, 255, 1<<64 - 1`,
	"uintptr": `0, 4096`,
	"Count":   `0, 12345`,
	"Level":   `0, 3`,
	"Code":    `0, 1`,
	"Fmt":     `0, 1`,
	"PtrStr":  `0, 9`,
	"string":  `"", "a", "héllo wörld", "quote\"tab\t", "%d"`,
	"Name":    `"", "bob", "a\nb"`,
	"SName":   `"", "x"`,
	"error":   `nil, io.EOF`,
	"any":     `nil, 1, "s"`,
	"[]byte":  `nil, []byte{}, []byte("hi\x00\xff")`,
	"Bytes":   `nil, Bytes("ab")`,
	"SBytes":  `nil, SBytes("ab")`,
	"bool":    `false, true`,
	"float64": `0, -0.0, 1.5, 1e21, 1e-7, 123456789.125, math.Inf(1), math.NaN()`,
	"float32": `0, 1.1, 3.4e38`,
}

const header = `package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

var (
	_ = hex.EncodeToString
	_ = errors.New
	_ = io.EOF
	_ = math.Inf
	_ = strconv.Itoa
	_ = os.Exit
)

type Count int
type Level int

func (Level) String() string { return "level" }

type Code int

func (Code) Error() string { return "code" }

type Fmt int

func (Fmt) Format(s fmt.State, verb rune) { fmt.Fprint(s, "formatted") }

type PtrStr int

func (*PtrStr) String() string { return "ptr" }

type Name string
type SName string

func (SName) String() string { return "sname" }

type Bytes []byte
type SBytes []byte

func (SBytes) String() string { return "sbytes" }

// result renders what a form produced, its type included.
func result(vs ...any) string {
	var b strings.Builder
	for _, v := range vs {
		if err, ok := v.(error); ok && err != nil {
			fmt.Fprintf(&b, "%T(%q) ", v, err.Error())
			continue
		}
		fmt.Fprintf(&b, "%T(%#v) ", v, v)
	}
	return b.String()
}

var failed bool

func compare(name string, x any, got, want string) {
	if got != want {
		fmt.Printf("%s(%#v): rewritten %s, original %s\n", name, x, got, want)
		failed = true
	}
}
`

// TestSuggest checks which calls are rewritten and how, and
// TestOutputIdentical runs both forms.
func TestSuggest(t *testing.T) {
	got := suggestAll(t)
	for i, c := range cases {
		if got[i] != c.want {
			t.Errorf("%s on %s: got %q, want %q", c.call, c.typ, got[i], c.want)
		}
	}
}

// source renders the cases as functions c<i>(x) of the original calls,
// plus, for those rewritten, r<i>(x) of their rewrites.
func source(rewrites []string) string {
	var b strings.Builder
	b.WriteString(header)
	for i, c := range cases {
		if strings.Contains(c.call, "x...") {
			continue
		}
		sig, ret := "(x "+c.typ+")", "any"
		body := "return " + c.call
		if strings.HasPrefix(c.call, "fmt.Fprint") {
			sig, ret = "(x "+c.typ+", sb *strings.Builder, w io.Writer)", "(int, error)"
		}
		fmt.Fprintf(&b, "\nfunc c%d%s %s { %s }\n", i, sig, ret, body)
		if rewrites != nil && rewrites[i] != "" {
			fmt.Fprintf(&b, "func r%d%s %s { return %s }\n", i, sig, ret, rewrites[i])
		}
	}
	if rewrites != nil {
		b.WriteString("\nfunc main() {\n")
		for i, c := range cases {
			if rewrites[i] == "" {
				continue
			}
			fmt.Fprintf(&b, "\tfor _, x := range []%s{%s} {\n", c.typ, samples[c.typ])
			if strings.HasPrefix(c.call, "fmt.Fprint") {
				fmt.Fprintf(&b, "\t\tvar s1, s2 strings.Builder\n\t\tn1, e1 := c%d(x, &s1, &s1)\n\t\tn2, e2 := r%d(x, &s2, &s2)\n", i, i)
				fmt.Fprintf(&b, "\t\tcompare(%q, x, result(n2, e2, s2.String()), result(n1, e1, s1.String()))\n", c.call)
			} else {
				fmt.Fprintf(&b, "\t\tcompare(%q, x, result(r%d(x)), result(c%d(x)))\n", c.call, i, i)
			}
			b.WriteString("\t}\n")
		}
		b.WriteString("\tif failed {\n\t\tos.Exit(1)\n\t}\n\tfmt.Println(\"identical\")\n}\n")
	}
	return b.String()
}

func suggestAll(t *testing.T) []string {
	t.Helper()
	src := source(nil)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cases.go", src+"\nfunc main() {}\n", 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("main", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	text := func(e ast.Expr) string {
		return src[fset.Position(e.Pos()).Offset:fset.Position(e.End()).Offset]
	}
	names := func(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }
	out := make([]string, len(cases))
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !strings.HasPrefix(fd.Name.Name, "c") || fd.Name.Name == "compare" {
			continue
		}
		var i int
		fmt.Sscanf(fd.Name.Name, "c%d", &i)
		call := fd.Body.List[0].(*ast.ReturnStmt).Results[0].(*ast.CallExpr)
		if rw, ok := fmtfix.Suggest(info, call, names, text); ok {
			out[i] = rw.Text
		}
	}
	return out
}

// TestOutputIdentical runs each rewritten call and its rewrite on sample
// values, named types with String, Error and Format methods included, and
// compares what they return (type and value) and write, byte for byte.
func TestOutputIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	t.Parallel()
	rewrites := suggestAll(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module cases\n\ngo 1.22\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(source(rewrites)), 0o666); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "identical" {
		t.Errorf("go run: %v\n%s", err, out)
	}
}

var sinkString string

// TestNumberConcatenationDoesNotPay holds the rule that Suggest declines
// "p" + strconv.Itoa(n) for fmt.Sprintf("p%d", n): strconv makes a new
// string from 100 up and the concatenation another, while fmt boxes
// integers below 256 for free, so the concatenation never allocates less.
func TestNumberConcatenationDoesNotPay(t *testing.T) {
	for _, n := range []int{99, 255, 256, -1} {
		sprintf := testing.AllocsPerRun(100, func() { sinkString = fmt.Sprintf("fd@%d", n) })
		concat := testing.AllocsPerRun(100, func() { sinkString = "fd@" + strconv.Itoa(n) })
		if concat < sprintf {
			t.Errorf("n=%d: concatenation %v allocs, Sprintf %v: the rule that declines it is out of date", n, concat, sprintf)
		}
	}
}
