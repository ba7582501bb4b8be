package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestToolIDIsTheBuildID checks go vet's handshake: heaplint answers
// -V=full with the Go build ID (the go command keys its result cache by it),
// which go tool buildid reads from the same file.
func TestToolIDIsTheBuildID(t *testing.T) {
	out, stderr, code := run(t, ".", heaplintBin, "-V=full")
	if code != 0 {
		t.Fatalf("-V=full: exit %d: %s", code, stderr)
	}
	id, _, _ := run(t, ".", "go", "tool", "buildid", heaplintBin)
	want := " buildID=" + strings.TrimSpace(id) + "\n"
	if strings.TrimSpace(id) == "" || !strings.HasSuffix(out, want) || !strings.HasPrefix(out, "heaplint version devel heaplint-") {
		t.Errorf("-V=full = %q, want suffix %q", out, want)
	}
}

// TestEditedConfigIsNotServedFromCache edits the -config file between two
// runs over unchanged code: go vet's cache keys on flags, not on the files
// they name, and the export engine's on what the analyzers are given, so
// the second run must still see the new settings, in either engine.
func TestEditedConfigIsNotServedFromCache(t *testing.T) {
	for _, engine := range []string{"vet", "export"} {
		t.Run(engine, func(t *testing.T) { editConfig(t, engine) })
	}
}

func editConfig(t *testing.T, engine string) {
	dir := copyTree(t, exampleDir(t))
	config := filepath.Join(dir, "edited.yml")
	count := func() int {
		out, stderr, _ := run(t, dir, heaplintBin, "-engine", engine, "-config", config, "-json", "./...")
		if strings.Contains(stderr, "panic") {
			t.Fatal(stderr)
		}
		return len(parseJSON(t, out)["nestedmap"])
	}
	write := func(body string) {
		if err := os.WriteFile(config, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("default: none\nenable: [boxing]\n")
	if n := count(); n != 0 {
		t.Fatalf("nestedmap off: %d findings", n)
	}
	write("default: none\nenable: [nestedmap]\n")
	if n := count(); n == 0 {
		t.Errorf("%s engine: nestedmap enabled by editing the config file: no findings (a cache answered with the old settings)", engine)
	}
}
