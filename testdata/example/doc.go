// Package example shows every pattern heaplint reports, one file per check
// (named after the check), each next to the code it should be instead.
//
// Run heaplint on it from the repository root:
//
//	go run ./cmd/heaplint -C testdata/example -config heaplint.yml ./...
package example
