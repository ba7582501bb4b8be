package bytesconvkept

import "bufio"

func lines(sc *bufio.Scanner) []string {
	var out []string
	for sc.Scan() {
		out = append(out, string(sc.Bytes())) // want `converting sc.Bytes\(\) to string allocates on each iteration: the copy is kept: it escapes through append`
	}
	return out
}

type record struct{ name string }

func names(rows [][]byte) []record {
	out := make([]record, len(rows))
	for i, r := range rows {
		out[i].name = string(r) // want `converting r to string allocates on each iteration: the copy is kept: it escapes through a store`
	}
	return out
}

// last returns from inside the loop, but the return block runs once per
// call, and nothing calls last in a loop: not reported.
func last(rows [][]byte) string {
	for _, r := range rows {
		if len(r) > 3 {
			return string(r)
		}
	}
	return ""
}
