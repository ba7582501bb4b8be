package engine

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/gob"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// A factRecord is one fact of a dependency as it is cached: the fact, and
// the object it is about by name and object path (both empty for a package
// fact).
type factRecord struct {
	Name string          // the object's name: most look-ups end on it, without an object path
	Path objectpath.Path // the object within its package
	Fact analysis.Fact
}

// depFacts are the facts of one dependency, known by package path: the
// objects they are about come from export data, or from the package's own
// source in an earlier run.
type depFacts struct {
	records []factRecord
	byName  map[string][]int // record indexes by object name ("" for package facts)
	hash    key              // of the encoding, which goes into dependents' keys
}

func newDepFacts(records []factRecord, encoded []byte) *depFacts {
	d := &depFacts{records: records, byName: map[string][]int{}, hash: sha256.Sum256(encoded)}
	for i, r := range records {
		d.byName[r.Name] = append(d.byName[r.Name], i)
	}
	return d
}

// encodeFacts encodes records (sorted, so that equal facts give equal
// bytes and equal keys downstream).
func encodeFacts(records []factRecord) ([]byte, error) {
	slices.SortFunc(records, func(a, b factRecord) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(reflect.TypeOf(a.Fact).String(), reflect.TypeOf(b.Fact).String()))
	})
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(records); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func decodeFacts(data []byte) (*depFacts, error) {
	var records []factRecord
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&records); err != nil {
		return nil, err
	}
	return newDepFacts(records, data), nil
}

// registerFacts registers the fact types of analyzers with encoding/gob,
// which must know each concrete type behind the Fact interface. gob's
// registry is process-wide; registering a type twice is harmless.
func registerFacts(analyzers []*analysis.Analyzer) {
	for _, a := range analyzers {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
	}
}

// names returns the object names that have facts.
func (d *depFacts) names() []string {
	out := make([]string, 0, len(d.byName))
	for name := range d.byName {
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

// objectFactKey and packageFactKey key the facts a source-checked package
// exports, by the object and the fact's type.
type objectFactKey struct {
	obj types.Object
	t   reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	t   reflect.Type
}

// factSet holds the facts a package exports while it is analyzed from
// source. Its actions may run in parallel.
type factSet struct {
	mu       sync.Mutex
	objects  map[objectFactKey]analysis.Fact
	packages map[packageFactKey]analysis.Fact
}

func newFactSet() *factSet {
	return &factSet{objects: map[objectFactKey]analysis.Fact{}, packages: map[packageFactKey]analysis.Fact{}}
}

func (s *factSet) object(obj types.Object, t reflect.Type) (analysis.Fact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.objects[objectFactKey{obj, t}]
	return f, ok
}

func (s *factSet) pkg(pkg *types.Package, t reflect.Type) (analysis.Fact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.packages[packageFactKey{pkg, t}]
	return f, ok
}

func (s *factSet) setObject(obj types.Object, f analysis.Fact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objects[objectFactKey{obj, reflect.TypeOf(f)}] = f
}

func (s *factSet) setPkg(pkg *types.Package, f analysis.Fact) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.packages[packageFactKey{pkg, reflect.TypeOf(f)}] = f
}

// records turns the facts about pkg's own objects into records for the
// cache. Facts about objects without an object path (local ones) are
// dropped, as the unitchecker does: no importer can ask for them.
func (s *factSet) records(pkg *types.Package) []factRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	var enc objectpath.Encoder
	var out []factRecord
	for k, f := range s.objects {
		if k.obj.Pkg() != pkg {
			continue
		}
		path, err := enc.For(k.obj)
		if err != nil {
			continue
		}
		out = append(out, factRecord{Name: k.obj.Name(), Path: path, Fact: f})
	}
	for k, f := range s.packages {
		if k.pkg == pkg {
			out = append(out, factRecord{Fact: f})
		}
	}
	return out
}

// factView is what one pass sees of facts: its own package's, those of
// the packages checked from source in this run (by package), and those of
// dependencies (by path).
type factView struct {
	own  *factSet
	src  func(*types.Package) *factSet // nil if none
	deps func(path string) *depFacts   // nil if none
	enc  objectpath.Encoder            // the pass's own: an Encoder is not safe for concurrent use
}

func (v *factView) source(pkg *types.Package) *factSet {
	if v.src == nil {
		return nil
	}
	return v.src(pkg)
}

func (v *factView) dep(path string) *depFacts {
	if v.deps == nil {
		return nil
	}
	return v.deps(path)
}

// importObject finds the fact of ptr's type about obj and copies it into ptr.
func (v *factView) importObject(pass *analysis.Pass, obj types.Object, ptr analysis.Fact) bool {
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	t := reflect.TypeOf(ptr)
	var f analysis.Fact
	var ok bool
	switch {
	case obj.Pkg() == pass.Pkg:
		f, ok = v.own.object(obj, t)
	case v.source(obj.Pkg()) != nil:
		f, ok = v.source(obj.Pkg()).object(obj, t)
	default:
		f, ok = v.depObject(obj, t)
	}
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

func (v *factView) depObject(obj types.Object, t reflect.Type) (analysis.Fact, bool) {
	d := v.dep(obj.Pkg().Path())
	if d == nil {
		return nil, false
	}
	var path objectpath.Path
	for _, i := range d.byName[obj.Name()] {
		r := d.records[i]
		if reflect.TypeOf(r.Fact) != t {
			continue
		}
		if path == "" {
			var err error
			if path, err = v.enc.For(obj); err != nil {
				return nil, false
			}
		}
		if r.Path == path {
			return r.Fact, true
		}
	}
	return nil, false
}

func (v *factView) importPackage(pass *analysis.Pass, pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		return false
	}
	t := reflect.TypeOf(ptr)
	var f analysis.Fact
	var ok bool
	switch {
	case pkg == pass.Pkg:
		f, ok = v.own.pkg(pkg, t)
	case v.source(pkg) != nil:
		f, ok = v.source(pkg).pkg(pkg, t)
	case v.dep(pkg.Path()) != nil:
		d := v.dep(pkg.Path())
		for _, i := range d.byName[""] {
			if r := d.records[i]; reflect.TypeOf(r.Fact) == t {
				f, ok = r.Fact, true
				break
			}
		}
	}
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

// allObjectFacts returns the facts of the given types about objects of the
// pass's package and of every package it imports, directly or not, that
// has any.
func (v *factView) allObjectFacts(pass *analysis.Pass, want map[reflect.Type]bool) []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for _, pkg := range append([]*types.Package{pass.Pkg}, transitiveImports(pass.Pkg)...) {
		set := v.source(pkg)
		if pkg == pass.Pkg {
			set = v.own
		}
		if set != nil {
			set.mu.Lock()
			for k, f := range set.objects {
				if k.obj.Pkg() == pkg && want[k.t] {
					out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
				}
			}
			set.mu.Unlock()
			continue
		}
		if d := v.dep(pkg.Path()); d != nil {
			for _, r := range d.records {
				if r.Path == "" || !want[reflect.TypeOf(r.Fact)] {
					continue
				}
				if obj, err := objectpath.Object(pkg, r.Path); err == nil {
					out = append(out, analysis.ObjectFact{Object: obj, Fact: r.Fact})
				}
			}
		}
	}
	return out
}

func (v *factView) allPackageFacts(pass *analysis.Pass, want map[reflect.Type]bool) []analysis.PackageFact {
	var out []analysis.PackageFact
	for _, pkg := range append([]*types.Package{pass.Pkg}, transitiveImports(pass.Pkg)...) {
		for t := range want {
			ptr := reflect.New(t.Elem()).Interface().(analysis.Fact)
			if v.importPackage(pass, pkg, ptr) {
				out = append(out, analysis.PackageFact{Package: pkg, Fact: ptr})
			}
		}
	}
	return out
}

// transitiveImports lists the packages pkg imports, directly or not, in
// a deterministic order.
func transitiveImports(pkg *types.Package) []*types.Package {
	seen := map[*types.Package]bool{pkg: true}
	var out []*types.Package
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		for _, im := range p.Imports() {
			if !seen[im] {
				seen[im] = true
				out = append(out, im)
				visit(im)
			}
		}
	}
	visit(pkg)
	return out
}
