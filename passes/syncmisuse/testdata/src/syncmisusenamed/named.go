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
	return p.Get().(Buf) // want `sync\.Pool of Buf values \(64 bytes\) costs a heap object per Put on each call: Put boxes the value, copying it into a new heap object; pool \*Buf and put back the pointer Get returned`
}

type Pools struct {
	small, large sync.Pool
}

func (p *Pools) Small() []byte {
	return p.small.Get().([]byte) // want `sync\.Pool of \[\]byte values \(24 bytes\) costs a heap object per Put on each call: Put boxes the value, copying it into a new heap object; pool \*\[\]byte and put back the pointer Get returned, after storing the slice in it \(p := pool\.Get\(\)\.\(\*\[\]byte\); \.\.\. \*p = buf\[:0\]; pool\.Put\(p\)\): Put\(&buf\) would allocate buf anew`
}

func (p *Pools) Large() *[]byte {
	return p.large.Get().(*[]byte)
}
