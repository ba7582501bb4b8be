package report

import (
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/heaplint/heaplint/internal/hotness"
	"github.com/heaplint/heaplint/internal/profile"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Weights is a profile as the report path reads it: what the profile
// charged each package's code. The zero Scope has none: no profile.
type Weights interface {
	// Digest returns the digest of pass's package; nil when the profile
	// never reaches it.
	Digest(pass *analysis.Pass) *profile.Digest
}

// ProfileWeights reads a profile in this process, cutting each package's
// digest out of s when it is first asked for: the form for the
// golangci-lint plugin, the language server and the in-process engine,
// which read the profile once for every package. Safe for concurrent use.
func ProfileWeights(s *profile.Set) Weights { return setWeights{set: s} }

type setWeights struct{ set *profile.Set }

func (w setWeights) Digest(pass *analysis.Pass) *profile.Digest {
	return w.set.Digest(profile.PackageOf(pass.Pkg, pass.Fset, pass.Files))
}

// DigestWeights is the digest of the one package a go vet process
// analyzes (nil: the profile never reaches it), which the driver read from
// the digests it wrote once for all packages (profile.Set.WriteDir).
func DigestWeights(d *profile.Digest) Weights { return digestWeights{d} }

type digestWeights struct{ d *profile.Digest }

func (w digestWeights) Digest(pass *analysis.Pass) *profile.Digest {
	if w.d == nil || w.d.Path() != pass.Pkg.Path() {
		return nil
	}
	return w.d
}

// weight is what the profile charged a finding: for heap profiles, the
// allocations charged to its line and to the lines of f.Weigh (each line
// once); for CPU profiles, the most samples of any line of its block. seen
// reports whether the profile reaches the finding at all: a heap sample on
// its lines, or a CPU sample in its function.
func weight(pass *analysis.Pass, d *profile.Digest, f Finding) (w profile.Weight, seen bool) {
	if d == nil || f.Block == nil {
		return w, false
	}
	fn := f.Block.Parent()
	fw := d.Func(fn)
	var lines []int
	for _, p := range f.lines() {
		if p.IsValid() {
			lines = append(lines, pass.Fset.Position(p).Line)
		}
	}
	slices.Sort(lines)
	for _, line := range slices.Compact(lines) {
		lw := funcAt(d, fn, pass.Fset, line, fw)
		w.Bytes += lw.Bytes
		w.Objects += lw.Objects
	}
	for _, instr := range f.Block.Instrs {
		if p := instr.Pos(); p.IsValid() {
			w.Samples = max(w.Samples, fw.At(pass.Fset.Position(p).Line).Samples)
		}
	}
	return w, w.Bytes > 0 || fw.Total().Samples > 0
}

// funcAt is what the profile charged line, a line of fn or of a function
// literal nested in it (a Weigh position may be in either).
func funcAt(d *profile.Digest, fn *ssa.Function, fset *token.FileSet, line int, fw profile.FuncWeight) profile.Weight {
	for _, anon := range fn.AnonFuncs {
		if syn := anon.Syntax(); syn != nil && fset.Position(syn.Pos()).Line <= line && line <= fset.Position(syn.End()).Line {
			return funcAt(d, anon, fset, line, d.Func(anon))
		}
	}
	return fw.At(line)
}

// category is a diagnostic's Category: the heat, and with a profile the
// finding's share of it, "hot/0.3121" (see ParseCategory).
func category(h hotness.Heat, share float64, weighted bool) string {
	if !weighted {
		return h.String()
	}
	return h.String() + "/" + strconv.FormatFloat(share, 'g', 6, 64)
}

// ParseCategory reads a heaplint diagnostic's Category: its heat ("hot",
// "warm" or "cold") and, when a profile weighed it, its share of the
// profile (between 0 and 1), by which drivers order findings.
func ParseCategory(cat string) (heat string, share float64, weighted bool) {
	heat, rest, weighted := strings.Cut(cat, "/")
	if !weighted {
		return heat, 0, false
	}
	share, err := strconv.ParseFloat(rest, 64)
	return heat, share, err == nil
}
