// Package syncmisusemod is a module-mode fixture at an older language
// version (interface{} spelling, three-clause loops).
package syncmisusemod

import "sync"

type cache struct {
	byTenant sync.Map // tenant -> *sync.Map of key -> value
	bufs     sync.Pool
}

func (c *cache) put(tenant, key string, v interface{}) {
	inner, _ := c.byTenant.LoadOrStore(tenant, new(sync.Map)) // want `nested sync\.Map \(values are \*sync\.Map\) allocates a map per outer key on each call: LoadOrStore's new value is made on every call, even when the key exists; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	inner.(*sync.Map).Store(key, v)
}

func (c *cache) fill(tenants []string) {
	for i := 0; i < len(tenants); i++ {
		c.byTenant.Store(tenants[i], map[string]interface{}{}) // want `sync\.Map of maps \(values are map\[string\]interface\{\} made empty\) allocates a map per outer key on each iteration; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	}
}

func (c *cache) buf() []byte {
	if b, ok := c.bufs.Get().([]byte); ok { // want `sync\.Pool of \[\]byte values \(24 bytes\) costs a heap object per Put on each call: Put boxes the value, copying it into a new heap object; pool \*\[\]byte and put back the pointer Get returned, after storing the slice in it \(p := pool\.Get\(\)\.\(\*\[\]byte\); \.\.\. \*p = buf\[:0\]; pool\.Put\(p\)\): Put\(&buf\) would allocate buf anew`
		return b
	}
	return make([]byte, 0, 512)
}
