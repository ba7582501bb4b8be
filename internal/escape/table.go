package escape

import (
	_ "embed"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

//go:generate go run gentable.go

// stdtable.txt holds the compiler's own escape tags for the parameters of
// the standard library's exported functions and methods (gentable.go
// writes it from go build -gcflags=all=-m std), so that calls into std are
// judged exactly as the compiler judges them, at no cost at run time.
// Regenerate it for a new Go release.
//
//go:embed stdtable.txt
var stdtable string

// curated holds what the generated table cannot know: generic functions
// that std never instantiates, whose tags the compiler only computes in the
// package that instantiates them. Same format as stdtable.txt. The func
// parameters were checked against go build -gcflags=-m of a caller (they do
// not escape); slice elements passed to a callback do (content).
const curated = `
slices.BinarySearchFunc	c v -
slices.ContainsFunc	c -
slices.DeleteFunc	c,0v -
slices.EqualFunc	c c -
slices.IndexFunc	c -
slices.MaxFunc	c,0c -
slices.MinFunc	c,0c -
slices.SortFunc	c -
slices.SortStableFunc	c -
slices.IsSortedFunc	c -
slices.CompactFunc	c,0v -
slices.Sort	c
slices.Contains	- -
slices.Index	- -
slices.Equal	- -
maps.Keys	v
maps.Values	v
`

var (
	tableOnce sync.Once
	table     map[string]string // key → items, read-only after tableOnce
)

func loadTable() {
	table = make(map[string]string, 4096)
	for _, src := range []string{stdtable, curated} {
		for line := range strings.Lines(src) {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' {
				continue
			}
			if k, v, ok := strings.Cut(line, "\t"); ok {
				table[k] = v
			}
		}
	}
}

// tableKey is fn's key in the table: "path.F", "(*path.T).M" or
// "(path.T).M", without type arguments; "" for functions the table cannot
// hold (closures, wrappers, interface methods).
func tableKey(fn *ssa.Function) string {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj == nil || obj.Pkg() == nil {
		return ""
	}
	if fn.Synthetic != "" && !strings.HasPrefix(fn.Synthetic, "from type information") {
		return "" // a wrapper: its parameters are not the method's
	}
	recv := obj.Signature().Recv()
	if recv == nil {
		return obj.Pkg().Path() + "." + obj.Name()
	}
	t := recv.Type()
	star := ""
	if p, ok := t.(*types.Pointer); ok {
		star, t = "*", p.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return ""
	}
	return "(" + star + named.Obj().Pkg().Path() + "." + named.Obj().Name() + ")." + obj.Name()
}

// lookupTable returns the table's summary of fn, a function of another
// package, or nil.
func lookupTable(fn *ssa.Function) *Summary {
	key := tableKey(fn)
	if key == "" {
		return nil
	}
	tableOnce.Do(loadTable)
	spec, ok := table[key]
	if !ok {
		return nil
	}
	n := fn.Signature.Params().Len()
	if fn.Signature.Recv() != nil {
		n++
	}
	return parseSpec(spec, n)
}

// parseSpec parses one table entry for a function of n parameters
// (receiver included): per parameter, the heap level ("-" never, "v" the
// value, "c" its content, "?" no tag: assumed to leak) and ",<result><level>"
// items. Nil when the entry does not fit.
func parseSpec(spec string, n int) *Summary {
	items := strings.Fields(spec)
	if len(items) != n {
		return nil
	}
	s := &Summary{Params: make([]Leak, n)}
	level := func(c byte) (Level, bool) {
		switch c {
		case '-':
			return Never, true
		case 'v', '?':
			return Value, true
		case 'c':
			return Content, true
		}
		return Never, false
	}
	for i, item := range items {
		parts := strings.Split(item, ",")
		l, ok := level(parts[0][0])
		if !ok || len(parts[0]) != 1 {
			return nil
		}
		s.Params[i].Heap = l
		for _, r := range parts[1:] {
			if len(r) < 2 {
				return nil
			}
			j := 0
			for _, c := range r[:len(r)-1] {
				if c < '0' || c > '9' {
					return nil
				}
				j = j*10 + int(c-'0')
			}
			l, ok := level(r[len(r)-1])
			if !ok {
				return nil
			}
			for len(s.Params[i].Results) <= j {
				s.Params[i].Results = append(s.Params[i].Results, Never)
			}
			s.Params[i].Results[j] = l
		}
	}
	return s
}

// InTable reports whether calls of fn, a function of another package, are
// judged by the table of the compiler's standard library tags (or its
// curated generic entries), so that an escape through one of its
// parameters is the compiler's verdict rather than the assumption made for
// unknown callees (every parameter leaks). Checks use it to word findings
// that rest on the assumption as "may allocate".
func InTable(fn *ssa.Function) bool {
	return fn != nil && lookupTable(fn) != nil
}
