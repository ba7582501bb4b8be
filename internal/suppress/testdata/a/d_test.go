package a

func inTest() {
	_ = 5 //heaplint:ignore fake stale, but reported only when tests are analyzed // want tests `silences no fake finding on line 4`
}
