package capturegeneric

var sink []func()

// A closure capturing values of a type parameter: the size is unknown, so
// only reassignment or address-taking says "by reference".
func goEach[T any](xs []T, f func(T)) {
	for _, x := range xs {
		go func() { f(x) }() // want `func literal allocates a closure on each iteration: it escapes through a go statement; start a fixed set of workers`
	}
}

func keepAll[T any](xs []T) T {
	var last T
	for _, x := range xs {
		sink = append(sink, func() { last = x }) // want `allocates a closure on each iteration: it escapes through append, and moves last to the heap; store the captured values`
	}
	return last
}

type box[T any] struct{ v T }

func (b *box[T]) each(xs []T, f func(T)) {
	for _, x := range xs {
		func() { f(x) }()
		sink = append(sink, func() { b.v = x }) // want `allocates a closure on each iteration: it escapes through append; store the captured values`
	}
}

func use() {
	goEach([]int{1}, func(int) {})
	keepAll([]string{"a"})
	var b box[int]
	b.each([]int{1}, func(int) {})
}
