// Package dep is a dependency whose function the testfacts check marks.
package dep

// AllocBuf is marked by testfacts in this package; its callers in other
// packages are reported through the fact.
func AllocBuf(n int) []byte { return make([]byte, n) }
