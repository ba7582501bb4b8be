package main_test

import (
	"os"
	"sort"
	"strings"
	"testing"
)

// TestStdlib runs every check over the whole standard library, the largest
// body of real Go code on any machine: it must finish with no panic and no
// analyzer error, and the vet engine must print the same bytes as the
// default export engine. It takes a minute or two, so it runs only when
// HEAPLINT_STD=1 (scripts/test-std.sh sets it).
func TestStdlib(t *testing.T) {
	if os.Getenv("HEAPLINT_STD") != "1" {
		t.Skip("set HEAPLINT_STD=1 to run every check over std")
	}
	dir := t.TempDir()
	config := dir + "/all.yml"
	if err := os.WriteFile(config, []byte("default: all\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, dir, heaplintBin, "-config", config, "-json", "std")
	if code > 1 || strings.Contains(stderr, "panic") { // 1: findings; 2, 3: bad settings, packages not analyzed
		t.Fatalf("heaplint std: exit %d\n%s", code, tail(stderr, 4000))
	}
	if viaVet, _, _ := run(t, dir, heaplintBin, "-engine=vet", "-config", config, "-json", "std"); viaVet != stdout {
		t.Errorf("the vet engine's findings on std differ from the export engine's")
	}
	byCheck := parseJSON(t, stdout) // fails the test on any analyzer error
	var names []string
	for name := range byCheck {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Logf("%s: %d findings in std", name, len(byCheck[name]))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
