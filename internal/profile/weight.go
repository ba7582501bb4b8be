package profile

import (
	"fmt"
	"strings"
)

// Weight is what a profile charges to a line, a function or a package, or
// what the whole profile holds (its total). Heap profiles fill Bytes and
// Objects (alloc_space, alloc_objects), CPU profiles fill Samples; a
// profile set holding both kinds fills all three.
type Weight struct {
	Bytes   int64 // bytes allocated (alloc_space)
	Objects int64 // objects allocated (alloc_objects)
	Samples int64 // CPU samples
}

// IsZero reports whether the profile charged nothing.
func (w Weight) IsZero() bool { return w == Weight{} }

func (w *Weight) add(v Weight) {
	w.Bytes += v.Bytes
	w.Objects += v.Objects
	w.Samples += v.Samples
}

// Share is w's share of total, between 0 and 1: the larger of its share of
// the allocated bytes and its share of the CPU samples, so that findings
// can be ordered by one number whatever the profiles' kinds. A kind whose
// total is zero counts as no share.
func (w Weight) Share(total Weight) float64 {
	return max(ratio(w.Bytes, total.Bytes), ratio(w.Samples, total.Samples))
}

func ratio(n, total int64) float64 {
	if total <= 0 || n <= 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// Describe says w for a diagnostic's message, against the profile's total:
// "1.2 GB in 3.4M allocations, 31% of the profile's allocation" for heap
// weight, "8% of CPU samples" for CPU weight, both joined by "; " when w has
// both. Bytes use pprof's units (B, kB, MB, GB, TB; 1 kB = 1024 B) so that
// they read the same as `go tool pprof`; counts use k, M, G (powers of
// 1000). The result is "" when w is zero.
func (w Weight) Describe(total Weight) string {
	var parts []string
	if w.Bytes > 0 || w.Objects > 0 {
		s := fmt.Sprintf("%s in %s", bytesString(w.Bytes), countString(w.Objects, "allocation"))
		if total.Bytes > 0 {
			s += ", " + percent(ratio(w.Bytes, total.Bytes)) + " of the profile's allocation"
		}
		parts = append(parts, s)
	}
	if w.Samples > 0 {
		if total.Samples > 0 {
			parts = append(parts, percent(ratio(w.Samples, total.Samples))+" of CPU samples")
		} else {
			parts = append(parts, countString(w.Samples, "CPU sample"))
		}
	}
	return strings.Join(parts, "; ")
}

// percent formats a share: whole percents from 1% up, one decimal below,
// and "<0.1%" for what would round to zero.
func percent(r float64) string {
	p := 100 * r
	switch {
	case p >= 0.95:
		return fmt.Sprintf("%.0f%%", p)
	case p >= 0.05:
		return fmt.Sprintf("%.1f%%", p)
	default:
		return "<0.1%"
	}
}

// bytesString formats n bytes with two significant digits at most, in
// pprof's binary units.
func bytesString(n int64) string {
	return scaled(n, 1024, []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}, " ")
}

// countString formats n things with two significant digits at most:
// "1 allocation", "12 allocations", "3.4k allocations", "3.4M allocations".
func countString(n int64, noun string) string {
	s := scaled(n, 1000, []string{"", "k", "M", "G", "T", "P", "E"}, "")
	if n != 1 {
		noun += "s"
	}
	return s + " " + noun
}

// scaled writes n in the largest unit that keeps it at least 1, with one
// decimal under 10 ("1.2 GB", "12 GB", "512 B"). The decimal is cut, not
// rounded, so that a value never reads as reaching the next unit.
func scaled(n, base int64, units []string, sep string) string {
	if n < base {
		return fmt.Sprintf("%d%s%s", n, sep, units[0])
	}
	u, div := 0, int64(1)
	for u+1 < len(units) && n/div >= base {
		div *= base
		u++
	}
	whole := n / div
	if whole >= 10 {
		return fmt.Sprintf("%d%s%s", whole, sep, units[u])
	}
	tenths := (n % div) * 10 / div
	return fmt.Sprintf("%d.%d%s%s", whole, tenths, sep, units[u])
}
