// Package compilercheck holds heaplint's fixtures to the Go compiler's own
// escape analysis, so that no fixture teaches a wrong claim.
//
// Verify compiles fixture packages with `go build -gcflags='-m
// -d=escapedebug=1'` and, for every `// want` pattern that claims an
// allocation (it says "allocates" and not "may allocate"), requires the
// compiler to have put something on the heap on that line: an "escapes to
// heap" that is not served from static data ("using global for interface
// value"), or a "moved to heap".
package compilercheck

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Claim matches a `// want` pattern that claims a heap allocation.
var Claim = regexp.MustCompile(`\ballocates\b`)

// hedge matches a pattern that only says an allocation may happen.
var hedge = regexp.MustCompile(`\bmay allocate\b`)

// Line is a position in a fixture: the file's base name and a line number.
type Line struct {
	File string
	Line int
}

func (l Line) String() string { return fmt.Sprintf("%s:%d", l.File, l.Line) }

// Decision is one heap decision of the compiler.
type Decision struct {
	Col  int
	Text string // e.g. "&T{} escapes to heap", "moved to heap: x"
}

// Heap is what the compiler put on the heap, by line.
type Heap map[Line][]Decision

// Verify checks the `// want` claims of each package in testdata/src
// against the compiler. A package directory with its own go.mod is built in
// module mode, the others in GOPATH mode with testdata as GOPATH, as
// analysistest loads them.
func Verify(t *testing.T, testdata string, pkgs ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiling fixtures with -gcflags=-m is skipped in -short mode")
	}
	for _, pkg := range pkgs {
		dir := filepath.Join(testdata, "src", pkg)
		heap, err := Compile(testdata, pkg)
		if err != nil {
			t.Errorf("%s: %v", pkg, err)
			continue
		}
		claims, err := Claims(dir)
		if err != nil {
			t.Errorf("%s: %v", pkg, err)
			continue
		}
		for _, c := range claims {
			if len(heap[c.Line]) == 0 {
				t.Errorf("%s/%s: the want %q claims an allocation, but the compiler puts nothing on the heap on that line",
					pkg, c.Line, c.Pattern)
			}
		}
	}
}

// Compile builds testdata/src/pkg with -gcflags='-m -d=escapedebug=1' and
// returns its heap decisions.
func Compile(testdata, pkg string) (Heap, error) {
	dir, err := filepath.Abs(filepath.Join(testdata, "src", pkg))
	if err != nil {
		return nil, err
	}
	gopath, _ := filepath.Abs(testdata)
	const gcflags = "-gcflags=-m -d=escapedebug=1"
	var cmd *exec.Cmd
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		cmd = exec.Command("go", "build", gcflags, "-o", os.DevNull, "./...")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=-mod=mod", "GOWORK=off")
	} else {
		cmd = exec.Command("go", "build", gcflags, "-o", os.DevNull, pkg)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+gopath, "GOFLAGS=")
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return parseHeap(out), nil
}

var decisionRE = regexp.MustCompile(`^(?:.*[/\\])?([^/\\:]+\.go):(\d+):(\d+): (.*)$`)

// parseHeap keeps the decisions that put memory on the heap, minus
// interface conversions the compiler serves from static data.
func parseHeap(out []byte) Heap {
	type key struct {
		line Line
		col  int
	}
	escapes := map[key][]string{}
	static := map[key]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := decisionRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		k, text := key{Line{m[1], ln}, col}, m[4]
		switch {
		case strings.Contains(text, "using global for") || strings.Contains(text, "using stack temporary"):
			static[k] = true
		case strings.HasSuffix(text, "escapes to heap") || strings.HasPrefix(text, "moved to heap:"):
			escapes[k] = append(escapes[k], text)
		}
	}
	heap := Heap{}
	for k, texts := range escapes {
		for _, text := range texts {
			// A note that a conversion uses static data or a stack
			// temporary takes back that conversion's "escapes to heap",
			// never a variable's "moved to heap".
			if static[k] && !strings.HasPrefix(text, "moved to heap:") {
				continue
			}
			heap[k.line] = append(heap[k.line], Decision{Col: k.col, Text: text})
		}
	}
	for _, ds := range heap {
		sort.Slice(ds, func(i, j int) bool { return ds[i].Col < ds[j].Col })
	}
	return heap
}

// A WantClaim is a `// want` pattern that claims an allocation.
type WantClaim struct {
	Line    Line
	Pattern string
}

var wantPattern = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`")

// Claims returns the allocation claims among the `// want` comments of the
// Go files in dir, in file and line order.
func Claims(dir string) ([]WantClaim, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var claims []WantClaim
	fset := token.NewFileSet()
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		claims = append(claims, fileClaims(fset, f, filepath.Base(name))...)
	}
	return claims, nil
}

func fileClaims(fset *token.FileSet, f *ast.File, base string) []WantClaim {
	var claims []WantClaim
	for _, group := range f.Comments {
		for _, c := range group.List {
			text, ok := strings.CutPrefix(c.Text, "// want ")
			if !ok {
				continue
			}
			line := fset.Position(c.Pos()).Line
			for _, quoted := range wantPattern.FindAllString(text, -1) {
				pattern, err := strconv.Unquote(quoted)
				if err != nil {
					continue
				}
				if Claim.MatchString(pattern) && !hedge.MatchString(pattern) {
					claims = append(claims, WantClaim{Line{base, line}, pattern})
				}
			}
		}
	}
	return claims
}
