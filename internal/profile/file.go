package profile

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"sync"
)

// Digest is what a profile charged one package's code: per function (by
// its compiler name and start line), the function's weight and its lines'
// weights by offset from the start, and the whole profile's total. It is
// small, serialisable (WriteDir, ReadDigest) and immutable; a nil *Digest is
// a package the profile never reaches. Safe for concurrent use.
type Digest struct {
	path  string
	total Weight
	funcs []funcEntry // sorted by name, file, start

	once  sync.Once
	index *funcIndex // built on the first Func
}

// funcEntry is what one function of the package was charged.
type funcEntry struct {
	name  string // the compiler's name inside the package, type arguments removed
	file  string // base name of its file
	start int64  // its start line in the profiled build; 0 when unknown (lines are then absolute)
	total Weight // the function's own weight: cumulative for CPU, its lines' sum for heap
	lines []lineEntry
}

type lineEntry struct {
	off int64
	w   Weight
}

func newDigest(path string, total Weight, recs []*record) *Digest {
	d := &Digest{path: path, total: total}
	for _, r := range recs {
		e := funcEntry{name: r.fn.local, file: filepath.Base(r.fn.file), start: r.fn.start, total: r.total}
		for _, l := range r.lines {
			e.lines = append(e.lines, lineEntry{off: l.off, w: l.w})
		}
		d.funcs = append(d.funcs, e)
	}
	d.funcs = mergeEntries(d.funcs)
	return d
}

// mergeEntries sorts entries and merges those of one function (one name,
// file and start: a profile merged from builds in different directories).
func mergeEntries(es []funcEntry) []funcEntry {
	slices.SortFunc(es, func(a, b funcEntry) int {
		return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.file, b.file), cmp.Compare(a.start, b.start))
	})
	out := es[:0]
	for _, e := range es {
		if n := len(out); n > 0 && out[n-1].name == e.name && out[n-1].file == e.file && out[n-1].start == e.start {
			prev := &out[n-1]
			prev.total.add(e.total)
			lines := append(slices.Clip(prev.lines), e.lines...)
			slices.SortStableFunc(lines, func(a, b lineEntry) int { return cmp.Compare(a.off, b.off) })
			prev.lines = lines[:0]
			for _, l := range lines {
				if k := len(prev.lines); k > 0 && prev.lines[k-1].off == l.off {
					prev.lines[k-1].w.add(l.w)
					continue
				}
				prev.lines = append(prev.lines, l)
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

// Path is the import path of the digest's package.
func (d *Digest) Path() string {
	if d == nil {
		return ""
	}
	return d.path
}

// Total is what the whole profile holds (not only this package), for
// shares: "31% of the profile's allocation". Zero for a nil Digest.
func (d *Digest) Total() Weight {
	if d == nil {
		return Weight{}
	}
	return d.total
}

// The file form: JSON with fixed field order and sorted contents, so that
// one profile gives the same bytes.
type digestJSON struct {
	Version int        `json:"version"`
	Package string     `json:"package"`
	Total   [3]int64   `json:"total"` // bytes, objects, samples
	Funcs   []funcJSON `json:"funcs"`
}

type funcJSON struct {
	Name  string     `json:"name"`
	File  string     `json:"file"`
	Start int64      `json:"start"`
	Total [3]int64   `json:"total"`
	Lines [][4]int64 `json:"lines"` // offset, bytes, objects, samples
}

const digestVersion = 1

func (w Weight) array() [3]int64 { return [3]int64{w.Bytes, w.Objects, w.Samples} }
func weightOf(a [3]int64) Weight { return Weight{Bytes: a[0], Objects: a[1], Samples: a[2]} }
func digestFile(pkgPath string) string {
	sum := sha256.Sum256([]byte(pkgPath))
	return hex.EncodeToString(sum[:16]) + ".json"
}

func (d *Digest) encode() []byte {
	out := digestJSON{Version: digestVersion, Package: d.path, Total: d.total.array(), Funcs: []funcJSON{}}
	for _, e := range d.funcs {
		f := funcJSON{Name: e.name, File: e.file, Start: e.start, Total: e.total.array(), Lines: [][4]int64{}}
		for _, l := range e.lines {
			f.Lines = append(f.Lines, [4]int64{l.off, l.w.Bytes, l.w.Objects, l.w.Samples})
		}
		out.Funcs = append(out.Funcs, f)
	}
	data, err := json.Marshal(out)
	if err != nil {
		panic(err) // plain ints and strings always marshal
	}
	return append(data, '\n')
}

func decodeDigest(data []byte) (*Digest, error) {
	var in digestJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, err
	}
	if in.Version != digestVersion {
		return nil, fmt.Errorf("digest version %d, want %d", in.Version, digestVersion)
	}
	d := &Digest{path: in.Package, total: weightOf(in.Total)}
	for _, f := range in.Funcs {
		e := funcEntry{name: f.Name, file: f.File, start: f.Start, total: weightOf(f.Total)}
		for _, l := range f.Lines {
			e.lines = append(e.lines, lineEntry{off: l[0], w: weightOf([3]int64{l[1], l[2], l[3]})})
		}
		d.funcs = append(d.funcs, e)
	}
	d.funcs = mergeEntries(d.funcs)
	return d, nil
}

// WriteDir writes the digest of each analyzed package the profile reaches
// into dir, one small file per package with deterministic bytes, and
// returns a hash of them all for go vet's cache key (a changed profile must
// not replay old results). dir should be new or empty; WriteDir removes
// nothing. Only a Set made by Digests knows its packages.
func (s *Set) WriteDir(write WriteFunc, dir string) (sum string, err error) {
	if s.analyzed == nil {
		return "", errors.New("profile: WriteDir needs the analyzed packages (Profile.Digests)")
	}
	pkgs := slices.Clone(s.analyzed)
	slices.SortFunc(pkgs, func(a, b *scopePkg) int { return cmp.Compare(a.Path, b.Path) })
	h := sha256.New()
	for _, pkg := range pkgs {
		d := s.Digest(pkg.Package)
		if d == nil {
			continue
		}
		data := d.encode()
		if err := write(filepath.Join(dir, digestFile(pkg.Path)), data); err != nil {
			return "", fmt.Errorf("profile: %v", err)
		}
		h.Write(binary.AppendUvarint(nil, uint64(len(pkg.Path))))
		h.Write([]byte(pkg.Path))
		h.Write(binary.AppendUvarint(nil, uint64(len(data))))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ReadDigest reads the digest WriteDir wrote for pkgPath into dir. A
// package with no file is one the profile never reaches: the result is
// then nil, without error. Cost: one small file read and decoded.
func ReadDigest(read ReadFunc, dir, pkgPath string) (*Digest, error) {
	data, err := read(filepath.Join(dir, digestFile(pkgPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("profile: %v", err)
	}
	d, err := decodeDigest(data)
	if err != nil {
		return nil, fmt.Errorf("profile: digest of %s: %v", pkgPath, err)
	}
	if d.path != pkgPath {
		return nil, fmt.Errorf("profile: digest of %s holds %s", pkgPath, d.path)
	}
	return d, nil
}
