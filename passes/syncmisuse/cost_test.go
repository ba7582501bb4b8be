package syncmisuse_test

import (
	"strconv"
	"sync"
	"testing"
)

// keys: 20 users with 20 settings each, recorded into a fresh structure.
var users, settings = names("user", 20), names("setting", 20)

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(i)
	}
	return out
}

// nested is the pattern syncmisuse reports: a sync.Map of *sync.Map.
func nested() {
	var outer sync.Map
	for _, u := range users {
		inner, _ := outer.LoadOrStore(u, &sync.Map{})
		for i, s := range settings {
			inner.(*sync.Map).Store(s, 1000+i)
		}
	}
}

type userSetting struct{ user, setting string }

// composite is what it suggests: one map keyed by both keys, behind a mutex.
func composite() {
	var mu sync.Mutex
	m := map[userSetting]int{}
	for _, u := range users {
		for i, s := range settings {
			mu.Lock()
			m[userSetting{u, s}] = 1000 + i
			mu.Unlock()
		}
	}
}

var (
	slicePool   = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}
	pointerPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}
	sink        int
)

// poolSlice is the pattern syncmisuse reports: Get().([]byte).
func poolSlice() {
	buf := slicePool.Get().([]byte)
	buf = append(buf[:0], "hello, pool"...)
	sink += len(buf)
	slicePool.Put(buf) // boxes the slice header
}

// poolPointer is what it suggests: *[]byte in the pool.
func poolPointer() {
	bp := pointerPool.Get().(*[]byte)
	*bp = append((*bp)[:0], "hello, pool"...)
	sink += len(*bp)
	pointerPool.Put(bp)
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

func TestCost(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bad, good func()
	}{
		{"nested", nested, composite},
		{"pool", poolSlice, poolPointer},
	} {
		bad := testing.AllocsPerRun(50, tc.bad)
		good := testing.AllocsPerRun(50, tc.good)
		if bad <= good {
			t.Errorf("%s: bad %v allocs/op, good %v; want more for bad", tc.name, bad, good)
		}
		t.Logf("%s: bad %v allocs/op, good %v allocs/op", tc.name, bad, good)
	}
}
