package unsizedmake

import (
	"slices"
	"strconv"
	"strings"
)

// A poly is a count of elements: a sum of products of atoms (trip counts
// and lengths, all ≥ 0) with positive coefficients, kept sorted by key.
// Because every atom is non-negative, the coefficient-wise maximum of two
// polys bounds the larger of them, and equals it when one dominates.
type poly []mono

type mono struct {
	atoms []int // indexes into the atom table, sorted
	coef  int64
}

func (m mono) key() string {
	var b strings.Builder
	for i, a := range m.atoms {
		if i > 0 {
			b.WriteByte('*')
		}
		b.WriteString(strconv.Itoa(a))
	}
	return b.String()
}

func constPoly(c int64) poly {
	if c == 0 {
		return nil
	}
	return poly{{coef: c}}
}

func atomPoly(a int) poly { return poly{{atoms: []int{a}, coef: 1}} }

// constant returns p's value when it has no atoms.
func (p poly) constant() (int64, bool) {
	switch len(p) {
	case 0:
		return 0, true
	case 1:
		if len(p[0].atoms) == 0 {
			return p[0].coef, true
		}
	}
	return 0, false
}

func (p poly) isZero() bool { return len(p) == 0 }

// combine merges p and q, combining the coefficients of equal monomials
// with f.
func combine(p, q poly, f func(a, b int64) int64) poly {
	out := make(poly, 0, len(p)+len(q))
	i, j := 0, 0
	for i < len(p) || j < len(q) {
		var c int
		switch {
		case i == len(p):
			c = 1
		case j == len(q):
			c = -1
		default:
			c = compareMono(p[i], q[j])
		}
		switch {
		case c < 0:
			out = append(out, mono{p[i].atoms, f(p[i].coef, 0)})
			i++
		case c > 0:
			out = append(out, mono{q[j].atoms, f(0, q[j].coef)})
			j++
		default:
			out = append(out, mono{p[i].atoms, f(p[i].coef, q[j].coef)})
			i++
			j++
		}
	}
	return slices.DeleteFunc(out, func(m mono) bool { return m.coef == 0 })
}

// compareMono orders monomials: higher degree first, then by atoms.
func compareMono(a, b mono) int {
	if d := len(b.atoms) - len(a.atoms); d != 0 {
		return d
	}
	return slices.Compare(a.atoms, b.atoms)
}

func add(p, q poly) poly { return combine(p, q, func(a, b int64) int64 { return a + b }) }

// neg returns -p, for subtracting a part of a sum from it.
func neg(p poly) poly { return combine(nil, p, func(a, b int64) int64 { return a - b }) }

func maxPoly(p, q poly) poly { return combine(p, q, func(a, b int64) int64 { return max(a, b) }) }

func mul(p, q poly) poly {
	var out poly
	for _, a := range p {
		for _, b := range q {
			atoms := append(slices.Clone(a.atoms), b.atoms...)
			slices.Sort(atoms)
			out = add(out, poly{{atoms: atoms, coef: a.coef * b.coef}})
		}
	}
	return out
}

// render writes p with the atoms' texts, as Go source: 2*len(xs)+len(ys)*n+1.
// A sum atom (written "b - a" or "max(b-a, 0)") is parenthesized in a product
// when it has a top-level + or -.
func (p poly) render(atoms []atom, withMax bool) string {
	if len(p) == 0 {
		return "0"
	}
	var b strings.Builder
	for i, m := range p {
		if i > 0 {
			b.WriteString("+")
		}
		if m.coef != 1 || len(m.atoms) == 0 {
			b.WriteString(strconv.FormatInt(m.coef, 10))
			if len(m.atoms) > 0 {
				b.WriteString("*")
			}
		}
		for j, a := range m.atoms {
			if j > 0 {
				b.WriteString("*")
			}
			t, sum := atoms[a].text, atoms[a].sum
			if atoms[a].max && !withMax {
				t, sum = atoms[a].bare, true
			} else if atoms[a].max {
				sum = false
			}
			if sum && (len(m.atoms) > 1 || m.coef != 1) {
				t = "(" + t + ")"
			}
			b.WriteString(t)
		}
	}
	return b.String()
}

// uses returns the atoms p mentions, in order.
func (p poly) uses() []int {
	var out []int
	for _, m := range p {
		for _, a := range m.atoms {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	slices.Sort(out)
	return out
}
