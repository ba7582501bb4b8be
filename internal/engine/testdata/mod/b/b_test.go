package b

import (
	"testing"

	"example.com/mod/a"
)

func TestRun(t *testing.T) {
	if Run(true) != 1 {
		a.Die(3)
	}
}
