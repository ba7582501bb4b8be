package lsptest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Module copies the test module cmd/heaplint-lsp/testdata/lspmod into a
// fresh directory and returns its path: tests edit and fix its files.
func Module(t testing.TB) string {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate lsptest's source")
	}
	src := filepath.Join(filepath.Dir(self), "..", "..", "testdata", "lspmod")
	dst := filepath.Join(t.TempDir(), "lspmod")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}
