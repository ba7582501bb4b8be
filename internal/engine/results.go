package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// The results of a requested package are cached as its dependencies'
// facts are, so that running again over unchanged code (the command
// line's warm re-run, a language server's restart) costs the go command's
// listing and reading the cache. A package's key covers what its analysis
// reads: this tool and every analyzer's flags (Options.Settings for what
// flags do not say), the package's name and Go files (as the editor has
// them; heaplint's checks read no other file), and for each import its
// export data's build ID and facts hash, or for a test variant imported
// from source, that variant's key.

// hashSources hashes the package's Go files (the editor's content where
// the overlay has it, else the disk's) for its key. The content is not
// kept: a whole module's, or the standard library's, would be a good part
// of a run's memory. Whoever reads a file again checks its hash.
func hashSources(lp *listed, overlay map[string][]byte) (map[string]key, []string) {
	hashes := make(map[string]key, len(lp.CompiledGoFiles))
	var errs []string
	for _, name := range lp.CompiledGoFiles {
		src, err := readSource(name, overlay)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		hashes[name] = sha256.Sum256(src)
	}
	return hashes, errs
}

// readSource reads one Go file: the editor's content if the overlay has
// it, else the disk's.
func readSource(name string, overlay map[string][]byte) ([]byte, error) {
	if src, ok := overlay[name]; ok {
		return src, nil
	}
	return os.ReadFile(name)
}

// readSources reads the package's Go files, or returns false if one does
// not read or is no longer what hashes says.
func readSources(lp *listed, overlay map[string][]byte, hashes map[string]key) (map[string][]byte, bool) {
	srcs := make(map[string][]byte, len(lp.CompiledGoFiles))
	for _, name := range lp.CompiledGoFiles {
		src, err := readSource(name, overlay)
		if err != nil || sha256.Sum256(src) != hashes[name] {
			return nil, false
		}
		srcs[name] = src
	}
	return srcs, true
}

// resultKeys returns the key of each source package of g, given the
// hashes of their files, the export-data dependencies by ID and their
// facts by path.
func (e *Engine) resultKeys(g *graph, hashes map[string]map[string]key, depsByID map[string]*listed, facts map[string]*depFacts) map[string]key {
	keys := make(map[string]key, len(g.source))
	for _, p := range g.source { // dependencies first
		h := sha256.New()
		fmt.Fprintf(h, "%x\n%x\n%s %s\nsizes %v\n", e.salt, e.resultSalt, p.ImportPath, p.Name, e.sizes)
		fmt.Fprintf(h, "go %s\n", e.langVersion(p))
		for _, name := range p.CompiledGoFiles {
			fmt.Fprintf(h, "file %s %x\n", name, hashes[p.ImportPath][name])
		}
		for _, path := range slices.Sorted(maps.Keys(p.ImportMap)) {
			fmt.Fprintf(h, "map %s %s\n", path, p.ImportMap[path])
		}
		for _, id := range p.Imports {
			switch d := depsByID[id]; {
			case isTestVariant(id):
				fmt.Fprintf(h, "source %s %x\n", id, keys[id])
			case d != nil:
				var factsHash key
				if f := facts[pkgPath(id)]; f != nil {
					factsHash = f.hash
				}
				fmt.Fprintf(h, "export %s %s %x\n", id, d.BuildID, factsHash)
			default:
				fmt.Fprintf(h, "import %s\n", id) // unsafe, C
			}
		}
		var k key
		h.Sum(k[:0])
		keys[p.ImportPath] = k
	}
	return keys
}

// resultSalt identifies the analyzers as configured: their names and
// flags, and settings that live elsewhere.
func resultSalt(analyzers []*analysis.Analyzer, settings string) key {
	h := sha256.New()
	fmt.Fprintf(h, "heaplint engine results 1\n%s\n", settings)
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		fmt.Fprintf(h, "analyzer %s\n", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(h, "  -%s=%s\n", f.Name, f.Value) })
		for _, req := range a.Requires {
			visit(req)
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	var k key
	h.Sum(k[:0])
	return k
}

// cachedDiag is a diagnostic with its positions as byte offsets in the
// package's files.
type cachedDiag struct {
	Analyzer          string
	File              string
	Pos, End          int // End -1 for none
	Category, Message string
	URL               string
	Related           []cachedRelated
	Fixes             []cachedFix
}

type cachedRelated struct {
	File     string
	Pos, End int
	Message  string
}

type cachedFix struct {
	Message string
	Edits   []cachedEdit
}

type cachedEdit struct {
	File     string
	Pos, End int
	NewText  []byte
}

// encodeResults encodes p's diagnostics, or returns nil if they cannot
// be cached: a position outside the package's own files (related
// information in a dependency), a failed analyzer.
func encodeResults(p *Package) []byte {
	if len(p.Errors) > 0 || len(p.Failures) > 0 {
		return nil
	}
	own := make(map[string]bool, len(p.CompiledGoFiles))
	for _, name := range p.CompiledGoFiles {
		own[name] = true
	}
	offset := func(pos token.Pos) (string, int, bool) {
		tf := p.Fset.File(pos)
		if tf == nil || !own[tf.Name()] {
			return "", 0, false
		}
		return tf.Name(), tf.Offset(pos), true
	}
	out := make([]cachedDiag, 0, len(p.Diagnostics))
	for _, d := range p.Diagnostics {
		file, pos, ok := offset(d.Pos)
		if !ok {
			return nil
		}
		cd := cachedDiag{Analyzer: d.Analyzer.Name, File: file, Pos: pos, End: -1, Category: d.Category, Message: d.Message, URL: d.URL}
		if d.End.IsValid() {
			if f, end, ok := offset(d.End); ok && f == file {
				cd.End = end
			} else {
				return nil
			}
		}
		for _, r := range d.Related {
			f, pos, ok := offset(r.Pos)
			end := pos
			if r.End.IsValid() {
				var f2 string
				f2, end, ok = offset(r.End)
				ok = ok && f2 == f
			}
			if !ok {
				return nil
			}
			cd.Related = append(cd.Related, cachedRelated{File: f, Pos: pos, End: end, Message: r.Message})
		}
		for _, fix := range d.SuggestedFixes {
			cf := cachedFix{Message: fix.Message}
			for _, ed := range fix.TextEdits {
				f, pos, ok := offset(ed.Pos)
				end := pos
				if ed.End.IsValid() {
					var f2 string
					f2, end, ok = offset(ed.End)
					ok = ok && f2 == f
				}
				if !ok {
					return nil
				}
				cf.Edits = append(cf.Edits, cachedEdit{File: f, Pos: pos, End: end, NewText: ed.NewText})
			}
			cd.Fixes = append(cd.Fixes, cf)
		}
		out = append(out, cd)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(out); err != nil {
		return nil
	}
	return buf.Bytes()
}

// decodeResults rebuilds the analyzed package lp from its cached
// diagnostics: its files get token.Files in fset (line tables from their
// content, no syntax), and the diagnostics their analyzers. It returns
// nil if the entry does not fit (a file or an analyzer it names is gone).
func decodeResults(data []byte, lp *listed, srcs map[string][]byte, fset *token.FileSet, analyzers []*analysis.Analyzer) *Package {
	var diags []cachedDiag
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&diags); err != nil {
		return nil
	}
	files := map[string]*token.File{}
	for _, name := range lp.CompiledGoFiles {
		files[name] = lineTable(fset, name, srcs[name])
	}
	byName := map[string]*analysis.Analyzer{}
	for _, a := range analyzers {
		byName[a.Name] = a
	}
	valid := true
	at := func(file string, off int) token.Pos {
		tf := files[file]
		if tf == nil || off < 0 || off > tf.Size() {
			valid = false
			return token.NoPos
		}
		return tf.Pos(off)
	}
	p := &Package{ID: lp.ImportPath, PkgPath: pkgPath(lp.ImportPath), Name: lp.Name, Fset: fset, CompiledGoFiles: lp.CompiledGoFiles, Cached: true}
	for _, cd := range diags {
		a := byName[cd.Analyzer]
		if a == nil {
			return nil
		}
		d := analysis.Diagnostic{Pos: at(cd.File, cd.Pos), Category: cd.Category, Message: cd.Message, URL: cd.URL}
		if cd.End >= 0 {
			d.End = at(cd.File, cd.End)
		}
		for _, r := range cd.Related {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: at(r.File, r.Pos), End: at(r.File, r.End), Message: r.Message})
		}
		for _, cf := range cd.Fixes {
			fix := analysis.SuggestedFix{Message: cf.Message}
			for _, ed := range cf.Edits {
				fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: at(ed.File, ed.Pos), End: at(ed.File, ed.End), NewText: ed.NewText})
			}
			d.SuggestedFixes = append(d.SuggestedFixes, fix)
		}
		p.Diagnostics = append(p.Diagnostics, Diagnostic{Analyzer: a, Diagnostic: d})
	}
	if !valid {
		return nil
	}
	return p
}

// lineTable adds the file name with content src to fset, with its lines,
// and returns it. A file with line directives (cgo's output, generated
// code) is parsed, which applies them: positions then name the lines the
// directives say, as when the package was analyzed.
func lineTable(fset *token.FileSet, name string, src []byte) *token.File {
	if bytes.Contains(src, []byte("//line ")) || bytes.Contains(src, []byte("/*line ")) {
		if f, _ := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution); f != nil {
			return fset.File(f.FileStart)
		}
	}
	tf := fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent(src)
	return tf
}

// mustCheck returns the source packages to check: each requested one
// whose results are not cached, and every test variant a package to check
// imports (it needs the variant's types and facts).
func mustCheck(g *graph, hits map[string]*Package) map[string]bool {
	must := map[string]bool{}
	for _, p := range slices.Backward(g.source) { // dependents first
		if g.isRoot[p.ImportPath] && hits[p.ImportPath] == nil {
			must[p.ImportPath] = true
		}
		if !must[p.ImportPath] {
			continue
		}
		for _, id := range p.Imports {
			if isTestVariant(id) {
				must[id] = true
			}
		}
	}
	return must
}
