package baseline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStableMessage(t *testing.T) {
	for in, want := range map[string]string{
		"converting p (point, 24 bytes) to any allocates on each iteration: it escapes":             "converting p (point, 24 bytes) to any allocates: it escapes",
		"make([]byte, n) allocates on each iteration of 2 nested loops: x":                          "make([]byte, n) allocates: x",
		"x allocates on each call: y (1.2 GB in 3.4M allocations, 31% of the profile's allocation)": "x allocates: y",
		"x allocates: y (8% of CPU samples)":                                                        "x allocates: y",
		"converting p (point, 24 bytes) to any allocates":                                           "converting p (point, 24 bytes) to any allocates",
		"x allocates on each call, and main calls it in a loop: y":                                  "x allocates: y",
	} {
		if got := StableMessage(in); got != want {
			t.Errorf("StableMessage(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFingerprintsIgnoreLines: the same findings after lines were inserted
// above them get the same fingerprints; a finding in another function, or
// a second equal one, gets another.
func TestFingerprintsIgnoreLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p", "x.go")
	os.MkdirAll(filepath.Dir(file), 0o755)
	write := func(src string) {
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package p\n\nfunc F() {\n\ta()\n\ta()\n}\n\nfunc (t *T[K]) M() {\n\ta()\n}\n")
	before := NewFingerprinter(dir).Entries([]Finding{
		{"boxing", file, 4, "m on each iteration"}, {"boxing", file, 5, "m on each iteration"}, {"boxing", file, 9, "m on each call"},
	})
	write("package p\n\n// new\n// lines\n\nfunc F() {\n\ta()\n\ta()\n}\n\nfunc (t *T[K]) M() {\n\ta()\n}\n")
	after := NewFingerprinter(dir).Entries([]Finding{
		{"boxing", file, 7, "m on each call"}, {"boxing", file, 8, "m on each call"}, {"boxing", file, 12, "m on each iteration"},
	})
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("entry %d changed: %+v -> %+v", i, before[i], after[i])
		}
	}
	if before[0].Fingerprint == before[1].Fingerprint || before[0].Fingerprint == before[2].Fingerprint {
		t.Error("distinct findings share a fingerprint")
	}
	if before[0].File != "p/x.go" || before[0].Function != "F" || before[2].Function != "T.M" {
		t.Errorf("entries %+v", before)
	}
	f := &File{Version: version, Findings: before[:2]}
	isNew, unmatched := f.Match(after)
	if isNew[0] || isNew[1] || !isNew[2] || unmatched != 0 {
		t.Errorf("Match = %v, %d", isNew, unmatched)
	}
	name := filepath.Join(dir, "b.json")
	if err := Write(name, before); err != nil {
		t.Fatal(err)
	}
	read, err := Read(name)
	if err != nil || len(read.Findings) != 3 {
		t.Fatalf("Read = %+v, %v", read, err)
	}
	os.WriteFile(name, []byte(`{"findings": []}`), 0o644)
	if _, err := Read(name); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("a file without the version: %v", err)
	}
}
