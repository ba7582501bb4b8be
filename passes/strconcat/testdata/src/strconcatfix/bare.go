package strconcatfix

func repeat(x string, n int) string {
	s := ""
	for range n {
		s += x // want `s \+= copies s`
	}
	return s
}
