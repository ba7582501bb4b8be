package engine

import (
	"context"
	"fmt"
	"go/types"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// An action is one analyzer run on one unit.
type action struct {
	a    *analysis.Analyzer
	deps []*action
	done chan struct{}

	result any
	err    error
	mu     sync.Mutex // guards diags: a check may report from goroutines of its own
	diags  []analysis.Diagnostic
}

// runAnalyzers runs analyzers and what they require on u, each after
// those it requires, up to parallel at a time, and returns the actions of
// analyzers in their order. Facts go to own and come from view. An
// analyzer that fails (an error or a panic) fails those that require it.
// When u has errors, only analyzers that declare RunDespiteErrors run.
func runAnalyzers(ctx context.Context, u *unit, analyzers []*analysis.Analyzer, own *factSet, view *factView, parallel int) []*action {
	actions := map[*analysis.Analyzer]*action{}
	var order []*action // requirements first
	var plan func(a *analysis.Analyzer) *action
	plan = func(a *analysis.Analyzer) *action {
		if act := actions[a]; act != nil {
			return act
		}
		act := &action{a: a, done: make(chan struct{})}
		actions[a] = act
		for _, req := range a.Requires {
			act.deps = append(act.deps, plan(req))
		}
		order = append(order, act)
		return act
	}
	roots := make([]*action, len(analyzers))
	for i, a := range analyzers {
		roots[i] = plan(a)
	}
	sem := make(chan struct{}, max(parallel, 1))
	var wg sync.WaitGroup
	for _, act := range order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(act.done)
			for _, d := range act.deps {
				<-d.done
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			act.run(ctx, u, own, view)
		}()
	}
	wg.Wait()
	return roots
}

func (act *action) run(ctx context.Context, u *unit, own *factSet, view *factView) {
	if err := ctx.Err(); err != nil {
		act.err = err
		return
	}
	// In go vet's words (unitchecker), which heaplint's command line
	// prints alike whatever its engine.
	var failed []string
	for _, d := range act.deps {
		if d.err != nil {
			failed = append(failed, d.a.Name)
		}
	}
	if failed != nil {
		slices.Sort(failed)
		act.err = fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
		return
	}
	if len(u.errors) > 0 && !act.a.RunDespiteErrors {
		act.err = fmt.Errorf("%s skipped: package %s has errors", act.a.Name, u.lp.ImportPath)
		return
	}
	resultOf := make(map[*analysis.Analyzer]any, len(act.deps))
	for _, d := range act.deps {
		resultOf[d.a] = d.result
	}
	factTypes := map[reflect.Type]bool{}
	for _, f := range act.a.FactTypes {
		factTypes[reflect.TypeOf(f)] = true
	}
	v := &factView{own: own, src: view.src, deps: view.deps} // an objectpath encoder of its own
	pass := &analysis.Pass{
		Analyzer:     act.a,
		Fset:         u.fset,
		Files:        u.files,
		OtherFiles:   u.lp.OtherFiles,
		IgnoredFiles: u.lp.IgnoredGoFiles,
		Pkg:          u.pkg,
		TypesInfo:    u.info,
		TypesSizes:   u.sizes,
		TypeErrors:   u.typeErrors,
		Module:       u.module,
		ResultOf:     resultOf,
		ReadFile:     u.readFile,
	}
	pass.Report = func(d analysis.Diagnostic) {
		act.mu.Lock()
		defer act.mu.Unlock()
		act.diags = append(act.diags, d)
	}
	pass.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
		return v.importObject(pass, obj, fact)
	}
	pass.ImportPackageFact = func(pkg *types.Package, fact analysis.Fact) bool {
		return v.importPackage(pass, pkg, fact)
	}
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		if obj == nil || obj.Pkg() != u.pkg {
			panic(fmt.Sprintf("%s: fact about %v, which is not of package %s", act.a.Name, obj, u.pkg.Path()))
		}
		if !factTypes[reflect.TypeOf(fact)] {
			panic(fmt.Sprintf("%s: fact of undeclared type %T", act.a.Name, fact))
		}
		own.setObject(obj, fact)
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		if !factTypes[reflect.TypeOf(fact)] {
			panic(fmt.Sprintf("%s: fact of undeclared type %T", act.a.Name, fact))
		}
		own.setPkg(u.pkg, fact)
	}
	pass.AllObjectFacts = func() []analysis.ObjectFact { return v.allObjectFacts(pass, factTypes) }
	pass.AllPackageFacts = func() []analysis.PackageFact { return v.allPackageFacts(pass, factTypes) }

	defer func() {
		if r := recover(); r != nil {
			act.result = nil
			act.err = fmt.Errorf("panic in %s on package %s: %v\n%s", act.a.Name, u.lp.ImportPath, r, debug.Stack())
		}
	}()
	act.result, act.err = act.a.Run(pass)
	if act.err == nil && act.a.ResultType != nil && reflect.TypeOf(act.result) != act.a.ResultType {
		act.err = fmt.Errorf("%s returned a %T, not its declared %v", act.a.Name, act.result, act.a.ResultType)
	}
}
