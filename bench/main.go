// Command bench measures heaplint's cost on real code, the standard library
// by default, against the floor of loading, type-checking and building SSA
// through the same driver, and against go vet's default checks.
//
//	go run ./bench [-pkgs std] [-runs 3] [-only all,export] [-inprocess]
//
// It measures heaplint's engines alike: -engine=vet (go vet's, one process
// per package) and -engine=export (one process, dependencies from the go
// command's export data), each cold run of the export engine with an
// empty heaplint cache of its own.
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
	rssMB     float64   // the largest process's peak
	treeMB    float64   // the most the process and its children held at once (sampled)
	mid       time.Time // the middle of the measurement
}

type config struct {
	key  string // for -only
	name string
	args func(run int) []string // the command for run number run
	warm bool                   // repeat the previous run's arguments
}

func main() {
	pkgs := flag.String("pkgs", "std", "space-separated package patterns to analyze")
	runs := flag.Int("runs", 3, "number of alternating runs")
	inprocess := flag.Bool("inprocess", false, "also measure the in-process multichecker engine (several GB on std)")
	only := flag.String("only", "", "comma-separated `keys` of the configurations to measure besides the floor (default: all but inprocess): "+
		"default, all, govet, warm, govet-warm, staticcheck, export-floor, export, export-default, export-warm, vet, inprocess")
	flag.Parse()
	log.SetFlags(0)

	dir, err := os.MkdirTemp("", "heaplint-bench")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	heaplint, floor := filepath.Join(dir, "heaplint"), filepath.Join(dir, "floor")
	build(heaplint, "./cmd/heaplint")
	build(floor, "./bench/floor")
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
	// exportCache is a heaplint cache of its own for the export engine's
	// run r (named by kind): empty, so that the run is cold (the go
	// command's build cache, with the export data, stays warm, as for go
	// vet).
	exportCache := func(kind string, r int) string {
		return "HEAPLINT_CACHE=" + filepath.Join(dir, fmt.Sprintf("cache-%s-%d", kind, r))
	}
	patterns := strings.Fields(*pkgs)
	with := func(args ...string) []string { return append(args, patterns...) }

	configs := []config{
		{key: "floor", name: "floor (go vet -vettool, SSA only)", args: func(r int) []string {
			return with("go", "vet", "-vettool="+floor, fmt.Sprintf("-nonce=%d-%d", os.Getpid(), r))
		}},
		{key: "default", name: "heaplint -engine=vet, default checks", args: func(r int) []string {
			return with(heaplintFor(r), "-engine=vet", "-config", configFile("default", r))
		}},
		{key: "all", name: "heaplint -engine=vet, every check", args: func(r int) []string {
			return with(heaplintFor(closingRun+r), "-engine=vet", "-config", configFile("all", r))
		}},
		{key: "export-floor", name: "floor, -engine=export (SSA only)", args: func(r int) []string {
			return with("env", exportCache("floor", r), floor, "-export")
		}},
		{key: "export-default", name: "heaplint -engine=export, default checks", args: func(r int) []string {
			return with("env", exportCache("default", r), heaplint, "-engine=export", "-config", configFile("default", r))
		}},
		{key: "export", name: "heaplint -engine=export, every check", args: func(r int) []string {
			return with("env", exportCache("all", r), heaplint, "-engine=export", "-config", configFile("all", r))
		}},
		{key: "govet", name: "go vet, default checks", args: func(r int) []string {
			return with("go", "vet", fmt.Sprintf("-printf.funcs=nonce%d_%d", os.Getpid(), r))
		}},
		{key: "warm", name: "warm re-run: heaplint -engine=vet, default checks", warm: true, args: func(r int) []string {
			return with(heaplintFor(2*closingRun+r), "-engine=vet", "-config", configFile("default", r))
		}},
		{key: "export-warm", name: "warm re-run: heaplint -engine=export, default checks", warm: true, args: func(r int) []string {
			return with("env", exportCache("warm", r), heaplint, "-engine=export", "-config", configFile("default", r))
		}},
		{key: "govet-warm", name: "warm re-run: go vet, default checks", warm: true, args: func(r int) []string {
			return with("go", "vet", fmt.Sprintf("-printf.funcs=nonce%d_%d", os.Getpid(), r))
		}},
	}
	if sc, err := exec.LookPath("staticcheck"); err == nil {
		// The memory yardstick: staticcheck holds one package's graph at a
		// time, like the go command's vet engine.
		// A fresh result cache per run: staticcheck caches its findings.
		configs = append(configs, config{key: "staticcheck", name: "staticcheck -checks=all", args: func(r int) []string {
			return with("env", "STATICCHECK_CACHE="+filepath.Join(dir, fmt.Sprintf("sc-%d", r)), sc, "-checks=all")
		}})
	} else {
		fmt.Fprintln(os.Stderr, "staticcheck not on PATH: not measured (go install honnef.co/go/tools/cmd/staticcheck@latest)")
	}
	if *inprocess {
		configs = append(configs,
			config{key: "inprocess", name: "floor, in-process multichecker", args: func(int) []string { return with(floor) }},
			config{key: "inprocess", name: "heaplint -engine=inprocess, every check", args: func(r int) []string {
				return with(heaplint, "-engine=inprocess", "-config", configFile("all", r))
			}})
	}
	configs = selected(configs, *only)
	results := make([][]sample, len(configs))
	brackets := make([][][2]sample, len(configs)) // per configuration and run: the floor runs around it
	floorRuns := 0
	measureFloor := func(r int) sample {
		floorRuns++
		s := measure(configs[0].args(floorRuns*closingRun + r)) // a nonce of its own: cold
		results[0] = append(results[0], s)
		fmt.Fprintf(os.Stderr, "run %d  %-55s %8.1fs wall %8.1fs cpu %7.0f MB %7.0f MB all\n", r+1, configs[0].name, s.wall.Seconds(), s.cpu.Seconds(), s.rssMB, s.treeMB)
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
			fmt.Fprintf(os.Stderr, "run %d  %-55s %8.1fs wall %8.1fs cpu %7.0f MB %7.0f MB all\n", r+1, c.name, s.wall.Seconds(), s.cpu.Seconds(), s.rssMB, s.treeMB)
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

// selected keeps the floor and the configurations whose keys only lists
// (all when only is empty; "vet" selects every -engine=vet one).
func selected(configs []config, only string) []config {
	if only == "" {
		return configs
	}
	keys := map[string]bool{"floor": true}
	for k := range strings.SplitSeq(only, ",") {
		keys[strings.TrimSpace(k)] = true
	}
	var out []config
	for _, c := range configs {
		if keys[c.key] || keys["vet"] && strings.Contains(c.name, "-engine=vet") {
			out = append(out, c)
		}
	}
	return out
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
	if err := cmd.Start(); err != nil {
		log.Fatalf("%q: %v", args, err)
	}
	stop := make(chan struct{})
	tree := sampleTreeRSS(cmd.Process.Pid, 100*time.Millisecond, stop)
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	mid := start.Add(wall / 2)
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		log.Fatalf("%q: %v", args, err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return sample{wall: wall, cpu: cpu, rssMB: float64(ru.Maxrss) / 1024, treeMB: <-tree, mid: mid}
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
	fmt.Printf("| configuration | wall | CPU | peak RSS, largest process | peak RSS, all processes | wall / floor | CPU / floor | wall / floor, per run |\n|---|---|---|---|---|---|---|---|\n")
	for i, c := range configs {
		var walls, cpus []int64
		var rss, tree, wallRatios, cpuRatios []float64
		for r, s := range results[i] {
			walls = append(walls, int64(s.wall))
			cpus = append(cpus, int64(s.cpu))
			rss = append(rss, s.rssMB)
			tree = append(tree, s.treeMB)
			if i == 0 {
				continue
			}
			f := floorAt(brackets[i][r], s.mid)
			wallRatios = append(wallRatios, float64(s.wall)/float64(f.wall))
			cpuRatios = append(cpuRatios, float64(s.cpu)/float64(f.cpu))
		}
		perRun := ""
		if i == 0 {
			wallRatios, cpuRatios = []float64{1}, []float64{1}
		} else {
			perRun = ratios(wallRatios)
		}
		fmt.Printf("| %s | %.1fs | %.1fs | %.0f MB | %.0f MB | %.2f× | %.2f× | %s |\n", c.name,
			time.Duration(median(walls)).Seconds(), time.Duration(median(cpus)).Seconds(), median(rss), median(tree),
			median(wallRatios), median(cpuRatios), perRun)
	}
	// The export engine's every check against its own floor, run by run:
	// the suite's cost in that engine.
	if floor, export := indexOf(configs, "export-floor"), indexOf(configs, "export"); floor >= 0 && export >= 0 {
		var wall, cpu []float64
		for r := range results[floor] {
			f, e := results[floor][r], results[export][r]
			wall = append(wall, float64(e.wall)/float64(f.wall))
			cpu = append(cpu, float64(e.cpu)/float64(f.cpu))
		}
		fmt.Printf("\n%s / %s, per run: wall %s; CPU %s\n", configs[export].name, configs[floor].name, ratios(wall), ratios(cpu))
	}
	// The engines against each other, run by run: both measure every
	// check, one after the other.
	if vet, export := indexOf(configs, "all"), indexOf(configs, "export"); vet >= 0 && export >= 0 {
		var wall, rss, tree []float64
		for r := range results[vet] {
			v, e := results[vet][r], results[export][r]
			wall = append(wall, float64(e.wall)/float64(v.wall))
			rss = append(rss, e.rssMB/v.rssMB)
			tree = append(tree, e.treeMB/v.treeMB)
		}
		fmt.Printf("\n%s / %s, per run: wall %s; peak RSS, largest process %s; all processes %s\n",
			configs[export].name, configs[vet].name, ratios(wall), ratios(rss), ratios(tree))
	}
	// The target for re-runs: each of heaplint's warm re-runs against go
	// vet's, the last warm configuration.
	var warm []int
	for i, c := range configs {
		if c.warm {
			warm = append(warm, i)
		}
	}
	if len(warm) >= 2 && configs[warm[len(warm)-1]].key == "govet-warm" {
		v := warm[len(warm)-1]
		for _, h := range warm[:len(warm)-1] {
			var ratios []float64
			for r := range results[h] {
				ratios = append(ratios, float64(results[h][r].wall)/float64(results[v][r].wall))
			}
			fmt.Printf("\n%s / %s, wall: %.2f× (median of the per-run ratios)", configs[h].name, configs[v].name, median(ratios))
		}
		fmt.Println()
	}
}

func indexOf(configs []config, key string) int {
	for i, c := range configs {
		if c.key == key {
			return i
		}
	}
	return -1
}

// ratios prints ratios as "0.91, 1.02, 0.97 (median 0.97)".
func ratios(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%s (median %.2f)", strings.Join(parts, ", "), median(xs))
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
