// Package mapptr defines an Analyzer that reports maps of pointers filled
// with a fresh small allocation per entry.
//
// # Analyzer mapptr
//
// mapptr: report map[K]*V filled with a new small V per entry
//
// A map[K]*V whose entries are each made by &V{...}, new(V) or the address
// of a local variable costs one heap allocation per entry on top of the
// map's own table: the pointer stored in the map makes the value escape
// (the compiler says "escapes to heap" or "moved to heap"). A Go map stores
// values of up to 128 bytes in its own slots, so a map[K]V holds the same
// entries with no allocation per entry, no pointer for the garbage
// collector to follow, and one less memory access per read; in exchange,
// its empty slots hold whole values, so past about 16 bytes a map of
// values needs more memory than a map of pointers, which max-size bounds.
//
// The check reports the allocation when V is at most max-size bytes
// (default 64) and the map's pointers carry nothing a value could not:
// it is silent when V holds a lock or another type that must not be copied
// (sync, sync/atomic, types with Lock and Unlock), when V's size is zero or
// unknown (a type parameter), and when the stored pointer is not a fresh
// allocation made for this one entry (a parameter, a value read from
// elsewhere, one allocation stored under several keys). It is also silent
// wherever value semantics would change behaviour: when the same pointer
// is also stored elsewhere, returned, passed to a function, captured by a
// closure or written through after the store; and, for the whole package,
// for a map type whose pointers any code writes through, keeps or passes
// on after reading them out of the map (m[k].n++, &m[k].f, m[k].Reset(),
// p := m[k] then use(p), the values of a range over the map), which a map
// of values forbids or would apply to a copy, and for a map type that
// leaves the package's sight: converted to an interface, passed to another
// package or through a function value, or part of the exported API. The
// message says so, since that is what makes map[K]V keep behaviour, and
// where code tests a value read from the map against nil, it says that a
// map of values tells absence by v, ok := m[k].
//
// Bad:
//
//	byID := make(map[int]*point, len(ps))
//	for _, p := range ps {
//		byID[p.id] = &point{x: p.x, y: p.y}
//	}
//
// Good:
//
//	byID := make(map[int]point, len(ps))
//	for _, p := range ps {
//		byID[p.id] = point{x: p.x, y: p.y}
//	}
//
// Cost: 100,000 entries: 100,532 allocs/op with pointers against 532
// allocs/op with values, for every value size up to 128 bytes. Memory is the price, since
// a map's empty slots hold whole values: at 64 bytes (the default
// max-size) 87.7 live bytes per entry with pointers against 104.9 with
// values (+20%), and 11,129,528 B/op against 20,979,144 B/op while the map
// grows from empty (8.8 MB against 10.5 MB when made with its size); at 16
// bytes the values take less (39.7 against 35.0 live bytes per entry), at
// 128 they take 25% more (151.6 against 188.8) and twice the bytes while
// growing (17,529,528 against 37,762,760 B/op). The default of 64 removes
// every per-entry allocation for a premium of about a fifth of live memory;
// max-size up to 128 trades more, and is the limit, since a map stores
// larger values out of line, allocating per entry anyway
// (BenchmarkBad vs BenchmarkGood, size=16, 32, 64 and 128, go1.26 amd64).
//
// Fix: not offered: the map's type changes, and so does every read that
// tests m[k] against nil (use v, ok := m[k]).
//
// Limitations: only the package's own code is searched for writes through
// the map's pointers; code that reaches the map through a struct converted
// to an interface or passed to another package is not followed. A
// get-or-create counter (p := m[k]; if p == nil { p = &V{}; m[k] = p };
// p.n++) is not reported, though v := m[k]; v.n++; m[k] = v would do.
// The allocation must be made in the function that stores it. Map types
// are matched by type, with type parameters matching anything: a generic
// helper over map[K]V that hands out or writes through the values silences
// every map of pointers in the package.
package mapptr
