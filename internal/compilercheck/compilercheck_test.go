package compilercheck

import (
	"testing"
)

func TestClaims(t *testing.T) {
	claims, err := Claims("testdata/src/good")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range claims {
		got = append(got, c.Line.String()+" "+c.Pattern)
	}
	want := []string{"good.go:10 converting P to any allocates", "good.go:11 &P{} allocates"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Claims = %q, want %q", got, want)
	}
}

func TestVerifyAgreesWithCompiler(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go command")
	}
	Verify(t, "testdata", "good", "modgood")
}

func TestVerifyCatchesWrongClaims(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the go command")
	}
	heap, err := Compile("testdata", "bad")
	if err != nil {
		t.Fatal(err)
	}
	claims, err := Claims("testdata/src/bad")
	if err != nil {
		t.Fatal(err)
	}
	// A bool boxed for fmt.Println uses static data, and a small make that
	// does not escape stays on the stack: both claims are wrong.
	for _, c := range claims {
		if ds := heap[c.Line]; len(ds) != 0 {
			t.Errorf("%s: compiler decisions %v; want none, so that the claim %q is rejected", c.Line, ds, c.Pattern)
		}
	}
	if len(claims) != 2 {
		t.Errorf("got %d claims, want 2", len(claims))
	}
}
