package a

//heaplint:file-ignore fake the whole file

func inB() {
	_ = alloc()
	_ = alloc()
	_ = alloc2() // want `other finding`
}
