package b_test

import (
	"testing"

	"example.com/mod/a"
	"example.com/mod/b"
)

func TestRunX(t *testing.T) {
	if b.Run(true) != a.Mark() {
		t.FailNow()
	}
}
