package reuse

import (
	"go/token"
	"go/types"

	"github.com/heaplint/heaplint/internal/escape"
	"golang.org/x/tools/go/ssa"
)

// life is what a walk over the uses of an allocation found.
type life struct {
	kept     bool   // returned, stored, sent, captured by a closure that escapes, or handed to code that may keep it
	returned bool   // a parameter's value flows to a result (callees only; the caller follows the result)
	hedge    string // "if w.Write does not keep it, ": reuse is right unless an unknown callee keeps it
}

// reusable reports whether the value dies with the call, so that one kept
// across calls and reset does the same work.
func (l life) reusable() bool { return !l.kept && !l.returned }

// maxDepth bounds how deep the walk follows a value into the package's
// callees.
const maxDepth = 3

// lifetime walks the uses of v, the allocation, and of what aliases it
// (slices of it, appends to it, conversions, interfaces holding it,
// results of calls it flows to), and says whether it can outlive the
// call of its function.
func (c *checker) lifetime(v ssa.Value) life {
	return c.lifetimeAt(v, 0)
}

func (c *checker) lifetimeAt(v ssa.Value, depth int) life {
	var l life
	c.anyAlias(v, func(y ssa.Value, r ssa.Instruction) bool {
		switch r := r.(type) {
		case *ssa.Return:
			if depth == 0 {
				l.kept = true
			} else {
				l.returned = true
			}
		case *ssa.Store:
			l.kept = l.kept || r.Val == y
		case *ssa.MapUpdate:
			l.kept = l.kept || r.Key == y || r.Value == y
		case *ssa.Send:
			l.kept = l.kept || r.X == y
		case *ssa.Go, *ssa.Panic:
			l.kept = true
		case *ssa.MakeClosure:
			l.kept = l.kept || c.closureKeeps(r, y, depth)
		case ssa.CallInstruction:
			c.call(r, y, depth, &l)
		}
		return l.kept
	})
	return l
}

// closureKeeps reports whether the closure mc, which captures y, keeps it:
// the closure escapes, or its body keeps the captured variable.
func (c *checker) closureKeeps(mc *ssa.MakeClosure, y ssa.Value, depth int) bool {
	if _, escapes := c.esc.Of(mc); escapes || depth >= maxDepth {
		return true
	}
	fn := mc.Fn.(*ssa.Function)
	for i, b := range mc.Bindings {
		if b == y && i < len(fn.FreeVars) && !c.lifetimeAt(fn.FreeVars[i], depth+1).reusable() {
			return true
		}
	}
	return false
}

// call judges a call (or defer) that uses y, an alias of the allocation:
// as an argument, a receiver, or the append it grows.
func (c *checker) call(call ssa.CallInstruction, y ssa.Value, depth int, l *life) {
	if _, isDefer := call.(*ssa.Defer); isDefer && c.hot.Of(call.Block()).LoopDepth > 0 {
		l.kept = true // deferred in a loop: runs after the loop, with every iteration's value
		return
	}
	common := call.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok {
		if b.Name() == "append" && len(common.Args) > 1 && common.Args[1] == y {
			return // append(x, y...) copies y's elements
		}
		return // append(y, ...) is an alias (see aliasOf); len, cap, copy, clear, delete
	}
	if common.IsInvoke() {
		if common.Value == y {
			l.hedge = "if " + common.Method.Name() + " does not keep it, "
			return
		}
		if !contractNoRetain(common.Method) {
			l.hedge = "if " + common.Method.Name() + " does not keep it, "
		}
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		if common.Value != y {
			l.hedge = "if the func value does not keep it, "
		}
		return
	}
	if callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg && callee.Blocks != nil && callee.TypeParams().Len() == 0 {
		c.localCall(call, callee, y, depth, l)
		return
	}
	c.otherCall(call, callee, y, l)
}

// localCall follows y into a function of the package: y is kept when the
// parameter is, and the call's result aliases y when the parameter is
// returned.
func (c *checker) localCall(call ssa.CallInstruction, callee *ssa.Function, y ssa.Value, depth int, l *life) {
	if depth >= maxDepth {
		l.kept = true
		return
	}
	args := call.Common().Args
	for i, arg := range args {
		if arg != y || i >= len(callee.Params) {
			continue
		}
		pl := c.lifetimeAt(callee.Params[i], depth+1)
		if pl.kept {
			l.kept = true
			return
		}
		if pl.hedge != "" && l.hedge == "" {
			l.hedge = pl.hedge
		}
		// A returned parameter makes the call's value an alias: the
		// walk already follows the call (see aliasOf).
	}
}

// otherCall judges a call of a function of another package: one of the
// standard library by the compiler's tags (escape.InTable); any other is
// taken to keep what it is given.
func (c *checker) otherCall(call ssa.CallInstruction, callee *ssa.Function, y ssa.Value, l *life) {
	origin := callee
	if o := callee.Origin(); o != nil {
		origin = o
	}
	s := c.esc.Summary(callee)
	if s == nil || !escape.InTable(origin) {
		l.kept = true
		return
	}
	args := call.Common().Args
	for i, arg := range args {
		if arg != y {
			continue
		}
		if s.Param(i).Heap == escape.Value && !transient(callee) {
			l.kept = true
			return
		}
	}
}

// contractNoRetain reports whether the interface method's documented
// contract forbids keeping its argument: io.Reader's Read, io.Writer's
// Write, io.ReaderAt's ReadAt and io.WriterAt's WriteAt ("Implementations
// must not retain p"), recognized by name and signature.
func contractNoRetain(m *types.Func) bool {
	sig := m.Type().(*types.Signature)
	switch m.Name() {
	case "Read", "Write":
		return sig.Params().Len() == 1 && isBytes(sig.Params().At(0).Type()) && intErr(sig)
	case "ReadAt", "WriteAt":
		return sig.Params().Len() == 2 && isBytes(sig.Params().At(0).Type()) && intErr(sig)
	}
	return false
}

func isBytes(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

func intErr(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() == 2 && types.Identical(r.At(0).Type(), types.Typ[types.Int]) && r.At(1).Type().String() == "error"
}

// transient reports whether a function of the standard library lets its
// arguments escape (to an interface call, a reflect walk) without keeping
// them past the call: readers, writers, formatters, decoders and sorts.
// Functions not listed are taken to keep what leaks into them.
func transient(fn *ssa.Function) bool {
	if fn.Pkg == nil {
		return false
	}
	name := fn.Name()
	if recv := fn.Signature.Recv(); recv != nil {
		name = types.TypeString(recv.Type(), func(p *types.Package) string { return p.Name() }) + "." + name
	}
	switch fn.Pkg.Pkg.Path() + " " + name {
	case "io ReadFull", "io ReadAtLeast", "io Copy", "io CopyBuffer", "io CopyN", "io WriteString",
		"fmt Fprint", "fmt Fprintf", "fmt Fprintln", "fmt Sprint", "fmt Sprintf", "fmt Sprintln",
		"fmt Print", "fmt Printf", "fmt Println", "fmt Append", "fmt Appendf", "fmt Appendln",
		"fmt Sscan", "fmt Sscanf", "fmt Sscanln", "fmt Fscan", "fmt Fscanf", "fmt Fscanln",
		"encoding/json Unmarshal", "encoding/json Marshal", "encoding/json *json.Decoder.Decode", "encoding/json *json.Encoder.Encode",
		"encoding/xml Unmarshal", "encoding/xml Marshal", "encoding/xml *xml.Decoder.Decode", "encoding/xml *xml.Encoder.Encode",
		"encoding/binary Read", "encoding/binary Write",
		"encoding/gob *gob.Decoder.Decode", "encoding/gob *gob.Encoder.Encode",
		"bufio *bufio.Writer.Write", "bufio *bufio.Reader.Read", "bytes *bytes.Buffer.ReadFrom", "bytes *bytes.Buffer.WriteTo",
		"os *os.File.Read", "os *os.File.Write", "os *os.File.ReadAt", "os *os.File.WriteAt",
		"sort Sort", "sort Stable", "sort Slice", "sort SliceStable", "sort Search",
		"errors As":
		return true
	}
	return false
}

// aliasOf returns the value r derives from y when it refers to the same
// object: a phi, a slice, a conversion, an interface holding it, an
// address inside it, an append to it, or the result of a call its
// parameter flows to.
func (c *checker) aliasOf(y ssa.Value, r ssa.Instruction) (ssa.Value, bool) {
	switch r := r.(type) {
	case *ssa.Phi, *ssa.Slice, *ssa.ChangeType, *ssa.Convert, *ssa.ChangeInterface,
		*ssa.MakeInterface, *ssa.FieldAddr, *ssa.IndexAddr, *ssa.SliceToArrayPointer,
		*ssa.TypeAssert, *ssa.Extract:
		return r.(ssa.Value), true
	case *ssa.UnOp:
		// Memory the allocation owns (a buffer in a field): returning or
		// keeping it makes reuse wrong as soon as the reset keeps it
		// (buf.Reset(), clear, [:0]).
		_, field := y.(*ssa.FieldAddr)
		return r, r.Op == token.MUL && field && ownsMemory(r.Type())
	case *ssa.Call:
		common := r.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok {
			return r, b.Name() == "append" && common.Args[0] == y
		}
		return r, c.flowsToResult(common, y)
	}
	return nil, false
}

// ownsMemory reports whether a value of type t refers to memory that may
// belong to the object it was loaded from: a slice, map, pointer,
// channel or interface. Strings are immutable: sharing them is safe.
func ownsMemory(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Slice, *types.Map, *types.Pointer, *types.Chan, *types.Interface:
		return true
	}
	return false
}

// flowsToResult reports whether y, an argument of the call, may be
// returned by it (y itself, not what it points to), by the callee's escape
// summary (the compiler's tags for the standard library); a callee with
// no summary is taken to return it. Calls through interfaces and func
// values are taken to return nothing of it: their arguments are judged by
// the hedge instead.
func (c *checker) flowsToResult(common *ssa.CallCommon, y ssa.Value) bool {
	callee := common.StaticCallee()
	if callee == nil || callee.Signature.Results().Len() == 0 {
		return false
	}
	s := c.esc.Summary(callee)
	for i, a := range common.Args {
		if a != y {
			continue
		}
		if s == nil {
			return true
		}
		for _, lvl := range s.Param(i).Results {
			if lvl == escape.Value || lvl == escape.Content {
				return true // itself, or memory it holds (bytes.Buffer.Bytes)
			}
		}
	}
	return false
}

// anyAlias walks v and its aliases (see aliasOf) and reports whether use
// holds for any of their uses r, where y is the alias r uses.
func (c *checker) anyAlias(v ssa.Value, use func(y ssa.Value, r ssa.Instruction) bool) bool {
	work := []ssa.Value{v}
	seen := map[ssa.Value]bool{}
	for len(work) > 0 {
		y := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[y] || y.Referrers() == nil {
			continue
		}
		seen[y] = true
		for _, r := range *y.Referrers() {
			if use(y, r) {
				return true
			}
			if d, ok := c.aliasOf(y, r); ok {
				work = append(work, d)
			}
		}
	}
	return false
}
