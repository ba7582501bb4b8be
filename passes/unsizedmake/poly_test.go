package unsizedmake

import "testing"

func TestPoly(t *testing.T) {
	atoms := []atom{{text: "len(xs)"}, {text: "n"}, {text: "b - a", sum: true}}
	xs, n, ba := atomPoly(0), atomPoly(1), atomPoly(2)
	for _, c := range []struct {
		p    poly
		want string
	}{
		{nil, "0"},
		{constPoly(3), "3"},
		{add(xs, xs), "2*len(xs)"},
		{add(mul(xs, n), constPoly(1)), "len(xs)*n+1"},
		{mul(constPoly(2), ba), "2*(b - a)"},
		{ba, "b - a"},
		{mul(ba, n), "n*(b - a)"},
		{maxPoly(add(xs, constPoly(1)), add(xs, xs)), "2*len(xs)+1"},
		{maxPoly(xs, n), "len(xs)+n"},
	} {
		if got := c.p.render(atoms, true); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	if k, ok := add(constPoly(2), constPoly(3)).constant(); !ok || k != 5 {
		t.Errorf("2+3 = %d, %v", k, ok)
	}
	if _, ok := xs.constant(); ok {
		t.Error("len(xs) is constant")
	}
	if got := add(xs, n).uses(); len(got) != 2 {
		t.Errorf("uses: %v", got)
	}
}
