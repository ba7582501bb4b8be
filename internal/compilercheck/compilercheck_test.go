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

func TestParseHeap(t *testing.T) {
	out := []byte(`# p
./a.go:5:14: true escapes to heap
./a.go:5:14: convert: using global for single-byte interface value: .stmp_0
./a.go:6:2: moved to heap: x
./a.go:6:2: using stack temporary for interface value
./a.go:7:9: &T{} escapes to heap
./a.go:8:9: make([]int, n) does not escape
`)
	heap := parseHeap(out)
	if ds := heap[Line{"a.go", 5}]; len(ds) != 0 {
		t.Errorf("line 5: a boxing served from static data is no allocation: %v", ds)
	}
	if ds := heap[Line{"a.go", 6}]; len(ds) != 1 || ds[0].Text != "moved to heap: x" {
		t.Errorf("line 6: a moved variable stays a heap decision: %v", ds)
	}
	if ds := heap[Line{"a.go", 7}]; len(ds) != 1 {
		t.Errorf("line 7: %v", ds)
	}
	if ds := heap[Line{"a.go", 8}]; len(ds) != 0 {
		t.Errorf("line 8: %v", ds)
	}
}
