package unsizedmake_test

import "testing"

const n = 1000

var (
	input = make([]int, n)
	sinkS []int
	sinkM map[int]int
)

// growSlice is the pattern unsizedmake reports.
func growSlice() {
	var out []int
	for _, x := range input {
		out = append(out, x+1)
	}
	sinkS = out
}

// sizedSlice is what it suggests.
func sizedSlice() {
	out := make([]int, 0, len(input))
	for _, x := range input {
		out = append(out, x+1)
	}
	sinkS = out
}

func growMap() {
	m := make(map[int]int)
	for i, x := range input {
		m[i] = x
	}
	sinkM = m
}

func sizedMap() {
	m := make(map[int]int, len(input))
	for i, x := range input {
		m[i] = x
	}
	sinkM = m
}

func BenchmarkBad(b *testing.B) {
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			growSlice()
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			growMap()
		}
	})
}

func BenchmarkGood(b *testing.B) {
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sizedSlice()
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sizedMap()
		}
	})
}

func TestCost(t *testing.T) {
	for _, c := range []struct {
		name      string
		bad, good func()
	}{{"slice", growSlice, sizedSlice}, {"map", growMap, sizedMap}} {
		bad := testing.AllocsPerRun(20, c.bad)
		good := testing.AllocsPerRun(20, c.good)
		if bad <= good {
			t.Errorf("%s: grown %v allocs/op, sized %v; want more when grown", c.name, bad, good)
		}
		t.Logf("%s: grown %v allocs/op, sized %v allocs/op", c.name, bad, good)
	}
}
