package findings

import "fmt"

// weight is the share of the profile that the findings' lines carry: each
// finding's share, counting a line that several findings share once.
func (r *Result) weight() float64 {
	type line struct {
		file string
		line int
	}
	seen := map[line]bool{}
	total := 0.0
	for _, f := range r.Findings {
		k := line{f.Pos.File, f.Pos.Line}
		if share := f.Share(); share > 0 && !seen[k] {
			seen[k] = true
			total += share
		}
	}
	return min(total, 1)
}

// percent formats a share as the findings' messages do: whole percents from
// 1% up, one decimal below, "<0.1%" for what would round to zero.
func percent(r float64) string {
	p := 100 * r
	switch {
	case p >= 0.95:
		return fmt.Sprintf("%.0f%%", p)
	case p >= 0.05:
		return fmt.Sprintf("%.1f%%", p)
	}
	return "<0.1%"
}
