package syncmisusenamed

import "sync"

// Registry embeds a sync.Map: its Store is sync.Map's.
type Registry struct{ sync.Map }

// Inner is a named wrapper around a sync.Map.
type Inner struct{ m sync.Map }

type Alias = sync.Map

type Attrs map[string]string

func registry(r *Registry, k string) {
	r.Store(k, &Inner{})    // want `nested sync.Map: values are \*Inner, a map per outer key`
	r.Store(k, new(Alias))  // want `nested sync.Map: values are \*(Alias|sync.Map)`
	r.Store(k, Attrs{})     // want `sync.Map of maps: values are Attrs made empty, a map per outer key`
	r.Store(k, &Registry{}) // want `nested sync.Map: values are \*Registry`
}

type BufPool struct{ sync.Pool }

type Buf [64]byte

func bufs(p *BufPool) Buf {
	return p.Get().(Buf) // want `sync.Pool holds Buf values \(64 bytes\): putting one back boxes it into a new heap object; pool \*Buf instead`
}

type Pools struct {
	small, large sync.Pool
}

func (p *Pools) Small() []byte {
	return p.small.Get().([]byte) // want `sync.Pool holds \[\]byte values`
}

func (p *Pools) Large() *[]byte {
	return p.large.Get().(*[]byte)
}
