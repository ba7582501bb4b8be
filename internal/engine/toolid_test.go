package engine

import "testing"

func TestMarkedBuildID(t *testing.T) {
	data := []byte("\x00\x01\xff Go build ID: \"abc/def\"\n \xff rest")
	if id, ok := markedBuildID(data); !ok || id != "abc/def" {
		t.Errorf("markedBuildID = %q, %v", id, ok)
	}
	for _, bad := range []string{"no marker", "\xff Go build ID: \"unterminated", "\xff Go build ID: \"\""} {
		if id, ok := markedBuildID([]byte(bad)); ok {
			t.Errorf("markedBuildID(%q) = %q, want none", bad, id)
		}
	}
}
