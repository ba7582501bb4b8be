// Package libcallcold holds a library call in a loop on a failure path:
// dropped by default, reported with -cold.
package libcallcold

import (
	"fmt"
	"strings"
)

func parse(lines []string) int {
	n := 0
	for _, line := range lines {
		if line == "" {
			for _, f := range strings.Split(line, ",") { // want `strings.Split\(line, ","\) makes its \[\]string result on the heap on a failure path`
				fmt.Println(f)
			}
			panic("empty line")
		}
		n++
	}
	return n
}
