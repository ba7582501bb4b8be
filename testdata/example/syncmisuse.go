package example

import "sync"

// settingsByUser is a nested concurrent map: user -> *sync.Map of
// setting -> value.
var settingsByUser sync.Map

// setSetting fills it: syncmisuse reports the LoadOrStore, which also makes
// a new sync.Map on every call, even when the user is already there.
func setSetting(user, setting, value string) {
	inner, _ := settingsByUser.LoadOrStore(user, &sync.Map{})
	inner.(*sync.Map).Store(setting, value)
}

// settingKey keys one map by both keys, behind a mutex.
type settingKey struct{ user, setting string }

var (
	settingsMu sync.Mutex
	settings   = map[settingKey]string{}
)

// setSettingFlat stores under one key of both.
func setSettingFlat(user, setting, value string) {
	settingsMu.Lock()
	settings[settingKey{user, setting}] = value
	settingsMu.Unlock()
}

// scratchPool holds []byte values.
var scratchPool = sync.Pool{New: func() any { return make([]byte, 0, 1024) }}

// withScratch takes a buffer from it and puts it back: every Put boxes the
// slice header into a new heap object, which boxing reports at the Put
// (the Get is syncmisuse's finding only where no Put in the package shows it).
func withScratch(f func([]byte) []byte) {
	buf := scratchPool.Get().([]byte)
	buf = f(buf[:0])
	scratchPool.Put(buf)
}

// scratchPtrPool holds *[]byte: Put stores the pointer as it is.
var scratchPtrPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// withScratchPtr puts back the pointer Get returned, with the grown slice
// stored in it (putting &buf instead would allocate buf anew).
func withScratchPtr(f func([]byte) []byte) {
	bp := scratchPtrPool.Get().(*[]byte)
	*bp = f((*bp)[:0])
	scratchPtrPool.Put(bp)
}
