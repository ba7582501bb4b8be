package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/lsptest"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
)

// serverEnv makes the test binary act as heaplint-lsp: "test" with the
// test checks of lsptest, "registry" with heaplint's registered checks.
const serverEnv = "HEAPLINT_LSP_TEST_SERVER"

func TestMain(m *testing.M) {
	switch os.Getenv(serverEnv) {
	case "test":
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, lsptest.Analyzers))
	case "registry":
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, analyzer.Suite))
	}
	os.Exit(m.Run())
}

// serverCmd returns a command running this test binary as the server.
func serverCmd(ctx context.Context, mode string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), serverEnv+"="+mode)
	return cmd
}

func uriOf(path string) protocol.DocumentURI {
	return protocol.DocumentURI("file://" + filepath.ToSlash(path))
}

// TestStdio runs the command as an editor does, over its standard input
// and output: only protocol messages on stdout, the log as
// window/logMessage (nothing on stderr, which editors log as errors), exit
// code 0 after shutdown and exit, 1 after exit alone. A -config file that
// does not exist is a warning shown to the user.
func TestStdio(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod.go")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	missing := filepath.Join(root, "missing.yml")
	for _, shutdown := range []bool{true, false} {
		cmd := serverCmd(ctx, "test", "-debounce=10ms", "-config="+missing)
		cmd.Env = append(cmd.Env, "HEAPLINT_CACHE="+t.TempDir())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdin, _ := cmd.StdinPipe()
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		c := lsptest.NewClient(stdout, stdin)
		if err := c.Call(ctx, protocol.MethodInitialize, map[string]any{"processId": os.Getpid(), "rootUri": uriOf(root), "capabilities": map[string]any{}}, nil); err != nil {
			t.Fatal(err)
		}
		c.Notify(protocol.MethodInitialized, map[string]any{})
		c.Notify(protocol.MethodDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
			URI: uriOf(file), LanguageID: "go", Version: 1, Text: string(text),
		}})
		p, err := c.WaitDiagnostics(ctx, uriOf(file), 0, func(lsptest.Publication) bool { return true })
		if err != nil || len(p.Diagnostics) != 2 {
			t.Fatalf("diagnostics over stdio: %s, %v\nstderr:\n%s", p.Raw, err, stderr.String())
		}
		if shutdown {
			if err := c.Call(ctx, protocol.MethodShutdown, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		c.Notify(protocol.MethodExit, nil)
		// Read stdout to its end before Wait closes it.
		if readErr := <-c.Done(); !errors.Is(readErr, io.EOF) {
			t.Errorf("reading the server's stdout: %v", readErr) // something other than a protocol message
		}
		err = cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		if want := map[bool]int{true: 0, false: 1}[shutdown]; code != want {
			t.Errorf("exit code after exit (shutdown %v) = %d (%v), want %d\nstderr:\n%s", shutdown, code, err, want, stderr.String())
		}
		logs := c.LogMessages()
		for _, want := range []string{
			"showMessage 2: heaplint: " + missing + " does not exist; using the default settings",
			"logMessage 3: checks: testalloc, testfacts, testpanic (config: defaults; facts cache: ",
		} {
			if !slices.ContainsFunc(logs, func(m string) bool { return strings.HasPrefix(m, want) }) {
				t.Errorf("no message %q among %q", want, logs)
			}
		}
		if want := map[bool]string{true: "", false: "exit without shutdown\n"}[shutdown]; !strings.HasSuffix(stderr.String(), want) ||
			strings.Count(stderr.String(), "\n") != strings.Count(want, "\n") {
			t.Errorf("stderr (shutdown %v) = %q, want %q", shutdown, stderr.String(), want)
		}
	}
}

// TestFlags: bad usage and a bad -config file fail at start with exit code 2.
func TestFlags(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	bad := filepath.Join(t.TempDir(), "bad.yml")
	os.WriteFile(bad, []byte("enable: [nosuchcheck]\n"), 0o666)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-config", bad}, `unknown check "nosuchcheck"`},
		{[]string{"stray"}, "usage: heaplint-lsp"},
		{[]string{"-nosuchflag"}, "flag provided but not defined"},
	} {
		cmd := serverCmd(ctx, "registry", tc.args...)
		out, _ := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(string(out), tc.want) {
			t.Errorf("heaplint-lsp %s: exit %d, output %q; want 2 and %q", strings.Join(tc.args, " "), code, out, tc.want)
		}
	}
}
