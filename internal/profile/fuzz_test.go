package profile

import (
	"bytes"
	"os"
	"testing"
)

// FuzzLoad checks that no file makes reading or digesting panic.
func FuzzLoad(f *testing.F) {
	heap := newHeap()
	heap.fn("example.com/p.F", 3)
	heap.fn("example.com/p.(*T).M.func1", 7)
	heap.fn("main.main", 1)
	heap.sample([]int64{1, 16, 0, 0}, heap.loc("example.com/p.F:4", "example.com/p.(*T).M.func1:9"), heap.loc("main.main:2"))
	cpu := newCPU()
	cpu.fn("example.com/p.F-range1", 3)
	cpu.sample([]int64{1, 10}, cpu.loc("example.com/p.F-range1:5"))
	for _, s := range []*synth{heap, cpu} {
		var raw, gz bytes.Buffer
		s.p.WriteUncompressed(&raw)
		s.p.Write(&gz)
		f.Add(raw.Bytes())
		f.Add(gz.Bytes())
	}
	f.Add([]byte("heap profile: 2: 64 [3: 96] @ heap_v2/524288\n2: 64 [3: 96] @ 0x401000\n"))
	f.Add([]byte{0x1f, 0x8b, 8})
	f.Fuzz(func(t *testing.T, data []byte) {
		p := &Profile{}
		if newInterner(p).addData(data) != nil {
			return
		}
		pkgs := []Package{{Path: "example.com/p", Dir: "/src"}, {Path: "x", Name: "main", Dir: "/src"}}
		set := p.Digests(pkgs)
		for _, pkg := range pkgs {
			if d := set.Digest(pkg); d != nil {
				if _, err := decodeDigest(d.encode()); err != nil {
					t.Fatal(err)
				}
			}
		}
		set.Unmatched(os.ReadFile)
		lazy := p.OnDemand(nil)
		lazy.Digest(pkgs[0])
	})
}
