package main_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/internal/report"
)

// profiledModule copies testdata/profiled (two allocation sites that its
// benchmark runs, the first allocating three times the bytes of the
// second, and a third it never runs) and profiles its benchmark with
// -memprofile, every allocation recorded. It returns the module's
// directory; the profile is mem.out in it.
func profiledModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := filepath.Abs("../../testdata/profiled")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go.mod", "sites.go", "sites_test.go"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", "Sites", "-benchtime", "500x",
		"-memprofile", "mem.out", "-memprofilerate", "1", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("profiling the benchmark: %v\n%s", err, out)
	}
	return dir
}

// TestProfileRanks: with the benchmark's heap profile, every engine orders
// the two sites heaviest first, weighs them 3:1 as the benchmark
// allocated, drops the site the profile never reaches (unless
// -profile-unseen), keeps the n heaviest with -top, and prints the same
// bytes; the export engine's cached results follow the profile's content.
func TestProfileRanks(t *testing.T) {
	dir := profiledModule(t)
	engines := []string{"vet", "inprocess", "export"}
	outs := make([]string, len(engines))
	for i, engine := range engines {
		stdout, stderr, code := run(t, dir, heaplintBin, "-engine", engine, "-profile", "mem.out", "./...")
		if code != 1 {
			t.Fatalf("%s engine: exit %d\n%s", engine, code, stderr)
		}
		outs[i] = stdout
		lines := findingLines(stdout)
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "sites.go:15:") || !strings.HasPrefix(lines[1], "sites.go:22:") {
			t.Fatalf("%s engine: want Heavy's finding then Light's, and not Never's:\n%s", engine, stdout)
		}
		heavy, light := percentOf(t, lines[0]), percentOf(t, lines[1])
		if heavy < 2.5*light || heavy > 3.5*light {
			t.Errorf("%s engine: weights %v%% and %v%%, want about 3:1 as the benchmark allocated", engine, heavy, light)
		}
		if !strings.Contains(stderr, "their lines weigh") {
			t.Errorf("%s engine: the summary does not say the weight covered:\n%s", engine, stderr)
		}
	}
	for i := range engines[1:] {
		if outs[i+1] != outs[0] {
			t.Errorf("the engines disagree:\nvet:\n%s\n%s:\n%s", outs[0], engines[i+1], outs[i+1])
		}
	}
	stdout, _, _ := run(t, dir, heaplintBin, "-profile", "mem.out", "-profile-unseen", "./...")
	if lines := findingLines(stdout); len(lines) != 3 || !strings.HasPrefix(lines[2], "sites.go:29:") {
		t.Errorf("-profile-unseen: want the unseen site last:\n%s", stdout)
	}
	stdout, stderr, _ := run(t, dir, heaplintBin, "-profile", "mem.out", "-top", "1", "./...")
	if lines := findingLines(stdout); len(lines) != 1 || !strings.HasPrefix(lines[0], "sites.go:15:") {
		t.Errorf("-top 1: want the heaviest finding only:\n%s", stdout)
	}
	if !strings.Contains(stderr, "1 more beyond -top") {
		t.Errorf("-top 1: the summary does not say what it left out:\n%s", stderr)
	}
	// Every format orders by weight: -json carries the share in Category.
	stdout, _, _ = run(t, dir, heaplintBin, "-profile", "mem.out", "-json", "./...")
	var tree map[string]map[string][]struct{ Category string }
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, stdout)
	}
	for _, checks := range tree {
		for _, d := range checks["boxing"] {
			if heat, share, ok := report.ParseCategory(d.Category); !ok || heat != "hot" || share <= 0 {
				t.Errorf("-json: category %q, want hot with a share", d.Category)
			}
		}
	}
	exportEngineFollowsProfile(t, dir)
}

// exportEngineFollowsProfile: mem.out rewritten with another profile (this
// test's own heap, which never reaches the module), the export engine
// drops the findings its results cache holds for the old one.
func exportEngineFollowsProfile(t *testing.T, dir string) {
	f, err := os.Create(filepath.Join(dir, "mem.out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	stdout, stderr, code := run(t, dir, heaplintBin, "-engine", "export", "-profile", "mem.out", "./...")
	if code != 0 || len(findingLines(stdout)) != 0 {
		t.Errorf("export engine, another profile of the same name: exit %d, want 0 and no finding (the cache answered for the old profile)\n%s%s", code, stdout, stderr)
	}
}

// TestProfileErrors: a profile that cannot be read is a settings error,
// naming the setting, before any analysis.
func TestProfileErrors(t *testing.T) {
	dir := exampleDir(t)
	_, stderr, code := run(t, dir, heaplintBin, "-profile", "no-such.out", "./...")
	if code != 2 || !strings.Contains(stderr, "setting profile") {
		t.Errorf("missing profile: exit %d, stderr %q; want exit 2 naming the setting", code, stderr)
	}
	bad := filepath.Join(t.TempDir(), "bad.out")
	os.WriteFile(bad, []byte("not a profile"), 0o644)
	_, stderr, code = run(t, dir, heaplintBin, "-profile", bad, "./...")
	if code != 2 || !strings.Contains(stderr, "setting profile") {
		t.Errorf("bad profile: exit %d, stderr %q; want exit 2 naming the setting", code, stderr)
	}
}

var findingLine = regexp.MustCompile(`^\S+:\d+:\d+: `)

// findingLines returns the lines of text output that are findings.
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if findingLine.MatchString(l) {
			lines = append(lines, l)
		}
	}
	return lines
}

var sharePercent = regexp.MustCompile(`(\d+(?:\.\d+)?)% of the profile's allocation\)$`)

func percentOf(t *testing.T, line string) float64 {
	t.Helper()
	m := sharePercent.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no weight in %q", line)
	}
	p, _ := strconv.ParseFloat(m[1], 64)
	return p
}
