package escape_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/escape"
)

// iteratorUses ranges over each iterator of the curated list, passing what
// it yields to a callback: the compiler must find that the callback does
// not escape (the loop body, which captures it, is not kept).
var iteratorUses = map[string]string{
	"strings.Lines":                         `for x := range strings.Lines(s) { f(x) }`,
	"strings.SplitSeq":                      `for x := range strings.SplitSeq(s, ",") { f(x) }`,
	"strings.SplitAfterSeq":                 `for x := range strings.SplitAfterSeq(s, ",") { f(x) }`,
	"strings.FieldsSeq":                     `for x := range strings.FieldsSeq(s) { f(x) }`,
	"strings.FieldsFuncSeq":                 `for x := range strings.FieldsFuncSeq(s, unicode.IsSpace) { f(x) }`,
	"bytes.Lines":                           `for x := range bytes.Lines(b) { f(string(x)) }`,
	"bytes.SplitSeq":                        `for x := range bytes.SplitSeq(b, b) { f(string(x)) }`,
	"bytes.SplitAfterSeq":                   `for x := range bytes.SplitAfterSeq(b, b) { f(string(x)) }`,
	"bytes.FieldsSeq":                       `for x := range bytes.FieldsSeq(b) { f(string(x)) }`,
	"bytes.FieldsFuncSeq":                   `for x := range bytes.FieldsFuncSeq(b, unicode.IsSpace) { f(string(x)) }`,
	"maps.All":                              `for k, v := range maps.All(m) { f(k + v) }`,
	"maps.Keys":                             `for k := range maps.Keys(m) { f(k) }`,
	"maps.Values":                           `for v := range maps.Values(m) { f(v) }`,
	"slices.All":                            `for _, v := range slices.All(xs) { f(v) }`,
	"slices.Backward":                       `for _, v := range slices.Backward(xs) { f(v) }`,
	"slices.Values":                         `for v := range slices.Values(xs) { f(v) }`,
	"slices.Chunk":                          `for c := range slices.Chunk(xs, 2) { f(c[0]) }`,
	"(*go/types.Interface).Methods":         `for m := range it.Methods() { f(m.Name()) }`,
	"(*go/types.Interface).ExplicitMethods": `for m := range it.ExplicitMethods() { f(m.Name()) }`,
	"(*go/types.Interface).EmbeddedTypes":   `for t := range it.EmbeddedTypes() { f(t.String()) }`,
	"(*go/types.Named).Methods":             `for m := range nt.Methods() { f(m.Name()) }`,
	"(*go/types.Scope).Children":            `for c := range sc.Children() { f(c.String()) }`,
	"(*go/types.Struct).Fields":             `for v := range st.Fields() { f(v.Name()) }`,
	"(*go/types.Tuple).Variables":           `for v := range tu.Variables() { f(v.Name()) }`,
	"(*go/types.MethodSet).Methods":         `for m := range ms.Methods() { f(m.String()) }`,
	"(*go/types.Union).Terms":               `for t := range un.Terms() { f(t.String()) }`,
	"(*go/types.TypeParamList).TypeParams":  `for t := range tl.TypeParams() { f(t.String()) }`,
	"(*go/types.TypeList).Types":            `for t := range tys.Types() { f(t.String()) }`,
}

// TestIterators holds the curated list of iterators that drop their yield
// to the compiler: for each, a loop over it must not make the callback its
// body calls escape.
func TestIterators(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles with -gcflags=-m")
	}
	t.Parallel()
	names := escape.IteratorsForTest()
	if len(names) != len(iteratorUses) {
		t.Errorf("%d iterators curated, %d tested", len(names), len(iteratorUses))
	}
	var src strings.Builder
	src.WriteString(`package p

import (
	"bytes"
	"go/types"
	"maps"
	"slices"
	"strings"
	"unicode"
)

var (
	_ = bytes.Lines
	_ = types.Typ
	_ = maps.All[map[string]string]
	_ = slices.All[[]string]
	_ = strings.Lines
	_ = unicode.IsSpace
)

type args struct {
	s   string
	b   []byte
	m   map[string]string
	xs  []string
	it  *types.Interface
	nt  *types.Named
	sc  *types.Scope
	st  *types.Struct
	tu  *types.Tuple
	ms  *types.MethodSet
	un  *types.Union
	tl  *types.TypeParamList
	tys *types.TypeList
}
`)
	for i, name := range names {
		use, ok := iteratorUses[name]
		if !ok {
			t.Errorf("%s: no use to test", name)
			continue
		}
		src.WriteString("\n// " + name + "\nfunc use" + string(rune('A'+i/26)) + string(rune('a'+i%26)) + "(a *args, f func(string)) {\n")
		src.WriteString("\ts, b, m, xs, it, nt, sc, st, tu, ms, un, tl, tys := a.s, a.b, a.m, a.xs, a.it, a.nt, a.sc, a.st, a.tu, a.ms, a.un, a.tl, a.tys\n")
		src.WriteString("\t_, _, _, _, _, _, _, _, _, _, _, _, _ = s, b, m, xs, it, nt, sc, st, tu, ms, un, tl, tys\n")
		src.WriteString("\t" + use + "\n}\n")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module p\n\ngo 1.23\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-gcflags=-m", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// "p.go:LINE:COL: leaking param: f" names the function by its line.
	leak := regexp.MustCompile(`(?m)^\./p\.go:(\d+):\d+: leaking param: f$`)
	lines := strings.Split(src.String(), "\n")
	for _, m := range leak.FindAllStringSubmatch(string(out), -1) {
		n := 0
		for _, c := range m[1] {
			n = n*10 + int(c-'0')
		}
		name := "?"
		if n >= 2 && n-2 < len(lines) {
			name = strings.TrimPrefix(lines[n-2], "// ")
		}
		t.Errorf("%s keeps its yield: the compiler says the callback leaks (line %d)", name, n)
	}
}
