package a

func alloc() int  { return 0 }
func alloc2() int { return 0 }

func lines() {
	_ = alloc() // want `^fake finding$`
	_ = alloc() //heaplint:ignore fake the trailing form covers its own line

	//heaplint:ignore fake the own-line form covers the next line
	_ = alloc()

	//heaplint:ignore other,fake several checks at once
	_, _ = alloc(), alloc2()

	// A directive in a comment group covers the line after the group.
	//heaplint:ignore fake grouped
	// more words about it
	_ = alloc()

	//heaplint:ignore fake only the next line // want `^this directive silences no fake finding on line 22; should it be removed\?$`
	_ = 1
	_ = alloc() // want `fake finding`

	_ = alloc() //heaplint:ignore other another check's directive does not silence fake // want `fake finding` `silences no other finding on line 25`

	// want+1 `fake finding` `^malformed heaplint directive: no reason given; write //heaplint:ignore CHECK\[,CHECK\] reason or //heaplint:file-ignore CHECK\[,CHECK\] reason$`
	_ = alloc() //heaplint:ignore fake
	// want+1 `fake finding` `malformed heaplint directive: no check named`
	_ = alloc() //heaplint:ignore
	_ = alloc() //heaplint:ignored fake reason // want `fake finding` `malformed heaplint directive: unknown verb "ignored"`
	_ = alloc() //heaplint:ignore fake,,other reason // want `fake finding` `malformed heaplint directive: empty check name`

	_ = 3 //heaplint:ignore nosuch reason // want `^directive names "nosuch", which is not a heaplint check \(checks: fake, off, other\)$`
	_ = 4 //heaplint:ignore off a disabled check's directive is not stale

	// heaplint:ignore fake a space after the slashes makes it a plain comment
	_ = alloc() // want `fake finding`
}

func block() { //heaplint:ignore fake a trailing directive covers its own line only // want `silences no fake finding on line 41`
	_ = alloc() // want `fake finding`
}
