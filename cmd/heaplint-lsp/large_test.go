package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/lsptest"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
)

// The large-module test measures what a new user meets: heaplint-lsp
// started by an editor on the main package of a large web framework
// (github.com/gin-gonic/gin, 310 dependencies with the standard library),
// once with an empty heaplint cache (cold) and once more on the same cache
// (a restart). It reports the time from the server's start to the first
// diagnostics of the opened file and the server's peak resident memory.
//
// Its assumptions: the go build cache already holds the dependencies'
// compiled export data (any go build, test or vet of the project puts it
// there; the test makes sure of it before it measures, and says how long
// that took), and the module proxy serves the framework.
const (
	largeModule  = "github.com/gin-gonic/gin"
	largeVersion = "v1.12.0"
	largeFile    = "gin.go"

	// The targets: 3 s cold, 1 s on a restart, 400 MB, on this
	// project's machines (two cores). The test logs the wall times, but
	// holds the server to the CPU time two cores have in them (the
	// server's and its go commands'): on a machine busy with other work
	// (go test ./... runs packages in parallel) wall time says more about
	// the neighbours than about the server. A wall time over wallSlack
	// times the target still fails: the server is stuck.
	coldTarget    = 3 * time.Second
	restartTarget = 1 * time.Second
	cores         = 2
	rssTargetMB   = 400
	wallSlack     = 10
)

// largeModuleDir copies the framework's module from the module cache
// (downloading it through the go command) into a temporary directory, so
// the server sees a writable workspace as an editor would, and fetches its
// dependencies and compiles their export data. It skips the test when the
// module cannot be downloaded.
func largeModuleDir(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("SKIP: -short: the large-module test downloads and compiles a web framework")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	dl := exec.CommandContext(ctx, "go", "mod", "download", "-json", largeModule+"@"+largeVersion)
	dl.Dir = tmp
	dl.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := dl.Output()
	var mod struct{ Dir, Error string }
	if err != nil || json.Unmarshal(out, &mod) != nil || mod.Dir == "" {
		t.Skipf("SKIP: %s@%s cannot be downloaded from the module proxy (%v %s), so the large-module measurement cannot run",
			largeModule, largeVersion, err, mod.Error)
	}
	dir := filepath.Join(tmp, "gin")
	if err := os.CopyFS(dir, os.DirFS(mod.Dir)); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now()
	warm := exec.CommandContext(ctx, "go", "list", "-export", "-compiled", "-deps", "-f", "{{.ImportPath}}", ".")
	warm.Dir = dir
	out, err = warm.CombinedOutput()
	if err != nil {
		t.Skipf("SKIP: the dependencies of %s cannot be fetched or compiled: %v\n%s", largeModule, err, out)
	}
	t.Logf("%s@%s: %d packages with dependencies; fetching and compiling their export data took %v (the go build cache's part, not the server's)",
		largeModule, largeVersion, bytes.Count(out, []byte("\n")), time.Since(t0).Round(time.Millisecond))
	return dir
}

// firstDiagnostics is one measured server session.
type firstDiagnostics struct {
	elapsed  time.Duration // from the server's start to the file's first diagnostics
	cpu      time.Duration // the server's CPU time until then, and its go commands'
	edit     time.Duration // from an unsaved edit to its diagnostics (no debounce)
	peakMB   float64       // the server process's peak resident set (VmHWM)
	findings int
	log      string // the window/logMessage lines and standard error
}

// TestLargeModule measures time to first diagnostics and peak memory of
// the server on the framework's main package, cold and on a restart.
func TestLargeModule(t *testing.T) {
	dir := largeModuleDir(t)
	cache := t.TempDir()
	cold := measureSession(t, dir, cache)
	restart := measureSession(t, dir, cache)
	t.Logf("first diagnostics of %s/%s: cold %v (CPU %v; target %v), restart %v (CPU %v; target %v); peak RSS cold %.0f MB, restart %.0f MB (target %d MB); %d findings; an edit's diagnostics after %v",
		largeModule, largeFile, cold.elapsed.Round(time.Millisecond), cold.cpu.Round(time.Millisecond), coldTarget,
		restart.elapsed.Round(time.Millisecond), restart.cpu.Round(time.Millisecond), restartTarget,
		cold.peakMB, restart.peakMB, rssTargetMB, cold.findings, restart.edit.Round(time.Millisecond))
	if cold.findings != restart.findings {
		t.Errorf("cold run found %d, restart %d: the cached facts change the result", cold.findings, restart.findings)
	}
	if cold.findings == 0 {
		t.Errorf("no findings in %s: the measurement is of an analysis that found nothing\n%s", largeFile, cold.log)
	}
	for _, s := range []struct {
		name   string
		got    firstDiagnostics
		target time.Duration
	}{{"cold", cold, coldTarget}, {"restart", restart, restartTarget}} {
		if s.got.cpu > cores*s.target {
			t.Errorf("%s: first diagnostics after %v of CPU time, more than %d cores have in the target %v\nlog:\n%s", s.name, s.got.cpu, cores, s.target, s.got.log)
		}
		if s.got.elapsed > wallSlack*s.target {
			t.Errorf("%s: first diagnostics after %v, over %d× the target %v\nlog:\n%s", s.name, s.got.elapsed, wallSlack, s.target, s.got.log)
		}
		if s.got.peakMB > rssTargetMB {
			t.Errorf("%s: peak RSS %.0f MB, over the target %d MB", s.name, s.got.peakMB, rssTargetMB)
		}
	}
}

// measureSession starts the server (this test binary with heaplint's
// registered checks and default settings) with its fact cache in cache,
// opens the framework's main file, waits for its diagnostics, reads the
// server's peak RSS, and shuts it down.
func measureSession(t *testing.T, dir, cache string) firstDiagnostics {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	file := filepath.Join(dir, largeFile)
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cmd := serverCmd(ctx, "registry", "-debounce=1ms")
	cmd.Dir = dir
	cmd.Env = append(cmd.Env, "HEAPLINT_CACHE="+cache)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := lsptest.NewClient(stdout, stdin)
	logs := func() string { return strings.Join(c.LogMessages(), "\n") + "\nstderr:\n" + stderr.String() }
	params := map[string]any{"processId": os.Getpid(), "rootUri": uriOf(dir), "capabilities": map[string]any{}}
	if err := c.Call(ctx, protocol.MethodInitialize, params, nil); err != nil {
		t.Fatalf("initialize: %v\n%s", err, logs())
	}
	c.Notify(protocol.MethodInitialized, map[string]any{})
	c.Notify(protocol.MethodDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uriOf(file), LanguageID: "go", Version: 1, Text: string(text),
	}})
	p, err := c.WaitDiagnostics(ctx, uriOf(file), 0, func(lsptest.Publication) bool { return true })
	elapsed := time.Since(t0)
	if err != nil {
		t.Fatalf("%v\n%s", err, logs())
	}
	peak, err := peakRSS(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	cpu, err := cpuTime(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	// An unsaved edit (a comment): the package is type-checked and
	// analyzed again, its dependencies' facts reused.
	t1 := time.Now()
	c.Notify(protocol.MethodDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uriOf(file), "version": 2},
		"contentChanges": []map[string]any{{"text": string(text) + "\n// edited\n"}},
	})
	if _, err := c.WaitDiagnostics(ctx, uriOf(file), 0, func(p lsptest.Publication) bool { return p.Version != nil && *p.Version == 2 }); err != nil {
		t.Fatalf("%v\n%s", err, logs())
	}
	edit := time.Since(t1)
	if err := c.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	c.Notify(protocol.MethodExit, nil)
	if readErr := <-c.Done(); !errors.Is(readErr, io.EOF) {
		t.Errorf("reading the server's stdout: %v", readErr)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("server: %v\n%s", err, logs())
	}
	return firstDiagnostics{elapsed: elapsed, cpu: cpu, edit: edit, peakMB: peak, findings: len(p.Diagnostics), log: logs()}
}

// peakRSS reads a running process's peak resident set size in MB.
func peakRSS(pid int) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

// cpuTime reads a running process's CPU time, user and system, its own
// and that of the children it has waited for (the go commands it ran).
func cpuTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// After the command name, in parentheses: state, then fields 4 on;
	// utime, stime, cutime and cstime are fields 14 to 17.
	rest := string(data[bytes.LastIndexByte(data, ')')+2:])
	fields := strings.Fields(rest)
	if len(fields) < 15 {
		return 0, fmt.Errorf("short /proc/%d/stat: %q", pid, data)
	}
	var ticks int64
	for _, f := range fields[11:15] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	const clockTicks = 100 // USER_HZ, the unit of /proc's times on Linux
	return time.Duration(ticks) * time.Second / clockTicks, nil
}
