package strconcatfix

import "fmt"

func plusAssign(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p // want `s \+= copies s`
	}
	return s
}

func initial(parts []string) (string, int) {
	s := "<"
	for _, p := range parts {
		s += p // want `s \+= copies s`
	}
	s += ">"
	return s, len(s)
}

func plusChain(parts []string) string {
	var s string
	for i, p := range parts {
		s = s + p + "," // want `appending to s with \+ copies it`
		if i%2 == 0 {
			s = s + "\n"
		}
	}
	return s
}

func sprintf(n int) string {
	var s = "["
	for i := range n {
		s = fmt.Sprintf("%s%d,", s, i) // want `rebuilding s with fmt.Sprintf copies it`
	}
	return s
}

func appendSprintf(xs []int) string {
	var (
		total int
		s     string
	)
	for _, x := range xs {
		total += x
		s += fmt.Sprintf("%d;", x) // want `s \+= copies s`
	}
	return fmt.Sprint(s, total)
}

func closure(parts []string) string {
	s := ""
	for _, p := range parts {
		func() {
			s += p // want `s \+= copies s`
		}()
	}
	return s
}

// readInLoop reads s before appending: no fix.
func readInLoop(parts []string) string {
	s := ""
	for _, p := range parts {
		if len(s) > 80 {
			break
		}
		s += p // want `s \+= copies s`
	}
	return s
}

// address takes &s: no fix.
func address(parts []string) *string {
	s := ""
	for _, p := range parts {
		s += p // want `s \+= copies s`
	}
	return &s
}

// reset assigns a value not built from s: no fix.
func reset(rows [][]string) []string {
	var out []string
	s := ""
	for _, row := range rows {
		for _, c := range row {
			s += c // want `s \+= copies s`
		}
		out = append(out, s)
		s = ""
	}
	return out
}

// formatIndex uses an explicit argument index: no fix.
func formatIndex(n int) string {
	s := ""
	for i := range n {
		s = fmt.Sprintf("%s%[2]d", s, i) // want `rebuilding s with fmt.Sprintf copies it`
	}
	return s
}
