//go:build ignore

// Gentable writes stdtable.txt: the compiler's own escape tags for the
// parameters of the standard library's exported functions and methods, as
// escape.Summary strings, keyed the way lookupTable keys a callee.
//
// Usage (from this directory; it compiles std with -m, about 3 minutes):
//
//	go run gentable.go [-m file-with-go-build-gcflags=all=-m-std-output]
//
// The -m output positions parameters by file:line:col; the generator parses
// std's files to map those positions to functions and parameter indexes.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
)

// tag is the compiler's verdict on one parameter: the level (1 + derefs) at
// which it leaks to the heap and to each result, 0 for never.
type tag struct {
	heap    int
	results map[string]int // by result name, "~r0" for unnamed ones
}

var tagRE = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (?:leaking param content: (\S+)$|leaking param: (\S+) to result (\S+) level=(\d+)$|leaking param: (\S+)$|(\S+) does not escape$)`)

func main() {
	mfile := flag.String("m", "", "use this saved output of `go build -gcflags=all=-m std` (run in GOROOT/src) instead of compiling")
	out := flag.String("o", "stdtable.txt", "output file")
	flag.Parse()
	goroot := runtime.GOROOT()
	src := filepath.Join(goroot, "src")

	var mout []byte
	if *mfile != "" {
		b, err := os.ReadFile(*mfile)
		if err != nil {
			log.Fatal(err)
		}
		mout = b
	} else {
		cmd := exec.Command("go", "build", "-gcflags=all=-m", "std")
		cmd.Dir = src
		b, err := cmd.CombinedOutput()
		if err != nil {
			log.Fatalf("go build: %v", err)
		}
		mout = b
	}
	tags := map[string]*tag{} // by absolute file:line:col
	sc := bufio.NewScanner(bytes.NewReader(mout))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := tagRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		key := filepath.Join(src, m[1]) + ":" + m[2] + ":" + m[3]
		t := tags[key]
		if t == nil {
			t = &tag{results: map[string]int{}}
			tags[key] = t
		}
		// Generic code is tagged once per shape: keep the most leaky.
		set := func(p *int, l int) {
			if *p == 0 || l < *p {
				*p = l
			}
		}
		switch {
		case m[4] != "":
			set(&t.heap, 2)
		case m[5] != "":
			lvl, _ := strconv.Atoi(m[7])
			r := t.results[m[6]]
			set(&r, lvl+1)
			t.results[m[6]] = r
		case m[8] != "":
			set(&t.heap, 1)
		}
	}

	list, err := exec.Command("go", "list", "std").Output()
	if err != nil {
		log.Fatal(err)
	}
	var lines []string
	fset := token.NewFileSet()
	for _, path := range strings.Fields(string(list)) {
		if isInternal(path) {
			continue
		}
		bp, err := build.Import(path, "", 0)
		if err != nil {
			continue
		}
		for _, name := range bp.GoFiles {
			file := filepath.Join(bp.Dir, name)
			f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
			if err != nil {
				log.Fatal(err)
			}
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || !fd.Name.IsExported() {
					continue
				}
				key, ok := funcKey(path, fd)
				if !ok {
					continue
				}
				if s, ok := summary(fset, fd, tags); ok {
					lines = append(lines, key+"\t"+s)
				}
			}
		}
	}
	sort.Strings(lines)
	lines = dedup(lines)
	version := strings.TrimSpace(runCmd("go", "env", "GOVERSION"))
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# The compiler's escape tags for std (%s), written by gentable.go. DO NOT EDIT.\n", version)
	buf.WriteString("# key<TAB>one item per parameter (receiver first): heap level (- v c), then result:level pairs\n")
	for _, l := range lines {
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o666); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d functions", len(lines))
}

func runCmd(name string, args ...string) string {
	b, err := exec.Command(name, args...).Output()
	if err != nil {
		log.Fatal(err)
	}
	return string(b)
}

func isInternal(path string) bool {
	return strings.HasPrefix(path, "vendor/") || path == "internal" || strings.HasPrefix(path, "internal/") ||
		strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal")
}

// funcKey is lookupTable's key: "path.F" or "(*path.T).M" / "(path.T).M",
// without type parameters.
func funcKey(path string, fd *ast.FuncDecl) (string, bool) {
	if fd.Recv == nil {
		return path + "." + fd.Name.Name, true
	}
	t := fd.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, ok := t.(*ast.Ident)
	if !ok || !id.IsExported() {
		return "", false
	}
	return "(" + star + path + "." + id.Name + ")." + fd.Name.Name, true
}

// summary renders fd's parameters' tags: per parameter, receiver first, the
// heap level ("-", "v" value, "c" content) followed by ",rN=L" items for
// results. ok is false when the compiler said nothing about any parameter
// (the function was never compiled, e.g. an uninstantiated generic).
func summary(fset *token.FileSet, fd *ast.FuncDecl, tags map[string]*tag) (string, bool) {
	resultIndex := map[string]int{}
	i := 0
	if fd.Type.Results != nil {
		for _, f := range fd.Type.Results.List {
			if len(f.Names) == 0 {
				resultIndex["~r"+strconv.Itoa(i)] = i
				i++
			}
			for _, n := range f.Names {
				resultIndex[n.Name] = i
				resultIndex["~r"+strconv.Itoa(i)] = i
				i++
			}
		}
	}
	var fields []*ast.Field
	if fd.Recv != nil {
		fields = append(fields, fd.Recv.List...)
	}
	fields = append(fields, fd.Type.Params.List...)
	var items []string
	any := false
	for _, f := range fields {
		names := f.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, n := range names {
			if n == nil || n.Name == "_" {
				items = append(items, "-")
				continue
			}
			p := fset.Position(n.Pos())
			t := tags[fmt.Sprintf("%s:%d:%d", p.Filename, p.Line, p.Column)]
			if t == nil {
				items = append(items, "?") // no tag: pointer-free, or not compiled
				continue
			}
			any = true
			item := string("-vc"[min(t.heap, 2)])
			var rs []string
			for name, l := range t.results {
				if j, ok := resultIndex[name]; ok {
					rs = append(rs, fmt.Sprintf("%d%c", j, "-vc"[min(l, 2)]))
				}
			}
			sort.Strings(rs)
			for _, r := range rs {
				item += "," + r
			}
			items = append(items, item)
		}
	}
	return strings.Join(items, " "), any
}

func dedup(lines []string) []string {
	out := lines[:0]
	for i, l := range lines {
		if i > 0 && l == lines[i-1] {
			continue
		}
		out = append(out, l)
	}
	return out
}
