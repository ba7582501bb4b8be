package mapptr

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// flow decides, within one function, whether the pointer stored by a map
// update is a fresh allocation that the map alone keeps: then storing the
// value instead of the pointer changes nothing the function can observe.
// Its scratch slices are reused across the package.
type flow struct {
	allocs  []*ssa.Alloc
	chain   []*ssa.Phi // the phis that carry the allocations to the update
	checked []*ssa.Phi // the phis of chain whose uses usesOK has checked
	work    []*ssa.BasicBlock
	seen    []bool // by block index
}

// fresh returns the allocations whose pointer u stores (one, or one per
// edge of a phi whose edges are all allocations), or nil when u stores
// something else or the pointer is used in a way a value could not be:
//
//   - stored anywhere else (another map, a field, a variable, a slice),
//     returned, passed to a function, captured by a closure, converted,
//     compared, or used as the map key;
//   - stored into the map more than once (the allocation is made outside a
//     loop that stores it);
//   - written through after the store (p.n++ after m[k] = p): with a map of
//     values the write would not reach the map;
//   - a field or element address taken for anything but a load or an
//     initializing store (&p.f passed on).
//
// Loads through the pointer (p.f, *p) are reads and are allowed anywhere,
// stores through it only before the update (the initialisation).
func (f *flow) fresh(u *ssa.MapUpdate) []*ssa.Alloc {
	f.allocs, f.chain = f.allocs[:0], f.chain[:0]
	if !f.collect(u.Value, 0) {
		return nil
	}
	if u.Key == u.Value {
		return nil
	}
	for _, a := range f.allocs {
		f.checked = f.checked[:0]
		if f.storedAgain(u, a) || !f.usesOK(a, a, u) {
			return nil
		}
	}
	return append([]*ssa.Alloc(nil), f.allocs...)
}

// collect gathers the allocations behind v: v itself, or the edges of a
// phi (of phis), all of which must be allocations.
func (f *flow) collect(v ssa.Value, depth int) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		for _, a := range f.allocs {
			if a == v {
				return false // the same allocation on two edges
			}
		}
		f.allocs = append(f.allocs, v)
		return true
	case *ssa.Phi:
		if depth > 4 {
			return false
		}
		if f.inChain(v) {
			return true
		}
		f.chain = append(f.chain, v)
		for _, e := range v.Edges {
			if !f.collect(e, depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

func (f *flow) inChain(p *ssa.Phi) bool { return slices.Contains(f.chain, p) }

// usesOK checks every use of v, which holds the pointer made by a (a
// itself or a phi of the chain), against the rules of fresh.
func (f *flow) usesOK(v ssa.Value, a *ssa.Alloc, u *ssa.MapUpdate) bool {
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.MapUpdate:
			if r != u || r.Value != v || r.Key == v || r.Map == v {
				return false
			}
		case *ssa.Phi:
			if !f.inChain(r) {
				return false
			}
			if slices.Contains(f.checked, r) {
				continue // phis carried round a loop refer to each other
			}
			f.checked = append(f.checked, r)
			if !f.usesOK(r, a, u) {
				return false
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if r.Val == v || f.after(u, r, a) {
				return false
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if !f.addrOK(r.(ssa.Value), a, u) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// addrOK checks the uses of the address of a field or element of the
// allocation: loads anywhere, stores only before the update.
func (f *flow) addrOK(addr ssa.Value, a *ssa.Alloc, u *ssa.MapUpdate) bool {
	refs := addr.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if r.Addr != addr || f.after(u, r, a) {
				return false
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if !f.addrOK(r.(ssa.Value), a, u) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// storedAgain reports whether the update u can run again for the same
// allocation a: it is in a cycle that does not pass through a's block.
func (f *flow) storedAgain(u *ssa.MapUpdate, a *ssa.Alloc) bool {
	return f.reaches(u.Block(), u.Block(), a.Block())
}

// after reports whether instr can run after u for the same allocation a:
// later in u's block, or in a block reachable from u's without passing
// through a's block (entering it makes a new allocation).
func (f *flow) after(u *ssa.MapUpdate, instr ssa.Instruction, a *ssa.Alloc) bool {
	if instr.Block() == u.Block() && index(instr) > index(u) {
		return true
	}
	return f.reaches(u.Block(), instr.Block(), a.Block())
}

// reaches reports whether to can be reached from the successors of from
// without entering barrier.
func (f *flow) reaches(from, to, barrier *ssa.BasicBlock) bool {
	n := len(from.Parent().Blocks)
	if cap(f.seen) < n {
		f.seen = make([]bool, n)
	}
	f.seen = f.seen[:n]
	clear(f.seen)
	f.work = f.work[:0]
	for _, s := range from.Succs {
		if s != barrier && !f.seen[s.Index] {
			f.seen[s.Index] = true
			f.work = append(f.work, s)
		}
	}
	for len(f.work) > 0 {
		b := f.work[len(f.work)-1]
		f.work = f.work[:len(f.work)-1]
		if b == to {
			return true
		}
		for _, s := range b.Succs {
			if s != barrier && !f.seen[s.Index] {
				f.seen[s.Index] = true
				f.work = append(f.work, s)
			}
		}
	}
	return false
}

func index(instr ssa.Instruction) int {
	for i, in := range instr.Block().Instrs {
		if in == instr {
			return i
		}
	}
	return -1
}
