package profile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	pprof "github.com/google/pprof/profile"

	"github.com/heaplint/heaplint/internal/ssatest"
)

// synth builds pprof profiles for unit tests.
type synth struct {
	p     *pprof.Profile
	funcs map[string]*pprof.Function
}

func newHeap() *synth {
	return &synth{p: &pprof.Profile{
		SampleType: []*pprof.ValueType{{Type: "alloc_objects", Unit: "count"}, {Type: "alloc_space", Unit: "bytes"},
			{Type: "inuse_objects", Unit: "count"}, {Type: "inuse_space", Unit: "bytes"}},
		PeriodType: &pprof.ValueType{Type: "space", Unit: "bytes"}, Period: 1,
	}, funcs: map[string]*pprof.Function{}}
}

func newCPU() *synth {
	return &synth{p: &pprof.Profile{
		SampleType: []*pprof.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &pprof.ValueType{Type: "cpu", Unit: "nanoseconds"}, Period: 10_000_000,
	}, funcs: map[string]*pprof.Function{}}
}

// fn returns the function called name starting on line start.
func (s *synth) fn(name string, start int64) *pprof.Function {
	if f, ok := s.funcs[name]; ok {
		return f
	}
	f := &pprof.Function{ID: uint64(len(s.p.Function) + 1), Name: name, SystemName: name, Filename: "/src/" + name + ".go", StartLine: start}
	s.p.Function = append(s.p.Function, f)
	s.funcs[name] = f
	return f
}

// loc returns a location of the given frames, innermost first, each
// "function:line" of functions made before.
func (s *synth) loc(frames ...string) *pprof.Location {
	l := &pprof.Location{ID: uint64(len(s.p.Location) + 1)}
	for _, fr := range frames {
		i := strings.LastIndexByte(fr, ':')
		name, line := fr[:i], fr[i+1:]
		var n int64
		for _, c := range line {
			n = n*10 + int64(c-'0')
		}
		l.Line = append(l.Line, pprof.Line{Function: s.funcs[name], Line: n})
	}
	s.p.Location = append(s.p.Location, l)
	return l
}

func (s *synth) sample(values []int64, locs ...*pprof.Location) {
	s.p.Sample = append(s.p.Sample, &pprof.Sample{Value: values, Location: locs})
}

func (s *synth) write(t *testing.T, gzipped bool) string {
	t.Helper()
	var b bytes.Buffer
	var err error
	if gzipped {
		err = s.p.Write(&b)
	} else {
		err = s.p.WriteUncompressed(&b)
	}
	if err != nil {
		t.Fatal(err)
	}
	return writeFile(t, b.Bytes())
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "prof")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// lineOf returns what d's function name was charged at offset off.
func lineOf(d *Digest, name string, off int64) Weight {
	var w Weight
	for _, e := range d.funcs {
		if e.name == name {
			for _, l := range e.lines {
				if l.off == off {
					w.add(l.w)
				}
			}
		}
	}
	return w
}

func totalOf(d *Digest, name string) Weight {
	var w Weight
	for _, e := range d.funcs {
		if e.name == name {
			w.add(e.total)
		}
	}
	return w
}

// TestHeapFirstFrame checks the heap rule: a sample goes to its first
// frame in the analyzed packages, inlined frames included, from the leaf.
func TestHeapFirstFrame(t *testing.T) {
	s := newHeap()
	s.fn("runtime.mallocgc", 1000)
	s.fn("q.Leaf", 10)
	s.fn("p.Mid", 20)
	s.fn("p.Root", 30)
	malloc, inlined, root := s.loc("runtime.mallocgc:1005"), s.loc("q.Leaf:12", "p.Mid:22"), s.loc("p.Root:31")
	s.sample([]int64{1, 100, 0, 0}, malloc, inlined, root)
	s.sample([]int64{2, 300, 0, 0}, malloc, root)
	s.sample([]int64{-1, -100, 0, 0}, malloc, root) // a diff profile's base: ignored
	s.sample([]int64{0, 0, 5, 500}, malloc, root)   // in use only: nothing allocated
	for _, gz := range []bool{true, false} {
		p, err := Load(os.ReadFile, s.write(t, gz))
		if err != nil {
			t.Fatal(err)
		}
		if want := (Weight{Bytes: 400, Objects: 3}); p.Total() != want {
			t.Errorf("total %+v, want %+v", p.Total(), want)
		}
		pkgs := []Package{{Path: "p", Dir: "/src"}, {Path: "q", Dir: "/src"}}
		d := p.Digests(pkgs[:1]).Digest(pkgs[0])
		if got := lineOf(d, "Mid", 2); got != (Weight{Bytes: 100, Objects: 1}) {
			t.Errorf("q not analyzed: Mid charged %+v", got)
		}
		if got := lineOf(d, "Root", 1); got != (Weight{Bytes: 300, Objects: 2}) {
			t.Errorf("Root charged %+v", got)
		}
		set := p.Digests(pkgs)
		if got := lineOf(set.Digest(pkgs[1]), "Leaf", 2); got != (Weight{Bytes: 100, Objects: 1}) {
			t.Errorf("q analyzed: Leaf charged %+v", got)
		}
		if got := lineOf(set.Digest(pkgs[0]), "Mid", 2); !got.IsZero() {
			t.Errorf("q analyzed: Mid charged %+v too", got)
		}
	}
}

// TestCPUOncePerSample checks the CPU rule: every frame in the analyzed
// packages, each line and function once per sample.
func TestCPUOncePerSample(t *testing.T) {
	s := newCPU()
	s.fn("runtime.memmove", 1)
	s.fn("p.Rec", 40)
	s.fn("p.Root", 30)
	s.sample([]int64{1, 10_000_000}, s.loc("runtime.memmove:3"), s.loc("p.Rec:41"), s.loc("p.Rec:42"), s.loc("p.Rec:41"), s.loc("p.Root:31"))
	s.sample([]int64{2, 20_000_000}, s.loc("p.Root:32"))
	p, err := Load(os.ReadFile, s.write(t, true))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total() != (Weight{Samples: 3}) {
		t.Errorf("total %+v", p.Total())
	}
	pkg := Package{Path: "p"}
	set := p.Digests([]Package{pkg})
	d := set.Digest(pkg)
	for _, c := range []struct {
		name string
		off  int64
		want int64
	}{{"Rec", 1, 1}, {"Rec", 2, 1}, {"Root", 1, 1}, {"Root", 2, 2}} {
		if got := lineOf(d, c.name, c.off).Samples; got != c.want {
			t.Errorf("%s+%d: %d samples, want %d", c.name, c.off, got, c.want)
		}
	}
	if got := totalOf(d, "Rec").Samples; got != 1 {
		t.Errorf("Rec: %d samples, want 1", got)
	}
	if got := totalOf(d, "Root").Samples; got != 3 {
		t.Errorf("Root: %d samples, want 3", got)
	}
	u, err := set.Unmatched(os.ReadFile)
	if err != nil || !u.Unmatched.IsZero() || u.InPackages.Samples != 3 {
		t.Errorf("Unmatched: %+v, %v (no files: nothing checked, every sample counted once)", u, err)
	}
}

// TestNanosecondsOnly checks a CPU profile with no sample count.
func TestNanosecondsOnly(t *testing.T) {
	s := newCPU()
	s.p.SampleType = s.p.SampleType[1:]
	s.fn("p.F", 1)
	s.sample([]int64{50_000_000}, s.loc("p.F:2"))
	p, err := Load(os.ReadFile, s.write(t, true))
	if err != nil || p.Total() != (Weight{Samples: 5}) {
		t.Fatalf("%+v, %v", p, err)
	}
}

// TestOddProfiles checks that nothing a profile may lack or hold panics.
func TestOddProfiles(t *testing.T) {
	s := newHeap()
	s.fn("", 0)             // stripped
	s.fn("p.NoStart", 0)    // no start line: lines stay absolute
	s.fn("type:.eq.p.T", 0) // no package
	s.fn("p.(*T).M", 5)     // a wrapper in <autogenerated>
	s.funcs["p.(*T).M"].Filename = "<autogenerated>"
	s.fn("main.main", 10) // a test binary's main
	s.funcs["main.main"].Filename = "/tmp/go-build/_testmain.go"
	empty := &pprof.Location{ID: 100}
	s.p.Location = append(s.p.Location, empty)
	s.sample([]int64{1, 16, 0, 0})        // no locations
	s.sample([]int64{1, 16, 0, 0}, empty) // a location without lines
	s.sample([]int64{1, 16, 0, 0}, s.loc(":3"))
	s.sample([]int64{1, 16, 0, 0}, s.loc("type:.eq.p.T:1"))
	s.sample([]int64{1, 16, 0, 0}, s.loc("p.(*T).M:1"), s.loc("main.main:12"))
	s.sample([]int64{2, 32, 0, 0}, s.loc("p.NoStart:77"))
	s.p.Sample[0].Label = map[string][]string{"key": {"value"}}
	s.p.Sample[1].NumLabel = map[string][]int64{"bytes": {16}}
	p, err := Load(os.ReadFile, s.write(t, true))
	if err != nil {
		t.Fatal(err)
	}
	pkgs := []Package{{Path: "p", Dir: "/src"}, {Path: "x", Name: "main", Dir: "/tmp/go-build"}}
	set := p.Digests(pkgs)
	d := set.Digest(pkgs[0])
	if len(d.funcs) != 1 || d.funcs[0].name != "NoStart" || lineOf(d, "NoStart", 77).Objects != 2 {
		t.Errorf("digest of p: %+v", d.funcs)
	}
	if d := set.Digest(pkgs[1]); d != nil {
		t.Errorf("a test binary's main was charged: %+v", d.funcs)
	}
	if _, err := set.WriteDir(writeFile0644, t.TempDir()); err != nil {
		t.Error(err)
	}
	// Lines of a function with no start line are matched as they are.
	ssaPkg, _ := ssatest.Build(t, "package p\n\nfunc NoStart() {\n}\n")
	if got := d.Func(ssatest.Func(t, ssaPkg, "NoStart")).At(77); got.Objects != 2 {
		t.Errorf("absolute line 77: %+v", got)
	}
	// A profile with no samples, or an empty file.
	for _, data := range [][]byte{nil, mustWrite(t, newCPU())} {
		p, err := Load(os.ReadFile, writeFile(t, data))
		if err != nil {
			t.Fatal(err)
		}
		set := p.Digests(pkgs)
		if d := set.Digest(pkgs[0]); d != nil || !set.Total().IsZero() {
			t.Errorf("an empty profile reaches p: %+v", d)
		}
		if u, err := set.Unmatched(os.ReadFile); err != nil || u.String() != "" {
			t.Errorf("Unmatched: %v %v", u, err)
		}
	}
}

func mustWrite(t *testing.T, s *synth) []byte {
	var b bytes.Buffer
	if err := s.p.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestLoadErrors(t *testing.T) {
	goroutines := newCPU()
	goroutines.p.SampleType = []*pprof.ValueType{{Type: "goroutine", Unit: "count"}}
	inuse := newHeap()
	inuse.p.SampleType = inuse.p.SampleType[2:]
	for _, c := range []struct {
		data []byte
		want string
	}{
		{[]byte("not a profile"), "not a pprof profile"},
		{mustWrite(t, goroutines), "neither a heap nor a CPU profile (sample types goroutine/count)"},
		{mustWrite(t, inuse), "a heap profile without allocation counts"},
		{[]byte("GO PREPROFILE V1\ncaller\ncallee\n1 10\n"), "preprocessed PGO profile"},
	} {
		name := writeFile(t, c.data)
		_, err := Load(os.ReadFile, name)
		if err == nil || !strings.HasPrefix(err.Error(), "profile: "+name+": ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one naming the setting, %s and %q", err, name, c.want)
		}
	}
	if _, err := Load(os.ReadFile, writeFile(t, []byte("GO PREPROFILE V1\n"))); !errors.Is(err, ErrPreprocessed) {
		t.Errorf("preprocessed: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "missing.pprof")
	if _, err := Load(os.ReadFile, missing); err == nil || !strings.Contains(err.Error(), "profile: ") || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
}

// TestLegacyText checks a heap profile in the old text format, which pprof
// reads (without symbols: nothing to charge, but no error).
func TestLegacyText(t *testing.T) {
	const text = "heap profile: 2: 64 [3: 96] @ heap_v2/524288\n2: 64 [3: 96] @ 0x401000 0x402000\n"
	p, err := Load(os.ReadFile, writeFile(t, []byte(text)))
	if err != nil {
		t.Fatal(err)
	}
	if p.Total().Bytes == 0 {
		t.Errorf("total %+v", p.Total())
	}
}

func TestAutoPGO(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(b, "default.pgo"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got := AutoPGO(fileExists, []string{b, a, b})
	if len(got) != 1 || got[0] != filepath.Join(b, "default.pgo") {
		t.Errorf("AutoPGO = %q", got)
	}
}

// loadViaPprof reads files as Load does, but through pprof's parser.
func loadViaPprof(t testing.TB, files ...string) *Profile {
	t.Helper()
	p := &Profile{}
	in := newInterner(p)
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		pp, err := pprof.ParseData(data)
		if err != nil {
			t.Fatal(err)
		}
		if err := in.add(pp); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// TestDecoderAgreesWithPprof checks the protobuf reader against pprof's
// parser on the profiles of the other tests.
func TestDecoderAgreesWithPprof(t *testing.T) {
	var files []string
	heap := newHeap()
	heap.fn("p.F", 3)
	heap.fn("q.G", 0)
	heap.sample([]int64{1, 16, 0, 0}, heap.loc("p.F:4", "q.G:9"), heap.loc("q.G:10"))
	heap.sample([]int64{-1, -16, 0, 0}, heap.loc("p.F:5"))
	heap.p.Sample[0].Label = map[string][]string{"a": {"b"}}
	files = append(files, heap.write(t, true), heap.write(t, false))
	if !testing.Short() {
		fx := getFixture(t)
		files = append(files, fx.mem, fx.cpu, fx.tool)
		big, _ := bigProfile(t, 2<<20, 1)
		files = append(files, big)
	}
	for _, f := range files {
		got, err := Load(os.ReadFile, f)
		if err != nil {
			t.Fatal(err)
		}
		want := loadViaPprof(t, f)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the two readers differ: %d/%d funcs, %d/%d frames, %d/%d heap samples, %d/%d cpu samples, totals %+v/%+v",
				f, len(got.funcs), len(want.funcs), len(got.frames), len(want.frames), len(got.heap.end), len(want.heap.end),
				len(got.cpu.end), len(want.cpu.end), got.total, want.total)
		}
	}
}

// TestMainPackages checks where main.F goes: to the analyzed main package
// in its file's directory, else to one in a directory of the same name (a
// profile from another checkout), never to a library.
func TestMainPackages(t *testing.T) {
	s := newHeap()
	s.fn("main.run", 10).Filename = "/a/cmd/tool/main.go"
	s.fn("main.serve", 20).Filename = "/ci/src/cmd/server/main.go"
	s.sample([]int64{1, 16, 0, 0}, s.loc("main.run:11"))
	s.sample([]int64{2, 32, 0, 0}, s.loc("main.serve:21"))
	p, err := Load(os.ReadFile, s.write(t, true))
	if err != nil {
		t.Fatal(err)
	}
	tool := Package{Path: "example.com/a/cmd/tool", Name: "main", Dir: "/a/cmd/tool"}
	otherTool := Package{Path: "example.com/b/tool", Name: "main", Dir: "/b/tool"}
	server := Package{Path: "example.com/a/cmd/server", Name: "main", Dir: "/a/cmd/server"}
	lib := Package{Path: "main", Name: "lib", Dir: "/a/cmd/tool"}
	for _, set := range []*Set{p.Digests([]Package{tool, otherTool, server, lib}), p.OnDemand(nil)} {
		if d := set.Digest(tool); len(d.funcs) != 1 || d.funcs[0].name != "run" {
			t.Errorf("tool: %+v", d)
		}
		if d := set.Digest(server); len(d.funcs) != 1 || d.funcs[0].name != "serve" {
			t.Errorf("server, profiled in another checkout: %+v", d)
		}
		if d := set.Digest(lib); d != nil {
			t.Errorf("a package that is not main: %+v", d.funcs)
		}
	}
	if d := p.Digests([]Package{tool, otherTool}).Digest(otherTool); d != nil {
		t.Errorf("a main package of the same directory name, with the right one analyzed: %+v", d.funcs)
	}
}
