package syncmisuse_test

import (
	_ "embed"
	"strconv"
	"sync"
	"testing"

	"github.com/heaplint/heaplint/internal/doccost"
	"github.com/heaplint/heaplint/passes/syncmisuse"
)

//go:embed doc.go
var doc string

type record struct {
	user, setting string
	value         int
}

// records: 20 users with 20 settings each.
var records = func() []record {
	var rs []record
	for u := range 20 {
		for s := range 20 {
			rs = append(rs, record{"user" + strconv.Itoa(u), "setting" + strconv.Itoa(s), u*20 + s})
		}
	}
	return rs
}()

// nested is the doc's Bad form: a sync.Map of *sync.Map.
func nested() {
	var byUser sync.Map // user -> *sync.Map of setting -> value
	for _, r := range records {
		inner, _ := byUser.LoadOrStore(r.user, &sync.Map{})
		inner.(*sync.Map).Store(r.setting, r.value)
	}
}

// composite is its Good form: one map keyed by both keys, behind a mutex.
func composite() {
	type key struct{ user, setting string }
	var mu sync.Mutex
	settings := make(map[key]int)
	for _, r := range records {
		mu.Lock()
		settings[key{r.user, r.setting}] = r.value
		mu.Unlock()
	}
}

var (
	bufPool = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}
	ptrPool = sync.Pool{New: func() any { return new([]byte) }}
	data    = []byte("hello, pool")
	sum     int
)

func process(b []byte) int { return len(b) }

// poolSlice is the doc's Bad pool: Get().([]byte), the header boxed by Put.
func poolSlice() {
	buf := bufPool.Get().([]byte)
	buf = append(buf[:0], data...)
	sum += process(buf)
	bufPool.Put(buf)
}

// poolPointer is its Good form: the pointer Get returned is put back.
func poolPointer() {
	p := ptrPool.Get().(*[]byte)
	buf := append((*p)[:0], data...)
	sum += process(buf)
	*p = buf
	ptrPool.Put(p)
}

// poolAddress is the tempting wrong remedy: a pointer, but a new one.
func poolAddress() {
	buf := *ptrPool.Get().(*[]byte)
	buf = append(buf[:0], data...)
	sum += process(buf)
	ptrPool.Put(&buf)
}

type point struct{ x, y, z int64 }

var (
	pointPool    = sync.Pool{New: func() any { return point{} }}
	pointPtrPool = sync.Pool{New: func() any { return new(point) }}
)

// A pool of struct values, and of pointers to them.
func poolStruct() {
	p := pointPool.Get().(point)
	p.x++
	sum += int(p.x)
	pointPool.Put(p)
}

func poolStructPtr() {
	p := pointPtrPool.Get().(*point)
	p.x++
	sum += int(p.x)
	pointPtrPool.Put(p)
}

func TestDocForms(t *testing.T) {
	doccost.Forms(t, doc, "syncmisuse", "cost_test.go", []string{"nested", "poolSlice"}, []string{"composite", "poolPointer"})
}

// TestCost measures the doc's forms and each remedy the check advises, and
// holds the doc's figures to them.
func TestCost(t *testing.T) {
	nb, ng := doccost.Less(t, "nested sync.Map / one map by a struct key", nested, composite)
	pb, pg := doccost.Less(t, "pool of []byte / *[]byte put back", poolSlice, poolPointer)
	doccost.Less(t, "pool of a struct / of pointers to it", poolStruct, poolStructPtr)
	if bad, wrong := doccost.Measure(50, poolSlice), doccost.Measure(50, poolAddress); wrong.Allocs < bad.Allocs {
		t.Errorf("Put(&buf) costs %v, []byte values %v: the doc says it saves nothing", wrong, bad)
	}
	doccost.Quoted(t, doc, "syncmisuse", 0.05, nb, ng, pb, pg)
}

func TestExample(t *testing.T) {
	doccost.Example(t, syncmisuse.Analyzer, "../../testdata/example", "syncmisuse.go")
}

func BenchmarkBad(b *testing.B) {
	b.Run("nested", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			nested()
		}
	})
	b.Run("pool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			poolSlice()
		}
	})
}

func BenchmarkGood(b *testing.B) {
	b.Run("nested", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			composite()
		}
	})
	b.Run("pool", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			poolPointer()
		}
	})
}
