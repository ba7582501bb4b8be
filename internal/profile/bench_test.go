package profile

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	pprof "github.com/google/pprof/profile"
)

// bigProfile writes a gzipped heap profile of at least size bytes, shaped
// like a large service's: 400 packages of 30 functions, call stacks 8 to
// 40 deep walked down a fixed call graph, a quarter of the frames with an
// inlined callee. It returns the file and the first npkg package paths as
// analyzed packages.
func bigProfile(tb testing.TB, size, npkg int) (string, []Package) {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	s := newHeap()
	const pkgs, perPkg = 400, 30
	var funcs []*pprof.Function
	for i := range pkgs * perPkg {
		pkg, fn := i%pkgs, i/pkgs
		name := fmt.Sprintf("example.com/mod/pkg%d.(*T%d).Method%d", pkg, fn%7, fn)
		if fn%5 == 0 {
			name += ".func1"
		}
		f := s.fn(name, int64(10+fn*40))
		f.Filename = fmt.Sprintf("/home/u/mod/pkg%d/file%d.go", pkg, fn%4)
		funcs = append(funcs, f)
	}
	malloc := s.fn("runtime.mallocgc", 1000)
	// Each function calls a few others: stacks are walks down these edges.
	callees := make([][]int, len(funcs))
	for i := range callees {
		for range 3 {
			callees[i] = append(callees[i], r.IntN(len(funcs)))
		}
	}
	locs := map[[3]int]*pprof.Location{} // caller, line, inlined callee (-1 for none)
	loc := func(f, line, inl int) *pprof.Location {
		key := [3]int{f, line, inl}
		if l, ok := locs[key]; ok {
			return l
		}
		l := &pprof.Location{ID: uint64(len(s.p.Location) + 1), Address: uint64(0x400000 + 16*len(s.p.Location))}
		if inl >= 0 {
			l.Line = append(l.Line, pprof.Line{Function: funcs[inl], Line: funcs[inl].StartLine + 3})
		}
		l.Line = append(l.Line, pprof.Line{Function: funcs[f], Line: funcs[f].StartLine + int64(line)})
		s.p.Location = append(s.p.Location, l)
		locs[key] = l
		return l
	}
	mallocLoc := s.loc("runtime.mallocgc:1003")
	_ = malloc
	// Real stacks share long prefixes: most samples are one of a few
	// thousand paths from main with a short tail of their own, and their
	// values are few sizes and small counts. That is what makes a real
	// profile compress about 3:1.
	paths := make([][]*pprof.Location, 3000)
	for i := range paths {
		f := r.IntN(len(funcs))
		for range 6 + r.IntN(25) {
			next := callees[f][r.IntN(3)]
			inl := -1
			if r.IntN(4) == 0 {
				inl = next
			}
			paths[i] = append(paths[i], loc(f, r.IntN(8), inl))
			f = next
		}
	}
	addSamples := func(n int) {
		for range n {
			path := paths[r.IntN(len(paths))]
			tail := 1 + r.IntN(6)
			stack := make([]*pprof.Location, 0, 1+tail+len(path))
			stack = append(stack, mallocLoc)
			f := r.IntN(len(funcs))
			for range tail {
				stack = append(stack, loc(f, r.IntN(8), -1))
				f = callees[f][r.IntN(3)]
			}
			for i := len(path) - 1; i >= 0; i-- {
				stack = append(stack, path[i])
			}
			objects := int64(1 + r.IntN(4))
			s.sample([]int64{objects, objects * int64(16<<r.IntN(8)), 0, 0}, stack...)
		}
	}
	write := func() []byte {
		var b bytes.Buffer
		if err := s.p.Write(&b); err != nil {
			tb.Fatal(err)
		}
		return b.Bytes()
	}
	addSamples(20000)
	per := float64(len(write())) / 20000
	addSamples(int(float64(size)/per*1.02) - 20000)
	data := write()
	for len(data) < size {
		addSamples(int(float64(size-len(data))/per*1.1) + 1000)
		data = write()
	}
	name := filepath.Join(tb.TempDir(), "big.pb.gz")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		tb.Fatal(err)
	}
	var analyzed []Package
	for i := range npkg {
		analyzed = append(analyzed, Package{Path: fmt.Sprintf("example.com/mod/pkg%d", i), Dir: fmt.Sprintf("/home/u/mod/pkg%d", i)})
	}
	return name, analyzed
}

// BenchmarkDigest measures what the driver does with a 50 MB gzipped heap
// profile: read it, attribute its samples, and cut out the digests of 100
// analyzed packages (as WriteDir does, without the writing). cpu-ns/op is
// the process's CPU time (garbage collection included), which a busy
// machine does not inflate as it does ns/op.
func BenchmarkDigest(b *testing.B) {
	file, analyzed := bigProfile(b, 50<<20, 100)
	st, _ := os.Stat(file)
	b.SetBytes(st.Size())
	b.ReportAllocs()
	var funcs int
	cpu := cpuTime()
	for b.Loop() {
		p, err := Load(os.ReadFile, file)
		if err != nil {
			b.Fatal(err)
		}
		set := p.Digests(analyzed)
		funcs = 0
		for _, pkg := range analyzed {
			funcs += len(set.Digest(pkg).funcs)
		}
	}
	b.ReportMetric(float64(funcs), "funcs")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// BenchmarkAttribute measures the digest alone, the file already loaded.
func BenchmarkAttribute(b *testing.B) {
	file, analyzed := bigProfile(b, 50<<20, 100)
	p, err := Load(os.ReadFile, file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		set := p.Digests(analyzed)
		for _, pkg := range analyzed {
			set.Digest(pkg)
		}
	}
}
