package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/lsptest"
	"golang.org/x/tools/go/packages"
)

// TestDepCache: unchanged packages are reused between loads; an edit
// rebuilds the edited package and what imports it, nothing else.
func TestDepCache(t *testing.T) {
	ctx := context.Background()
	root := lsptest.Module(t)
	main := filepath.Join(root, "lspmod.go")
	dep := filepath.Join(root, "dep", "dep.go")
	c := newDepCache()
	load := func(overlay map[string][]byte) *packages.Package {
		t.Helper()
		meta, err := c.metadata(ctx, root, false, overlay)
		if err != nil || len(meta) != 1 {
			t.Fatalf("metadata: %v, %d packages", err, len(meta))
		}
		p, err := c.build(ctx, meta[0], overlay)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Syntax) != 1 || p.TypesInfo == nil || p.Types == nil || !p.Types.Complete() {
			t.Fatalf("package %s is incomplete", p.ID)
		}
		return p
	}
	p1 := load(nil)
	if p1.IllTyped || p1.Imports["example.com/lspmod/dep"] == nil {
		t.Fatalf("first load: ill-typed %v, errors %v, imports %v", p1.IllTyped, p1.Errors, p1.Imports)
	}
	d1 := p1.Imports["example.com/lspmod/dep"]

	if p2 := load(nil); p2 != p1 {
		t.Error("nothing changed, yet the package was rebuilt")
	}

	src, _ := os.ReadFile(main)
	p3 := load(map[string][]byte{main: append(src, "\nvar X = 1\n"...)})
	if p3 == p1 || p3.Imports["example.com/lspmod/dep"] != d1 || p3.Types.Scope().Lookup("X") == nil {
		t.Error("an edit of the root: want the root rebuilt with the edit, its dependency reused")
	}

	depSrc, _ := os.ReadFile(dep)
	p4 := load(map[string][]byte{dep: append(depSrc, "\nvar Y = 1\n"...)})
	if d4 := p4.Imports["example.com/lspmod/dep"]; d4 == d1 || p4 == p3 || d4.Types.Scope().Lookup("Y") == nil {
		t.Error("an edit of the dependency: want it and its importer rebuilt")
	}

	// A type error anywhere below makes the root ill-typed.
	p5 := load(map[string][]byte{dep: []byte(strings.Replace(string(depSrc), "return make", "return nosuch", 1))})
	if !p5.IllTyped || len(p5.Imports["example.com/lspmod/dep"].TypeErrors) == 0 {
		t.Errorf("a broken dependency: IllTyped %v", p5.IllTyped)
	}
}
