// Package lspmod is what heaplint-lsp's tests open in an editor.
package lspmod

import "example.com/lspmod/dep"

func alloc(n int) int   { return len(make([]byte, n)) }
func noalloc(n int) int { return n }

// Use calls alloc after a string of multi-byte characters on the same line,
// so the diagnostic's column differs in bytes, runes and UTF-16 units.
func Use() int {
	_, n := "héllo, 世界 😀", alloc(1)
	return n + len(dep.AllocBuf(1))
}
