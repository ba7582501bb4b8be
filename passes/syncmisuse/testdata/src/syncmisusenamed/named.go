package syncmisusenamed

import "sync"

// Registry embeds a sync.Map: its Store is sync.Map's.
type Registry struct{ sync.Map }

// Inner is a named wrapper around a sync.Map.
type Inner struct{ m sync.Map }

type Alias = sync.Map

type Attrs map[string]string

func registry(r *Registry, k string) {
	r.Store(k, &Inner{}) // want `nested sync\.Map \(values are \*Inner\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	r.Store(k, new(Alias)) // want `nested sync\.Map \(values are \*Alias\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	r.Store(k, Attrs{}) // want `sync\.Map of maps \(values are Attrs made empty\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
	r.Store(k, &Registry{}) // want `nested sync\.Map \(values are \*Registry\) allocates a map per outer key on each call; key one map by a struct of both keys \(behind a mutex, or sharded\)`
}

type BufPool struct{ sync.Pool }

type Buf [64]byte

func bufs(p *BufPool) Buf {
	return p.Get().(Buf) // want `sync\.Pool of Buf values \(64 bytes\) saves no allocation on each call: every Put boxes the value into a new heap object; pool \*Buf instead`
}

type Pools struct {
	small, large sync.Pool
}

func (p *Pools) Small() []byte {
	return p.small.Get().([]byte) // want `sync\.Pool of \[\]byte values \(24 bytes\) saves no allocation on each call: every Put boxes the value into a new heap object; pool \*\[\]byte instead`
}

func (p *Pools) Large() *[]byte {
	return p.large.Get().(*[]byte)
}
