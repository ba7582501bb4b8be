package escape

import (
	_ "embed"
	"go/types"
	"strings"

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
func curated(key string) (string, bool) {
	switch key {
	case "slices.BinarySearchFunc":
		return "c v -", true
	case "slices.ContainsFunc", "slices.IndexFunc", "slices.SortFunc", "slices.SortStableFunc", "slices.IsSortedFunc":
		return "c -", true
	case "slices.DeleteFunc", "slices.CompactFunc":
		return "c,0v -", true
	case "slices.EqualFunc":
		return "c c -", true
	case "slices.MaxFunc", "slices.MinFunc":
		return "c,0c -", true
	case "slices.Sort":
		return "c", true
	case "slices.Contains", "slices.Index", "slices.Equal":
		return "- -", true
	case "maps.Keys", "maps.Values":
		return "v", true
	}
	return "", false
}

// iterators holds the standard library's functions returning an iter.Seq
// or iter.Seq2 whose sequence calls yield without keeping it, so that the
// body of a range-over-func loop over their result (a closure passed as
// yield) does not escape. Checked against go build -gcflags=-m (the
// sequence's func literal: "yield does not escape"; see TestIterators);
// reflect's Value.Seq and Seq2, and go/ast.Preorder, do keep it.
var iterators = map[string]bool{
	"strings.Lines": true, "strings.SplitSeq": true, "strings.SplitAfterSeq": true,
	"strings.FieldsSeq": true, "strings.FieldsFuncSeq": true,
	"bytes.Lines": true, "bytes.SplitSeq": true, "bytes.SplitAfterSeq": true,
	"bytes.FieldsSeq": true, "bytes.FieldsFuncSeq": true,
	"maps.All": true, "maps.Keys": true, "maps.Values": true,
	"slices.All": true, "slices.Backward": true, "slices.Values": true, "slices.Chunk": true,
	"(*go/types.Interface).Methods": true, "(*go/types.Interface).ExplicitMethods": true,
	"(*go/types.Interface).EmbeddedTypes": true, "(*go/types.Named).Methods": true,
	"(*go/types.Scope).Children": true, "(*go/types.Struct).Fields": true,
	"(*go/types.Tuple).Variables": true, "(*go/types.MethodSet).Methods": true,
	"(*go/types.Union).Terms": true, "(*go/types.TypeParamList).TypeParams": true,
	"(*go/types.TypeList).Types": true,
}

// yieldNotKept reports whether seq, the function value of a dynamic call,
// is a sequence returned by one of the iterators, which calls the yield it
// is given and drops it.
func yieldNotKept(seq ssa.Value) bool {
	call, ok := seq.(*ssa.Call)
	if !ok {
		return false
	}
	callee := call.Call.StaticCallee()
	return callee != nil && iterators[tableKey(callee)]
}

// lookupLine finds key in stdtable by binary search: after the comment
// lines, its lines are sorted, and "key\t" orders lines as keys order
// (a tab sorts before any character of a name). No index is built: the
// table is only ever read.
func lookupLine(key string) (string, bool) {
	body := stdtable
	for strings.HasPrefix(body, "#") {
		i := strings.IndexByte(body, '\n')
		if i < 0 {
			return "", false
		}
		body = body[i+1:]
	}
	lo, hi := 0, len(body)
	for lo < hi {
		mid := lo + (hi-lo)/2
		start := strings.LastIndexByte(body[lo:mid], '\n') + 1 + lo
		end := strings.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start
		}
		k, v, _ := strings.Cut(body[start:end], "\t")
		switch {
		case k == key:
			return v, true
		case k < key:
			lo = end + 1
		default:
			hi = start
		}
	}
	return "", false
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
	spec, ok := lookupLine(key)
	if !ok {
		spec, ok = curated(key)
	}
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
