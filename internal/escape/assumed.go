package escape

import "golang.org/x/tools/go/ssa"

// Assumed returns the callee when site is an argument of a function of
// another package that neither the std table (InTable) nor any imported
// summary describes, so that the escape rests on the assumption made for
// unknown code (every parameter leaks) rather than on the compiler's
// verdict; nil otherwise. A check words such findings "may allocate".
// Calls through func values and interface methods are not assumptions: the
// compiler also makes their arguments escape.
func (r *Result) Assumed(site Site) *ssa.Function {
	if site.Kind != Call {
		return nil
	}
	call, ok := site.Instr.(ssa.CallInstruction)
	if !ok {
		return nil
	}
	r = r.resultFor(site.Instr.Parent())
	callee := call.Common().StaticCallee()
	if callee == nil {
		return nil
	}
	origin := callee
	if o := callee.Origin(); o != nil {
		origin = o
	}
	if r.inSource(origin) || (origin.Synthetic != "" && origin.Blocks != nil) || InTable(origin) {
		return nil // summarized from its code, or the compiler's tags
	}
	s := r.summaries[origin]
	if s == nil {
		return callee
	}
	for _, p := range s.Params {
		if p.Heap != Value || p.Results != nil {
			return nil // a summary imported from elsewhere
		}
	}
	return callee
}
