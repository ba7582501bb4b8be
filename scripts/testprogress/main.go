// Command testprogress reads `go test -json` on stdin and prints progress a
// person can follow: a line per package as it finishes (go test's own "ok"
// and "FAIL" lines), a line per top-level test that took a while, the
// output of every failing test, a line naming what still runs when nothing
// finished for a minute, and a closing count. It exits 1 if anything
// failed. scripts/test-all.sh pipes go test through it.
//
//	go test -json ./... | go run ./scripts/testprogress
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// event is one line of go test -json (test2json's TestEvent).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

// slowTest is how long a top-level test runs before its end is printed.
const slowTest = 5 * time.Second

type state struct {
	mu       sync.Mutex
	out      io.Writer
	running  map[string]time.Time // package → start
	output   map[string][]string  // "pkg test" → output lines
	last     time.Time            // last line printed
	passed   int
	failed   int
	skipped  int
	failures []string
}

func main() {
	s := &state{out: os.Stdout, running: map[string]time.Time{}, output: map[string][]string{}, last: time.Now()}
	done := make(chan struct{})
	go s.heartbeat(done, time.Minute)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Action == "" {
			s.print(sc.Text()) // build errors and other plain lines
			continue
		}
		s.handle(e)
	}
	close(done)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.failures {
		fmt.Fprintf(s.out, "--- FAIL: %s\n", f)
	}
	fmt.Fprintf(s.out, "%d passed, %d failed, %d skipped\n", s.passed, s.failed, s.skipped)
	if s.failed > 0 {
		os.Exit(1)
	}
}

func (s *state) print(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(s.out, format+"\n", args...)
	s.last = time.Now()
}

func (s *state) handle(e event) {
	key := e.Package + " " + e.Test
	switch e.Action {
	case "start":
		s.mu.Lock()
		s.running[e.Package] = time.Now()
		s.mu.Unlock()
	case "output":
		if e.Test != "" {
			s.mu.Lock()
			s.output[key] = append(s.output[key], e.Output)
			s.mu.Unlock()
		} else if strings.Contains(e.Output, "panic:") || strings.HasPrefix(e.Output, "FAIL") && !strings.HasPrefix(e.Output, "FAIL\t") {
			s.print("%s", strings.TrimRight(e.Output, "\n"))
		}
	case "build-output":
		s.print("%s", strings.TrimRight(e.Output, "\n"))
	case "pass", "fail", "skip":
		if e.Test == "" {
			s.finishPackage(e)
			return
		}
		s.finishTest(e, key)
	}
}

func (s *state) finishPackage(e event) {
	s.mu.Lock()
	delete(s.running, e.Package)
	s.mu.Unlock()
	switch e.Action {
	case "pass":
		s.print("ok  \t%s\t%.1fs", e.Package, e.Elapsed)
	case "skip":
		s.print("?   \t%s\t[no test files]", e.Package)
	default:
		s.print("FAIL\t%s\t%.1fs", e.Package, e.Elapsed)
		s.mu.Lock()
		if len(s.failures) == 0 || !strings.HasPrefix(s.failures[len(s.failures)-1], e.Package+" ") {
			s.failed++ // a package that failed without a failing test: a build error or a crash
			s.failures = append(s.failures, e.Package+" (the package)")
		}
		s.mu.Unlock()
	}
}

func (s *state) finishTest(e event, key string) {
	s.mu.Lock()
	lines := s.output[key]
	delete(s.output, key)
	top := !strings.Contains(e.Test, "/")
	switch e.Action {
	case "pass":
		if top {
			s.passed++
		}
	case "skip":
		if top {
			s.skipped++
		}
	case "fail":
		if top {
			s.failed++
			s.failures = append(s.failures, e.Package+" "+e.Test)
		}
	}
	s.mu.Unlock()
	switch {
	case e.Action == "fail":
		s.print("%s", strings.TrimRight(strings.Join(lines, ""), "\n"))
	case top && time.Duration(e.Elapsed*float64(time.Second)) >= slowTest:
		s.print("    %s %s.%s (%.1fs)", e.Action, shortPkg(e.Package), e.Test, e.Elapsed)
	}
}

// heartbeat names the packages still running whenever nothing was printed
// for a while.
func (s *state) heartbeat(done <-chan struct{}, every time.Duration) {
	t := time.NewTicker(every / 4)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
		}
		s.mu.Lock()
		quiet := time.Since(s.last) >= every
		var names []string
		for pkg, start := range s.running {
			names = append(names, fmt.Sprintf("%s (%s)", shortPkg(pkg), time.Since(start).Round(time.Second)))
		}
		s.mu.Unlock()
		if quiet && len(names) > 0 {
			slices.Sort(names)
			s.print("... still running: %s", strings.Join(names, ", "))
		}
	}
}

func shortPkg(pkg string) string {
	return strings.TrimPrefix(pkg, "github.com/heaplint/heaplint/")
}
