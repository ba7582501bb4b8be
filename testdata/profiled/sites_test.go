package profiled

import "testing"

func BenchmarkSites(b *testing.B) {
	ps := make([]point, 100)
	fs := make([]float64, 100)
	for i := range fs {
		fs[i] = float64(i + 1)
	}
	sink = make([]any, 0, 1)
	for b.Loop() {
		Heavy(ps)
		Light(fs)
	}
}
