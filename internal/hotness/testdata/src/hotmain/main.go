package main

func mark() {}

func main() {
	mark() // want `cold: once per program`
	setup()
	for range 10 {
		mark() // want `hot: on each iteration`
		serve()
	}
}

func setup() {
	mark() // want `cold: once per program`
	for range 3 {
		mark() // want `hot: on each iteration`
	}
}

func serve() {
	mark() // want `warm: on each call, and main calls it in a loop`
}
