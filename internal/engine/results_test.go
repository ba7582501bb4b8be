package engine

import (
	"go/token"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLineTableAppliesDirectives: a cached result's positions in a file
// with line directives (cgo's output) name the lines the directives say,
// as the analysis's did.
func TestLineTableAppliesDirectives(t *testing.T) {
	src := []byte("package p\n\n//line /src/x.go:10:1\nvar X = 1\n")
	fset := token.NewFileSet()
	tf := lineTable(fset, "/cache/x.cgo1.go", src)
	pos := tf.Pos(len("package p\n\n//line /src/x.go:10:1\n"))
	if got := fset.Position(pos).String(); got != "/src/x.go:10:1" {
		t.Errorf("position %s, want /src/x.go:10:1", got)
	}
	plain := lineTable(fset, "/src/y.go", []byte("package p\n\nvar Y = 2\n"))
	if got := fset.Position(plain.Pos(11)).String(); got != "/src/y.go:3:1" {
		t.Errorf("position %s, want /src/y.go:3:1", got)
	}
}

// TestTrimKeepsOthersFiles: trimming removes the cache's own old entries
// and nothing else the directory holds (heaplint's profile digests).
func TestTrimKeepsOthersFiles(t *testing.T) {
	dir := t.TempDir()
	c := diskCache{dir: dir}
	var k key
	k[0] = 0xab
	if err := c.put(k, []byte("old")); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "profile-digests", "0123", "p.digest")
	if err := os.MkdirAll(filepath.Dir(other), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte("digest"), 0o666); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * trimAge)
	for _, name := range []string{c.path(k), other} {
		if err := os.Chtimes(name, old, old); err != nil {
			t.Fatal(err)
		}
	}
	c.trim()
	if _, err := os.Stat(c.path(k)); err == nil {
		t.Error("an old entry survived the trim")
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("the trim removed a file that is not the cache's: %v", err)
	}
}
