package server

import (
	"fmt"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
)

// isolate returns a copy of the analyzer graph rooted at roots in which every
// Run recovers from a panic and turns it into an error, as gopls does: the
// checker runs actions on their own goroutines, where a panicking check (or
// a fix that fails the checker's validation) would otherwise kill the server.
//
// The given analyzers are not modified. Each copy calls the original's Run
// with a Pass that names the original analyzer and keys ResultOf by the
// originals, so a check sees exactly what it would see unwrapped.
func isolate(roots []*analysis.Analyzer) []*analysis.Analyzer {
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	var wrap func(a *analysis.Analyzer) *analysis.Analyzer
	wrap = func(a *analysis.Analyzer) *analysis.Analyzer {
		if c, ok := copies[a]; ok {
			return c
		}
		c := &analysis.Analyzer{
			Name:             a.Name,
			Doc:              a.Doc,
			URL:              a.URL,
			RunDespiteErrors: a.RunDespiteErrors,
			ResultType:       a.ResultType,
			FactTypes:        a.FactTypes,
		}
		copies[a] = c
		orig := make(map[*analysis.Analyzer]*analysis.Analyzer, len(a.Requires)) // copy → original
		for _, req := range a.Requires {
			rc := wrap(req)
			c.Requires = append(c.Requires, rc)
			orig[rc] = req
		}
		c.Run = func(pass *analysis.Pass) (result any, err error) {
			defer func() {
				if r := recover(); r != nil {
					result, err = nil, fmt.Errorf("panic in %s on package %s: %v\n%s", a.Name, pass.Pkg.Path(), r, debug.Stack())
				}
			}()
			p := *pass
			p.Analyzer = a
			p.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
			for k, v := range pass.ResultOf {
				p.ResultOf[orig[k]] = v
			}
			return a.Run(&p)
		}
		return c
	}
	out := make([]*analysis.Analyzer, len(roots))
	for i, a := range roots {
		out[i] = wrap(a)
	}
	return out
}
