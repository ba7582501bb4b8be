// Command bench measures heaplint's cost on real code, the standard library
// by default, against the floor of loading, type-checking and building SSA
// through the same driver, and against go vet's default checks.
//
//	go run ./bench [-pkgs std] [-runs 3] [-inprocess] [-engine]
//
// Each run executes every configuration once, in turn, with a run of the
// floor before and after each cold one, and each ratio divides by the floor
// interpolated to the middle of the measurement: a shared VM's speed drifts
// by tens of percent within minutes, and tight bracketing cancels most of
// it. The report gives medians
// of wall time, CPU time (user+system, children included) and peak RSS (of
// the largest process), and medians of the per-run ratios. Cold runs bust go
// vet's result cache with a flag value unique to the run (the compile cache
// stays warm, as on a developer's machine); warm runs repeat a run
// unchanged.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// closingRun offsets the run number of each floor measurement after the
// first, so that each has a cache-busting flag of its own.
const closingRun = 1_000_000

type sample struct {
	wall, cpu time.Duration
	rssMB     float64
	mid       time.Time // the middle of the measurement
}

type config struct {
	name string
	args func(run int) []string // the command for run number run
	warm bool                   // repeat the previous run's arguments
}

func main() {
	pkgs := flag.String("pkgs", "std", "space-separated package patterns to analyze")
	runs := flag.Int("runs", 3, "number of alternating runs")
	inprocess := flag.Bool("inprocess", false, "also measure the in-process multichecker engine (several GB on std)")
	withEngine := flag.Bool("engine", false, "also measure internal/engine (the language server's) as a command-line engine, with an empty facts cache")
	flag.Parse()
	log.SetFlags(0)

	dir, err := os.MkdirTemp("", "heaplint-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	heaplint, floor, engine := filepath.Join(dir, "heaplint"), filepath.Join(dir, "floor"), filepath.Join(dir, "engine")
	build(heaplint, "./cmd/heaplint")
	build(floor, "./bench/floor")
	if *withEngine {
		build(engine, "./bench/engine")
	}
	configFile := func(kind string, run int) string {
		name := filepath.Join(dir, fmt.Sprintf("%s-%d.yml", kind, run))
		body := map[string]string{"default": "{}\n", "all": "default: all\n"}[kind]
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			log.Fatal(err)
		}
		return name
	}
	// heaplintFor returns a heaplint binary of run r's own: go vet keys its
	// result cache by the tool's build ID (and by the settings, which are
	// the same in every run), so only another build makes a cold run cold.
	// The link flag changes the build ID and nothing else.
	heaplintFor := func(r int) string {
		name := fmt.Sprintf("%s-%d", heaplint, r)
		if _, err := os.Stat(name); err != nil {
			build(name, "./cmd/heaplint", fmt.Sprintf("-ldflags=-X=main.benchRun=%d", r))
		}
		return name
	}
	patterns := strings.Fields(*pkgs)
	with := func(args ...string) []string { return append(args, patterns...) }

	configs := []config{
		{name: "floor (go vet -vettool, SSA only)", args: func(r int) []string {
			return with("go", "vet", "-vettool="+floor, fmt.Sprintf("-nonce=%d-%d", os.Getpid(), r))
		}},
		{name: "heaplint, default checks", args: func(r int) []string {
			return with(heaplintFor(r), "-config", configFile("default", r))
		}},
		{name: "heaplint, every check", args: func(r int) []string {
			return with(heaplintFor(closingRun+r), "-config", configFile("all", r))
		}},
		{name: "go vet, default checks", args: func(r int) []string {
			return with("go", "vet", fmt.Sprintf("-printf.funcs=nonce%d_%d", os.Getpid(), r))
		}},
		{name: "warm re-run: heaplint, default checks", warm: true, args: func(r int) []string {
			return with(heaplintFor(2*closingRun+r), "-config", configFile("default", r))
		}},
		{name: "warm re-run: go vet, default checks", warm: true, args: func(r int) []string {
			return with("go", "vet", fmt.Sprintf("-printf.funcs=nonce%d_%d", os.Getpid(), r))
		}},
	}
	if sc, err := exec.LookPath("staticcheck"); err == nil {
		// The memory yardstick: staticcheck holds one package's graph at a
		// time, like the go command's vet engine.
		// A fresh result cache per run: staticcheck caches its findings.
		configs = append(configs, config{name: "staticcheck -checks=all", args: func(r int) []string {
			return with("env", "STATICCHECK_CACHE="+filepath.Join(dir, fmt.Sprintf("sc-%d", r)), sc, "-checks=all")
		}})
	} else {
		fmt.Fprintln(os.Stderr, "staticcheck not on PATH: not measured (go install honnef.co/go/tools/cmd/staticcheck@latest)")
	}
	if *withEngine {
		// Cold as the others: a facts cache of its own per run (the go
		// command's build cache, with the export data, stays warm).
		configs = append(configs, config{name: "internal/engine, every check", args: func(r int) []string {
			return with(engine, "-config", configFile("all", r), "-cache", filepath.Join(dir, fmt.Sprintf("facts-%d", r)))
		}})
	}
	if *inprocess {
		configs = append(configs,
			config{name: "floor, in-process multichecker", args: func(int) []string { return with(floor) }},
			config{name: "heaplint -engine=inprocess, every check", args: func(r int) []string {
				return with(heaplint, "-engine=inprocess", "-config", configFile("all", r))
			}})
	}

	results := make([][]sample, len(configs))
	brackets := make([][][2]sample, len(configs)) // per configuration and run: the floor runs around it
	floorRuns := 0
	measureFloor := func(r int) sample {
		floorRuns++
		s := measure(configs[0].args(floorRuns*closingRun + r)) // a nonce of its own: cold
		results[0] = append(results[0], s)
		fmt.Fprintf(os.Stderr, "run %d  %-45s %8.1fs wall %8.1fs cpu %7.0f MB\n", r+1, configs[0].name, s.wall.Seconds(), s.cpu.Seconds(), s.rssMB)
		return s
	}
	for r := range *runs {
		before := measureFloor(r)
		for i, c := range configs[1:] {
			i++
			args := c.args(r)
			if c.warm {
				measure(args) // make sure the cache holds this run's results
			}
			s := measure(args)
			results[i] = append(results[i], s)
			fmt.Fprintf(os.Stderr, "run %d  %-45s %8.1fs wall %8.1fs cpu %7.0f MB\n", r+1, c.name, s.wall.Seconds(), s.cpu.Seconds(), s.rssMB)
			if c.warm {
				// Short, and compared with each other: the last
				// floor run stands for both ends.
				brackets[i] = append(brackets[i], [2]sample{before, before})
				continue
			}
			after := measureFloor(r)
			brackets[i] = append(brackets[i], [2]sample{before, after})
			before = after
		}
	}
	report(configs, results, brackets, *pkgs, *runs)
}

func build(out, pkg string, flags ...string) {
	cmd := exec.Command("go", append(append([]string{"build", "-o", out}, flags...), pkg)...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("building %s: %v", pkg, err)
	}
}

// measure runs args and returns its wall time, CPU time and peak RSS. The
// rusage wait4 reports for a child covers the descendants it waited for, so
// go vet's tool processes are included; RSS is that of the largest one.
func measure(args []string) sample {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = nil, nil // findings are not the point here
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	mid := start.Add(wall / 2)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		log.Fatalf("%q: %v", args, err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return sample{wall: wall, cpu: cpu, rssMB: float64(ru.Maxrss) / 1024, mid: mid}
}

func median[T int64 | float64](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// floorAt is the floor's sample interpolated to time t, between the floor
// measurements just before and just after a configuration's.
func floorAt(b [2]sample, t time.Time) sample {
	span := b[1].mid.Sub(b[0].mid)
	if span <= 0 {
		return b[0]
	}
	f := float64(t.Sub(b[0].mid)) / float64(span)
	f = min(max(f, 0), 1)
	lerp := func(a, b time.Duration) time.Duration { return a + time.Duration(f*float64(b-a)) }
	return sample{wall: lerp(b[0].wall, b[1].wall), cpu: lerp(b[0].cpu, b[1].cpu)}
}

// report prints, per configuration, the medians of wall time, CPU time and
// peak RSS, and the medians of the per-run ratios to the floor interpolated
// to the configuration's measurement (see floorAt), which cancel the
// machine's drift within a run as medians of absolute times cannot. Warm
// re-runs are also compared with each other.
func report(configs []config, results [][]sample, brackets [][][2]sample, pkgs string, runs int) {
	fmt.Printf("heaplint benchmark: %s, %d runs, medians (%d CPUs)\n\n", pkgs, runs, numCPU())
	fmt.Printf("| configuration | wall | CPU | peak RSS | wall / floor | CPU / floor |\n|---|---|---|---|---|---|\n")
	for i, c := range configs {
		var walls, cpus []int64
		var rss, wallRatios, cpuRatios []float64
		for r, s := range results[i] {
			walls = append(walls, int64(s.wall))
			cpus = append(cpus, int64(s.cpu))
			rss = append(rss, s.rssMB)
			if i == 0 {
				continue
			}
			f := floorAt(brackets[i][r], s.mid)
			wallRatios = append(wallRatios, float64(s.wall)/float64(f.wall))
			cpuRatios = append(cpuRatios, float64(s.cpu)/float64(f.cpu))
		}
		if i == 0 {
			wallRatios, cpuRatios = []float64{1}, []float64{1}
		}
		fmt.Printf("| %s | %.1fs | %.1fs | %.0f MB | %.2f× | %.2f× |\n", c.name,
			time.Duration(median(walls)).Seconds(), time.Duration(median(cpus)).Seconds(), median(rss),
			median(wallRatios), median(cpuRatios))
	}
	// The target for re-runs: heaplint's warm re-run against go vet's,
	// the two warm configurations, in that order.
	var warm []int
	for i, c := range configs {
		if c.warm {
			warm = append(warm, i)
		}
	}
	if len(warm) == 2 {
		h, v := warm[0], warm[1]
		var ratios []float64
		for r := range results[h] {
			ratios = append(ratios, float64(results[h][r].wall)/float64(results[v][r].wall))
		}
		fmt.Printf("\n%s / %s, wall: %.2f× (median of the per-run ratios)\n", configs[h].name, configs[v].name, median(ratios))
	}
}

func numCPU() int {
	out, err := exec.Command("nproc").Output()
	if err != nil {
		return 0
	}
	var n int
	fmt.Sscan(string(out), &n)
	return n
}
