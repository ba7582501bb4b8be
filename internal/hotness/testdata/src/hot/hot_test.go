package hot

import "testing"

func tested() {
	mark() // want `warm: on each call$`
}

func TestTable(t *testing.T) {
	for range 3 {
		tested()
	}
}

func benched() {
	mark() // want `warm: on each call, and BenchmarkB calls it in a loop`
}

func BenchmarkB(b *testing.B) {
	for b.Loop() {
		benched()
	}
}

// A test that calls stack does not make it warm: only the program's calls
// count.
func TestStack(t *testing.T) {
	stack(3)
}
