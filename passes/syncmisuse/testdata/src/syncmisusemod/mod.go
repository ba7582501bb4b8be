// Package syncmisusemod is a module-mode fixture at an older language
// version (interface{} spelling, three-clause loops).
package syncmisusemod

import "sync"

type cache struct {
	byTenant sync.Map // tenant -> *sync.Map of key -> value
	bufs     sync.Pool
}

func (c *cache) put(tenant, key string, v interface{}) {
	inner, _ := c.byTenant.LoadOrStore(tenant, new(sync.Map)) // want `nested sync.Map: values are \*sync.Map, .*; LoadOrStore's new value allocates on every call`
	inner.(*sync.Map).Store(key, v)
}

func (c *cache) fill(tenants []string) {
	for i := 0; i < len(tenants); i++ {
		c.byTenant.Store(tenants[i], map[string]interface{}{}) // want `sync.Map of maps in a loop: values are map\[string\]interface\{\}`
	}
}

func (c *cache) buf() []byte {
	if b, ok := c.bufs.Get().([]byte); ok { // want `sync.Pool holds \[\]byte values`
		return b
	}
	return make([]byte, 0, 512)
}
