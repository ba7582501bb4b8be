package profile

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/ssa"
)

// heapSet digests the fixture's heap profiles for all its packages.
func heapSet(t *testing.T, fx *fixture) *Set {
	t.Helper()
	p, err := Load(os.ReadFile, fx.mem, fx.tool, fx.other)
	if err != nil {
		t.Fatal(err)
	}
	return p.Digests(fx.pkgs)
}

// TestHeapWeights checks what each marked allocation was charged against
// the fixture's loop counts: TestAll runs 100 times, cmd/tool and
// cmd/other's work 50 times.
func TestHeapWeights(t *testing.T) {
	fx := getFixture(t)
	set := heapSet(t, fx)
	const fix, ext = "example.com/fix", "example.com/fix_test"
	cases := []struct {
		pkg, marker string
		objects     int64 // 0: only more than nothing
	}{
		{fix, "ptrm", 100},                     // (*T).PtrM
		{fix, "valm", 100},                     // T.ValM
		{fix, "methclosure", 100},              // a closure copied into TestAll by inlining
		{fix, "gadd", 200},                     // (*G[int]).Add and (*G[string]).Add: one function in the source
		{fix, "gval", 100},                     // a generic method's closure, copied into TestAll
		{fix, "gen", 100},                      // Gen[string]
		{fix, "closure1", 100},                 // Closures.func1
		{fix, "closure2.1", 100},               // Closures.func2.1
		{fix, "f0", 100},                       // Ranges.func1
		{fix, "range1", 300},                   // Ranges-range1
		{fix, "rangeclosure", 300},             // Ranges.func2, in the loop body, copied by inlining
		{fix, "range2", 600},                   // Ranges-range2, nested, copied by inlining
		{fix, "litrange", 100},                 // Ranges.func3-range1, copied by inlining
		{fix, "inlcopy", 200},                  // Inlinable.func1: copied into Inlining, and into fix_test's TestExt
		{fix, "globs", 100},                    // init.func3, a closure in a package-level variable
		{fix, "late", 1},                       // init.func2, run once by the package initializer
		{fix, "init0", 1},                      // init.0
		{fix, "deferreturn", 100},              // strings.Repeat in a deferred call: where Defers returns
		{fix, "go", 100},                       // the go statement's arguments
		{ext, "ext", 100},                      // an external test package
		{"example.com/fix/dot.v2", "dot", 100}, // escaped as dot%2ev2 in the profile
		{"example.com/fix/cmd/tool", "tool", 50},
		{"example.com/fix/cmd/tool", "toolclosure", 50},
		{"example.com/fix/cmd/other", "other", 50},
		{"example.com/fix/cmd/other", "otherclosure", 50},
	}
	for _, c := range cases {
		d := set.Digest(fx.pkg(t, c.pkg))
		fn, line := fx.funcAt(t, c.pkg, c.marker)
		fw := d.Func(fn)
		got := fw.At(line)
		if c.objects == 0 && got.Objects == 0 || c.objects != 0 && got.Objects != c.objects {
			t.Errorf("@%s in %s: %+v, want %d objects", c.marker, fn, got, c.objects)
		}
		if got.Bytes < got.Objects*8 || got.Samples != 0 {
			t.Errorf("@%s: %+v: bytes too few, or samples in a heap profile", c.marker, got)
		}
		if total := fw.Total(); total.Objects < got.Objects {
			t.Errorf("@%s: function total %+v below its line's %+v", c.marker, total, got)
		}
	}
	// Each command's allocations went to its own main package only.
	tool := set.Digest(fx.pkg(t, "example.com/fix/cmd/tool"))
	for _, e := range tool.funcs {
		if e.file != "main.go" || strings.Contains(e.name, "other") {
			t.Errorf("cmd/tool's digest holds %+v", e)
		}
	}
}

// TestEveryFrameMaps checks that every function the profiles charged in
// the fixture's packages is found by some function of the current source.
func TestEveryFrameMaps(t *testing.T) {
	fx := getFixture(t)
	p, err := Load(os.ReadFile, fx.mem, fx.cpu, fx.tool, fx.other)
	if err != nil {
		t.Fatal(err)
	}
	set := p.Digests(fx.pkgs)
	for _, pkg := range fx.pkgs {
		d := set.Digest(pkg)
		if d == nil {
			t.Errorf("%s: not reached", pkg.Path)
			continue
		}
		found := map[*funcEntry]bool{}
		for _, fn := range allFuncs(fx.ssa[pkg.Path]) {
			for _, e := range d.Func(fn).entries {
				found[e] = true
			}
		}
		for i := range d.funcs {
			if e := &d.funcs[i]; !found[e] {
				t.Errorf("%s: no function of the source is %s (%s:%d)", pkg.Path, e.name, e.file, e.start)
			}
		}
	}
}

// TestCompilerNames checks the names Func gives every function of the
// source against the names and start lines (DWARF's decl_line) of a binary
// built without inlining, where every closure keeps the compiler's own name.
func TestCompilerNames(t *testing.T) {
	fx := getFixture(t)
	exe, err := elf.Open(fx.binaryNoInl)
	if err != nil {
		t.Skip("not an ELF binary:", err)
	}
	defer exe.Close()
	dw, err := exe.DWARF()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{} // local name → start line
	for r := dw.Reader(); ; {
		e, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		line, ok := e.Val(dwarf.AttrDeclLine).(int64) // none for the compiler's wrappers
		pkg, local, named := splitName(name)
		if e.Tag != dwarf.TagSubprogram || !ok || !named || pkg != "example.com/fix" || local == "init" {
			continue
		}
		want[local] = line
	}
	if len(want) < 30 {
		t.Fatalf("only %d functions in the binary: %v", len(want), want)
	}
	d := &Digest{path: "example.com/fix"}
	d.index = newFuncIndex(nil, fx.ssa["example.com/fix"].Pkg.Scope())
	got := map[string]int64{}
	for _, fn := range allFuncs(fx.ssa["example.com/fix"]) {
		if name, pos, ok := d.index.name(fn); ok && name != "init" {
			got[name] = int64(fn.Prog.Fset.Position(pos).Line)
		}
	}
	for name, line := range want {
		if got[name] != line {
			t.Errorf("%s starts on line %d in the binary; the source's function of that name on line %d", name, line, got[name])
		}
	}
}

// TestCPU checks that CPU samples count for the function and the lines
// that run, cumulatively.
func TestCPU(t *testing.T) {
	fx := getFixture(t)
	p, err := Load(os.ReadFile, fx.cpu)
	if err != nil {
		t.Fatal(err)
	}
	total := p.Total()
	if total.Samples < 10 || total.Bytes != 0 {
		t.Fatalf("CPU profile total %+v", total)
	}
	d := p.Digests(fx.pkgs).Digest(fx.pkg(t, "example.com/fix"))
	burn, _ := fx.funcAt(t, "example.com/fix", "burnloop")
	fw := d.Func(burn)
	if fw.Total().Samples == 0 || fw.Total().Samples > total.Samples {
		t.Errorf("Burn: %+v of %+v", fw.Total(), total)
	}
	// Most of Burn's time is in mix, called from a range-over-func body:
	// both the closure's line and the body's line run in most samples.
	for _, name := range []string{"burnclosure", "burnrange"} {
		fn, line := fx.funcAt(t, "example.com/fix", name)
		w := d.Func(fn).At(line)
		t.Logf("@%s: %d of Burn's %d samples", name, w.Samples, fw.Total().Samples)
		if w.Samples*4 < fw.Total().Samples || w.Samples > fw.Total().Samples {
			t.Errorf("@%s in %s: %+v, Burn %+v", name, fn, w, fw.Total())
		}
	}
	// The test function calling Burn runs in every sample Burn does.
	test, _ := fx.funcAt(t, "example.com/fix", "testburn")
	if got := d.Func(test).Total().Samples; got < fw.Total().Samples {
		t.Errorf("TestBurn: %d samples, fewer than Burn's %d", got, fw.Total().Samples)
	}
	if s := fw.Total().Describe(total); !strings.HasSuffix(s, "% of CPU samples") {
		t.Errorf("Describe: %q", s)
	}
}

// TestEditAbove checks that weights follow a function that moved: the
// profile is of the fixture, the source has lines added above everything.
func TestEditAbove(t *testing.T) {
	fx := getFixture(t)
	set := heapSet(t, fx)
	const shift = 3
	dir, err := copyFixture("shifted", func(name, text string) string {
		if name != "fix.go" {
			return text
		}
		return strings.Replace(text, "\nimport (", strings.Repeat("\n// moved", shift)+"\nimport (", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, ssaPkgs, _, err := loadSSA(dir)
	if err != nil {
		t.Fatal(err)
	}
	orig := set.Digest(fx.pkg(t, "example.com/fix"))
	// A digest read back knows nothing of the original files.
	moved, err := decodeDigest(orig.encode())
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ptrm", "valm", "gadd", "gen", "closure1", "closure2.1", "f0", "range1", "globs", "init0"} {
		fn, line := fx.funcAt(t, "example.com/fix", name)
		want := orig.Func(fn).At(line)
		m := fx.markers[name]
		m.line += shift
		got := moved.Func(funcAtLine(t, ssaPkgs["example.com/fix"], m)).At(m.line)
		if got != want || want.IsZero() {
			t.Errorf("@%s moved %d lines down: %+v, want %+v", name, shift, got, want)
		}
	}
}

// TestUnmatched checks the count of weight that fits no current source.
func TestUnmatched(t *testing.T) {
	fx := getFixture(t)
	set := heapSet(t, fx)
	u, err := set.Unmatched(os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if !u.Unmatched.IsZero() || u.InPackages.Objects == 0 || u.String() != "" {
		t.Fatalf("the profiled source itself: %+v %q", u, u)
	}
	// Drop Gen from the source: its 100 allocations match nothing now.
	dir, err := copyFixture("nogen", func(name, text string) string {
		return regexp.MustCompile(`(?m)^func Gen.*\n`).ReplaceAllString(text, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	pkgs := slices.Clone(fx.pkgs)
	for i, p := range pkgs {
		var files []string
		for _, f := range p.Files {
			rel, _ := filepath.Rel(fx.dir, f)
			files = append(files, filepath.Join(dir, rel))
		}
		pkgs[i].Files = files
		pkgs[i].Dir = filepath.Join(dir, strings.TrimPrefix(p.Dir, fx.dir))
	}
	p, err := Load(os.ReadFile, fx.mem)
	if err != nil {
		t.Fatal(err)
	}
	// The profile's file names still say fx.dir: the functions are found
	// by name (by their package path) as from another checkout.
	u, err = p.Digests(pkgs).Unmatched(os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	_, line := fx.funcAt(t, "example.com/fix", "gen")
	want := set.Digest(fx.pkg(t, "example.com/fix")).funcsNamed("Gen")
	if want.IsZero() || u.Unmatched.Objects < want.Objects {
		t.Errorf("without Gen (line %d): unmatched %+v, want at least Gen's %+v", line, u.Unmatched, want)
	}
	if !strings.HasPrefix(u.String(), "profile: ") || !strings.Contains(u.String(), "matched no function or line") {
		t.Errorf("String: %q", u)
	}
}

// funcsNamed adds up the lines of the digest's functions named name.
func (d *Digest) funcsNamed(name string) Weight {
	var w Weight
	for _, e := range d.funcs {
		if e.name == name {
			for _, l := range e.lines {
				w.add(l.w)
			}
		}
	}
	return w
}

// TestOnDemand checks that the in-process form gives the digests the
// driver's form writes.
func TestOnDemand(t *testing.T) {
	fx := getFixture(t)
	p, err := Load(os.ReadFile, fx.mem, fx.cpu, fx.tool, fx.other)
	if err != nil {
		t.Fatal(err)
	}
	all := p.Digests(fx.pkgs)
	lazy := p.OnDemand(func(path string) bool { return strings.HasPrefix(path, "example.com/") })
	var wg sync.WaitGroup
	for _, pkg := range fx.pkgs {
		wg.Go(func() {
			lp := fx.loaded[pkg.Path]
			a, b := all.Digest(pkg), lazy.Digest(PackageOf(lp.Types, lp.Fset, lp.Syntax))
			if a == nil || b == nil || !bytes.Equal(a.encode(), b.encode()) {
				t.Errorf("%s: the two forms differ:\n%s\n%s", pkg.Path, a.encodeOrNil(), b.encodeOrNil())
			}
			for _, fn := range allFuncs(fx.ssa[pkg.Path]) {
				if a.Func(fn).Total() != b.Func(fn).Total() {
					t.Errorf("%s: %s differs", pkg.Path, fn)
				}
			}
		})
	}
	wg.Wait()
}

func (d *Digest) encodeOrNil() []byte {
	if d == nil {
		return []byte("nil")
	}
	return d.encode()
}

// TestWriteDir checks the files for go vet's package processes:
// deterministic, read back equal, and a package with none is unreached.
func TestWriteDir(t *testing.T) {
	fx := getFixture(t)
	write := func(files ...string) (string, string) {
		p, err := Load(os.ReadFile, files...)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		sum, err := p.Digests(fx.pkgs).WriteDir(writeFile0644, dir)
		if err != nil {
			t.Fatal(err)
		}
		return dir, sum
	}
	dir1, sum1 := write(fx.mem, fx.cpu)
	dir2, sum2 := write(fx.mem, fx.cpu)
	if sum1 != sum2 || len(sum1) != 64 {
		t.Errorf("sums %s and %s", sum1, sum2)
	}
	entries, _ := os.ReadDir(dir1)
	if len(entries) != len(fx.pkgs)-2 { // cmd/tool and cmd/other are not in these profiles
		t.Errorf("%d files for %d packages", len(entries), len(fx.pkgs))
	}
	for _, e := range entries {
		a, _ := os.ReadFile(filepath.Join(dir1, e.Name()))
		b, _ := os.ReadFile(filepath.Join(dir2, e.Name()))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", e.Name())
		}
	}
	if _, sum3 := write(fx.mem); sum3 == sum1 {
		t.Error("another profile, the same sum")
	}
	d, err := ReadDigest(os.ReadFile, dir1, "example.com/fix")
	if err != nil || d == nil {
		t.Fatal(d, err)
	}
	p, _ := Load(os.ReadFile, fx.mem, fx.cpu)
	want := p.Digests(fx.pkgs).Digest(fx.pkg(t, "example.com/fix"))
	if !bytes.Equal(d.encode(), want.encode()) {
		t.Error("read back differs")
	}
	if d.Total() != p.Total() || d.Path() != "example.com/fix" {
		t.Errorf("read back: %s %+v", d.Path(), d.Total())
	}
	fn, line := fx.funcAt(t, "example.com/fix", "ptrm")
	if got := d.Func(fn).At(line); got.Objects != 100 {
		t.Errorf("read back, @ptrm: %+v", got)
	}
	if d, err := ReadDigest(os.ReadFile, dir1, "example.com/fix/cmd/tool"); d != nil || err != nil {
		t.Errorf("unreached package: %v %v", d, err)
	}
	var nilDigest *Digest
	if !nilDigest.Func(fn).At(line).IsZero() || !nilDigest.Total().IsZero() {
		t.Error("a nil digest weighs something")
	}
}

// TestFuncOtherPackage checks that a function of another package weighs
// nothing, rather than borrowing a name of this one.
func TestFuncOtherPackage(t *testing.T) {
	fx := getFixture(t)
	set := heapSet(t, fx)
	d := set.Digest(fx.pkg(t, "example.com/fix"))
	var other *ssa.Function
	for _, fn := range allFuncs(fx.ssa["example.com/fix/dot.v2"]) {
		if fn.Name() == "Make" {
			other = fn
		}
	}
	if other == nil || !d.Func(other).Total().IsZero() {
		t.Errorf("dot.Make in fix's digest: %v", d.Func(other).Total())
	}
}

// writeFile0644 and fileExists are the drivers' file access, for the tests.
func writeFile0644(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

func fileExists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
