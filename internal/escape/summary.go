package escape

import (
	"fmt"
	"strings"
)

// Level says how a parameter leaks: Never, or one more than the number of
// dereferences between the parameter and the place it leaks to, as in the
// compiler's tags: Value is "leaking param: p" (what p points to escapes),
// Content is "leaking param content: p" (what is stored in *p escapes), and
// deeper levels are deeper contents.
type Level uint8

// Levels of a Leak.
const (
	Never   Level = 0
	Value   Level = 1
	Content Level = 2
)

// maxLevel bounds the levels kept: flows deeper than this are dropped, as
// the compiler bounds its tags.
const maxLevel = 4

func (l Level) String() string {
	switch l {
	case Never:
		return "-"
	case Value:
		return "value"
	case Content:
		return "content"
	}
	return fmt.Sprintf("content%d", int(l)-1)
}

// Leak is how one parameter leaks: to the heap and to each result.
type Leak struct {
	Heap    Level
	Results []Level // by result index; nil when it reaches no result

	// Unknown is how the parameter leaks (when not already as much to
	// the heap) if a function of another module whose escape behaviour
	// is not known keeps what it is given: an assumption, not a verdict.
	Unknown Level
}

// Summary is a function's parameter escape summary: one Leak for each of
// fn.Params, then one for each of fn.FreeVars. The zero Summary says nothing
// leaks. Summaries are small, deterministic and gob-encodable.
type Summary struct {
	Params []Leak
}

// Param returns the Leak of parameter i (free variables follow the
// parameters); nothing leaks for an index the summary does not have.
func (s *Summary) Param(i int) Leak {
	if s == nil || i >= len(s.Params) {
		return Leak{}
	}
	return s.Params[i]
}

// String renders the summary compactly, one item per parameter:
// "heap=value" (leaks to the heap), "r0=value" (flows to result 0), "-"
// (does not leak). Tests match against it.
func (s *Summary) String() string {
	if s == nil {
		return "<nil>"
	}
	var b strings.Builder
	for i, p := range s.Params {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "p%d:", i)
		wrote := false
		if p.Heap != Never {
			fmt.Fprintf(&b, "heap=%v", p.Heap)
			wrote = true
		}
		if p.Unknown != Never {
			if wrote {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "unknown=%v", p.Unknown)
			wrote = true
		}
		for j, l := range p.Results {
			if l == Never {
				continue
			}
			if wrote {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "r%d=%v", j, l)
			wrote = true
		}
		if !wrote {
			b.WriteString("-")
		}
	}
	return b.String()
}

func (s *Summary) equal(t *Summary) bool {
	if len(s.Params) != len(t.Params) {
		return false
	}
	for i, p := range s.Params {
		q := t.Params[i]
		if p.Heap != q.Heap || p.Unknown != q.Unknown || len(p.Results) != len(q.Results) {
			return false
		}
		for j := range p.Results {
			if p.Results[j] != q.Results[j] {
				return false
			}
		}
	}
	return true
}

// unknownLeak is the summary of another module's function nothing is known
// about: every parameter escapes, by assumption (Leak.Unknown).
func unknownLeak(n int) *Summary {
	s := &Summary{Params: make([]Leak, n)}
	for i := range s.Params {
		s.Params[i].Unknown = Value
	}
	return s
}

// allLeak is the summary of a callee assumed the worst of while it is
// being analyzed: every parameter escapes.
func allLeak(n int) *Summary {
	s := &Summary{Params: make([]Leak, n)}
	for i := range s.Params {
		s.Params[i].Heap = Value
	}
	return s
}
