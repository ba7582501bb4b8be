package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/lsptest"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"
)

// pipeConn is the server's end of an in-process connection.
type pipeConn struct {
	io.Reader
	io.Writer
	closers []io.Closer
}

func (c pipeConn) Close() error {
	for _, cl := range c.closers {
		cl.Close()
	}
	return nil
}

// session is a server under test and the Go client driving it.
type session struct {
	t      *testing.T
	ctx    context.Context
	client *lsptest.Client
	served chan error // Serve's result
	log    *logBuffer
}

// start runs a server over in-process pipes with the test checks.
func start(t *testing.T, opts Options) *session {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	t.Cleanup(cancel)
	inR, inW := io.Pipe()   // client → server
	outR, outW := io.Pipe() // server → client
	if opts.Analyzers == nil {
		opts.Analyzers = lsptest.Analyzers
	}
	if opts.Debounce == 0 {
		opts.Debounce = 20 * time.Millisecond
	}
	if opts.CacheDir == "" {
		opts.CacheDir = t.TempDir()
	}
	logBuf := &logBuffer{}
	opts.Log = log.New(logBuf, "", 0)
	s := &session{t: t, ctx: ctx, client: lsptest.NewClient(outR, inW), served: make(chan error, 1), log: logBuf}
	go func() {
		err := Serve(ctx, pipeConn{inR, outW, []io.Closer{inR, outW}}, opts)
		outW.Close()
		s.served <- err
	}()
	t.Cleanup(func() {
		s.client.Close()
		if t.Failed() {
			t.Logf("server log:\n%s", s.logs())
		}
	})
	return s
}

// logBuffer is a log the test reads while the server writes it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// logs returns the server's log: its window/logMessage and showMessage
// lines, then what went to Options.Log.
func (s *session) logs() string {
	return strings.Join(s.client.LogMessages(), "\n") + "\n" + s.log.String()
}

func (s *session) initialize(root string, initOpts any, documentChanges bool) (*protocol.InitializeResult, error) {
	s.t.Helper()
	params := map[string]any{
		"processId": nil,
		"rootUri":   pathToURI(root),
		"capabilities": map[string]any{
			"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": documentChanges}},
		},
	}
	if initOpts != nil {
		params["initializationOptions"] = initOpts
	}
	var res protocol.InitializeResult
	if err := s.client.Call(s.ctx, protocol.MethodInitialize, params, &res); err != nil {
		return nil, err
	}
	if err := s.client.Notify(protocol.MethodInitialized, map[string]any{}); err != nil {
		return nil, err
	}
	return &res, nil
}

func (s *session) notify(method string, params any) {
	s.t.Helper()
	if err := s.client.Notify(method, params); err != nil {
		s.t.Fatalf("%s: %v", method, err)
	}
}

func (s *session) open(uri protocol.DocumentURI, version int32, text string) {
	s.t.Helper()
	s.notify(protocol.MethodDidOpen, protocol.DidOpenTextDocumentParams{
		TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "go", Version: version, Text: text},
	})
}

func (s *session) change(uri protocol.DocumentURI, version int32, text string) {
	s.t.Helper()
	s.notify(protocol.MethodDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{{Text: text}},
	})
}

// waitVersion waits for the diagnostics of version v of uri.
func (s *session) waitVersion(uri protocol.DocumentURI, v int32) lsptest.Publication {
	s.t.Helper()
	p, err := s.client.WaitDiagnostics(s.ctx, uri, 0, func(p lsptest.Publication) bool {
		return p.Version != nil && *p.Version == v
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

func (s *session) shutdownExit() {
	s.t.Helper()
	if err := s.client.Call(s.ctx, protocol.MethodShutdown, nil, nil); err != nil {
		s.t.Fatalf("shutdown: %v", err)
	}
	s.notify(protocol.MethodExit, nil)
	select {
	case err := <-s.served:
		if err != nil {
			s.t.Errorf("Serve after shutdown and exit = %v, want nil", err)
		}
	case <-s.ctx.Done():
		s.t.Fatal("server did not exit")
	}
}

func utf16Len(s string) uint32 { return uint32(len(utf16.Encode([]rune(s)))) }

// findLine returns the zero-based line of the first line containing sub,
// and the UTF-16 column of sub in it.
func findLine(t *testing.T, text, sub string) (line, col uint32) {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if j := strings.Index(l, sub); j >= 0 {
			return uint32(i), utf16Len(l[:j])
		}
	}
	t.Fatalf("%q not in text", sub)
	return 0, 0
}

func codes(p lsptest.Publication) string {
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.Code)
	}
	return strings.Join(out, ",")
}

// TestProtocol drives the server the way an editor does: open, diagnose,
// fix through a code action, edit without saving, break the file, recover,
// close, shut down and exit.
func TestProtocol(t *testing.T) {
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod.go")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	uri := pathToURI(file)

	s := start(t, Options{})
	res, err := s.initialize(root, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.ServerInfo.Name != "heaplint-lsp" || res.Capabilities.TextDocumentSync.Change != protocol.SyncFull ||
		!res.Capabilities.TextDocumentSync.OpenClose || len(res.Capabilities.CodeActionProvider.CodeActionKinds) != 1 {
		t.Errorf("initialize result = %+v", res)
	}

	// didOpen: both checks report, facts of the dependency included.
	s.open(uri, 1, text)
	p := s.waitVersion(uri, 1)
	if codes(p) != "testalloc,testfacts" {
		t.Fatalf("diagnostics of version 1: %s, want testalloc,testfacts\n%s", codes(p), p.Raw)
	}
	line, col := findLine(t, text, "alloc(1)")
	d := p.Diagnostics[0]
	want := protocol.Diagnostic{
		Range:           protocol.Range{Start: protocol.Position{Line: line, Character: col}, End: protocol.Position{Line: line, Character: col + utf16Len("alloc(1)")}},
		Severity:        protocol.SeverityInformation,
		Code:            "testalloc",
		CodeDescription: &protocol.CodeDescription{Href: lsptest.URL + "#call"},
		Source:          "heaplint",
		Message:         "alloc allocates on every call; call noalloc instead",
	}
	if got, _ := json.Marshal(d); string(got) != string(must(json.Marshal(want))) {
		t.Errorf("testalloc diagnostic:\n got %s\nwant %s", got, must(json.Marshal(want)))
	}
	fline, fcol := findLine(t, text, "dep.AllocBuf")
	if f := p.Diagnostics[1]; f.Range.Start != (protocol.Position{Line: fline, Character: fcol}) ||
		f.Message != "dep.AllocBuf allocates (a fact from package example.com/lspmod/dep)" {
		t.Errorf("testfacts diagnostic = %+v", f)
	}

	// codeAction at the cursor on the diagnostic: a versioned quick fix.
	var actions []protocol.CodeAction
	cursor := protocol.Position{Line: line, Character: col + 2}
	err = s.client.Call(s.ctx, protocol.MethodCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range:        protocol.Range{Start: cursor, End: cursor},
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}},
	}, &actions)
	if err != nil {
		t.Fatal(err)
	}
	if len(actions) != 1 {
		t.Fatalf("code actions = %+v, want one", actions)
	}
	a := actions[0]
	one := int32(1)
	wantEdit := protocol.WorkspaceEdit{DocumentChanges: []protocol.TextDocumentEdit{{
		TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{URI: uri, Version: &one},
		Edits: []protocol.TextEdit{{
			Range:   protocol.Range{Start: protocol.Position{Line: line, Character: col}, End: protocol.Position{Line: line, Character: col + 5}},
			NewText: "noalloc",
		}},
	}}}
	if a.Title != "Replace alloc with noalloc" || a.Kind != protocol.QuickFix || !a.IsPreferred || a.Edit == nil ||
		string(must(json.Marshal(a.Edit))) != string(must(json.Marshal(wantEdit))) {
		t.Errorf("code action:\n got %s\nwant edit %s", must(json.Marshal(a)), must(json.Marshal(wantEdit)))
	}
	// Elsewhere, or for other kinds, there is nothing.
	for _, params := range []protocol.CodeActionParams{
		{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: protocol.Range{}},
		{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Range: protocol.Range{Start: cursor, End: cursor},
			Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{"refactor"}}},
	} {
		var none []protocol.CodeAction
		if err := s.client.Call(s.ctx, protocol.MethodCodeAction, params, &none); err != nil || none == nil || len(none) != 0 {
			t.Errorf("code actions for %+v = %+v, %v; want []", params, none, err)
		}
	}

	// Apply the fix as an unsaved edit: testalloc's finding goes away.
	fixed := applyEdits(t, text, a.Edit.DocumentChanges[0].Edits)
	s.change(uri, 2, fixed)
	if p := s.waitVersion(uri, 2); codes(p) != "testfacts" {
		t.Errorf("diagnostics after the fix: %s, want testfacts", codes(p))
	}

	// A type error, then a syntax error: no diagnostics, no crash.
	s.change(uri, 3, strings.Replace(fixed, "return n +", "return undefinedName +", 1))
	if p := s.waitVersion(uri, 3); len(p.Diagnostics) != 0 || !strings.Contains(string(p.Raw), `"diagnostics":[]`) {
		t.Errorf("diagnostics of an ill-typed file: %s, want an empty array", p.Raw)
	}
	s.change(uri, 4, strings.Replace(text, "func Use() int {", "func Use() int", 1))
	if p := s.waitVersion(uri, 4); len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics of a file that does not parse: %s", p.Raw)
	}

	// A panicking check loses only its own findings.
	s.change(uri, 5, text+"\nfunc boom() {}\n")
	if p := s.waitVersion(uri, 5); codes(p) != "testalloc,testfacts" {
		t.Errorf("diagnostics with a panicking check: %s", codes(p))
	}
	if !strings.Contains(s.logs(), "logMessage 1: example.com/lspmod: panic in testpanic") {
		t.Errorf("the panic was not logged as an error:\n%s", s.logs())
	}
	// Editors file log lines by type: the panic is the only error;
	// ordinary lines are information and log.
	for _, m := range s.client.LogMessages() {
		kind, _, _ := strings.Cut(m, ":")
		isError := strings.Contains(m, "panic in testpanic")
		if (kind == "logMessage 1") != isError || !strings.HasPrefix(m, "logMessage ") {
			t.Errorf("log line of the wrong type: %q", m)
		}
	}
	if s.log.String() != "" {
		t.Errorf("lines beside the client's log (standard error, for heaplint-lsp):\n%s", s.log.String())
	}

	// Back to the file on disk: the same bytes as the first time.
	s.change(uri, 6, text)
	if p6 := s.waitVersion(uri, 6); string(p6.Raw) != strings.Replace(string(p.Raw), `"version":1`, `"version":6`, 1) {
		t.Errorf("diagnostics differ between runs:\n%s\n%s", p.Raw, p6.Raw)
	}

	// didClose clears the file's diagnostics.
	n := len(s.client.Publications(uri))
	s.notify(protocol.MethodDidClose, protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
	if p, err := s.client.WaitDiagnostics(s.ctx, uri, n, func(lsptest.Publication) bool { return true }); err != nil || len(p.Diagnostics) != 0 || p.Version != nil {
		t.Errorf("after didClose: %s, %v; want an empty, unversioned publication", p.Raw, err)
	}

	s.shutdownExit()
}

// TestDebounce: a burst of edits is analyzed once, at its last version.
func TestDebounce(t *testing.T) {
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod.go")
	text := string(must(os.ReadFile(file)))
	uri := pathToURI(file)
	s := start(t, Options{Debounce: 300 * time.Millisecond})
	if _, err := s.initialize(root, nil, false); err != nil {
		t.Fatal(err)
	}
	s.open(uri, 1, text)
	for v := int32(2); v <= 6; v++ {
		s.change(uri, v, text+strings.Repeat("\n", int(v)))
	}
	s.waitVersion(uri, 6)
	if pubs := s.client.Publications(uri); len(pubs) != 1 {
		var vs []int32
		for _, p := range pubs {
			vs = append(vs, *p.Version)
		}
		t.Errorf("published versions %v, want only 6", vs)
	}

	// Without documentChanges support the fix comes as plain changes.
	line, col := findLine(t, text, "alloc(1)")
	var actions []protocol.CodeAction
	err := s.client.Call(s.ctx, protocol.MethodCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range:        protocol.Range{Start: protocol.Position{Line: line, Character: col}, End: protocol.Position{Line: line, Character: col}},
	}, &actions)
	if err != nil || len(actions) != 1 || len(actions[0].Edit.Changes[uri]) != 1 || actions[0].Edit.DocumentChanges != nil {
		t.Errorf("code actions = %s, %v; want one with changes", must(json.Marshal(actions)), err)
	}
	s.shutdownExit()
}

// TestCodeActionWaits: a code action asked right after an edit answers
// from the analysis of the edited version, not a stale one.
func TestCodeActionWaits(t *testing.T) {
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod.go")
	text := string(must(os.ReadFile(file)))
	uri := pathToURI(file)
	s := start(t, Options{Debounce: 100 * time.Millisecond})
	if _, err := s.initialize(root, nil, true); err != nil {
		t.Fatal(err)
	}
	s.open(uri, 1, text)
	s.waitVersion(uri, 1)
	edited := "// A new first line.\n" + text
	s.change(uri, 2, edited)
	line, col := findLine(t, edited, "alloc(1)")
	var actions []protocol.CodeAction
	err := s.client.Call(s.ctx, protocol.MethodCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		Range:        protocol.Range{Start: protocol.Position{Line: line, Character: col}, End: protocol.Position{Line: line, Character: col}},
	}, &actions)
	if err != nil || len(actions) != 1 {
		t.Fatalf("code actions = %+v, %v", actions, err)
	}
	if e := actions[0].Edit.DocumentChanges[0]; *e.TextDocument.Version != 2 || e.Edits[0].Range.Start.Line != line {
		t.Errorf("code action edit = %s, want version 2 at line %d", must(json.Marshal(e)), line)
	}
	s.shutdownExit()
}

// TestTestFile: a _test.go file is analyzed in its test package.
func TestTestFile(t *testing.T) {
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod_test.go")
	text := "package lspmod\n\nfunc helper() int { return alloc(2) }\n"
	uri := pathToURI(file)
	// Without the facts check: with facts, the test variant's dependencies
	// (the generated test main imports testing and much of std) would be
	// loaded from source, which is slow and not what this test is about.
	s := start(t, Options{Analyzers: func(cfg analyzer.Config) ([]*analysis.Analyzer, error) {
		as, err := lsptest.Analyzers(cfg)
		return as[:1], err
	}})
	if _, err := s.initialize(root, nil, true); err != nil {
		t.Fatal(err)
	}
	s.open(uri, 1, text) // unsaved: the file exists only in the editor
	if p := s.waitVersion(uri, 1); codes(p) != "testalloc" {
		t.Errorf("diagnostics of a new _test.go file: %s", p.Raw)
	}
	s.shutdownExit()
}

// TestConfig: heaplint settings come from initializationOptions (relative
// to the root) or Options.ConfigFile; bad settings fail initialize with a
// message naming them.
func TestConfig(t *testing.T) {
	root := lsptest.Module(t)
	write := func(name, content string) string {
		path := filepath.Join(root, name)
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("none.yml", "default: none\n")
	bad := write("bad.yml", "no-such-setting: 1\n")
	file := filepath.Join(root, "lspmod.go")
	uri := pathToURI(file)
	text := string(must(os.ReadFile(file)))

	// default: none, from initializationOptions: nothing to report.
	s := start(t, Options{ConfigFile: bad})
	if _, err := s.initialize(root, map[string]any{"config": "none.yml", "severity": "hint"}, true); err != nil {
		t.Fatal(err)
	}
	s.open(uri, 1, text)
	if p := s.waitVersion(uri, 1); len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics with default: none: %s", p.Raw)
	}
	s.shutdownExit()

	// Hint severity.
	s = start(t, Options{})
	if _, err := s.initialize(root, map[string]any{"severity": "hint"}, true); err != nil {
		t.Fatal(err)
	}
	s.open(uri, 1, text)
	if p := s.waitVersion(uri, 1); len(p.Diagnostics) == 0 || p.Diagnostics[0].Severity != protocol.SeverityHint {
		t.Errorf("diagnostics with severity hint: %s", p.Raw)
	}
	s.shutdownExit()

	// A missing file (an editor's global setting, a repository without
	// the file): a warning shown to the user, and the defaults apply.
	for _, tc := range []struct {
		opts     Options
		initOpts any
	}{
		{Options{}, map[string]any{"config": "missing.yml"}},
		{Options{ConfigFile: filepath.Join(root, "missing.yml")}, nil},
	} {
		s := start(t, tc.opts)
		if _, err := s.initialize(root, tc.initOpts, true); err != nil {
			t.Fatalf("initialize with a missing config file: %v", err)
		}
		s.open(uri, 1, text)
		if p := s.waitVersion(uri, 1); codes(p) != "testalloc,testfacts" {
			t.Errorf("diagnostics with a missing config file: %s, want the defaults'", p.Raw)
		}
		want := "showMessage 2: heaplint: " + filepath.Join(root, "missing.yml") + " does not exist; using the default settings"
		if !slices.Contains(s.client.LogMessages(), want) {
			t.Errorf("messages %q, want %q", s.client.LogMessages(), want)
		}
		s.shutdownExit()
	}

	// The profile setting: read at initialize (relative to the root); one
	// that does not read is a settings error naming the setting.
	heap, err := os.Create(filepath.Join(root, "mem.pprof"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pprof.WriteHeapProfile(heap); err != nil {
		t.Fatal(err)
	}
	heap.Close()
	s = start(t, Options{})
	if _, err := s.initialize(root, map[string]any{"profile": "mem.pprof"}, true); err != nil {
		t.Fatalf("initialize with a heap profile: %v", err)
	}
	s.open(uri, 1, text)
	if p := s.waitVersion(uri, 1); codes(p) != "testalloc,testfacts" {
		t.Errorf("diagnostics with a profile: %s", p.Raw)
	}
	s.shutdownExit()

	for _, tc := range []struct {
		opts     Options
		initOpts any
		want     string
	}{
		{Options{ConfigFile: bad}, nil, `unknown setting "no-such-setting"`},
		{Options{}, map[string]any{"config": "bad.yml"}, `unknown setting "no-such-setting"`},
		{Options{}, map[string]any{"severity": "error"}, `severity "error" is not information or hint`},
		{Options{}, map[string]any{"profile": "missing.pprof"}, "setting profile: open " + filepath.Join(root, "missing.pprof")},
		{Options{}, map[string]any{"profile": "none.yml"}, "setting profile: "},
		{Options{}, map[string]any{"confg": "x.yml"}, `unknown field "confg"`},
		{Options{Analyzers: analyzer.Analyzers}, map[string]any{"config": write("enable.yml", "enable: [nosuchcheck]\n")}, `unknown check "nosuchcheck"`},
	} {
		s := start(t, tc.opts)
		_, err := s.initialize(root, tc.initOpts, true)
		var rpcErr *lsptest.RPCError
		if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeInvalidParams || !strings.Contains(rpcErr.Message, tc.want) {
			t.Errorf("initialize with %+v, %v: error %v, want one containing %q", tc.opts.ConfigFile, tc.initOpts, err, tc.want)
		}
		s.client.Close()
	}
}

// TestLifecycle: requests before initialize and after shutdown are
// refused; exit without shutdown is reported.
func TestLifecycle(t *testing.T) {
	s := start(t, Options{})
	var rpcErr *lsptest.RPCError
	if err := s.client.Call(s.ctx, protocol.MethodCodeAction, map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != protocol.CodeServerNotInitialized {
		t.Errorf("codeAction before initialize: %v", err)
	}
	if _, err := s.initialize(t.TempDir(), nil, false); err != nil {
		t.Fatal(err)
	}
	if err := s.client.Call(s.ctx, "textDocument/hover", map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeMethodNotFound {
		t.Errorf("unsupported request: %v", err)
	}
	if err := s.client.Call(s.ctx, protocol.MethodShutdown, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.client.Call(s.ctx, protocol.MethodCodeAction, map[string]any{}, nil); !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.CodeInvalidRequest {
		t.Errorf("codeAction after shutdown: %v", err)
	}
	s.notify(protocol.MethodExit, nil)
	if err := <-s.served; err != nil {
		t.Errorf("Serve = %v", err)
	}

	s = start(t, Options{})
	if _, err := s.initialize(t.TempDir(), nil, false); err != nil {
		t.Fatal(err)
	}
	s.notify(protocol.MethodExit, nil)
	if err := <-s.served; !errors.Is(err, ErrNoShutdown) {
		t.Errorf("Serve after exit without shutdown = %v, want ErrNoShutdown", err)
	}

	s = start(t, Options{})
	s.client.Close() // the editor went away
	if err := <-s.served; !errors.Is(err, ErrNoShutdown) {
		t.Errorf("Serve after the client went away = %v, want ErrNoShutdown", err)
	}
}

// applyEdits applies non-overlapping LSP edits, converting UTF-16
// positions independently of the server's mapper.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	offset := func(p protocol.Position) int {
		off := 0
		for _, l := range lines[:p.Line] {
			off += len(l)
		}
		units := 0
		for i, r := range lines[p.Line] {
			if uint32(units) >= p.Character {
				return off + i
			}
			units += len(utf16.Encode([]rune{r}))
		}
		return off + len(lines[p.Line])
	}
	for i := len(edits) - 1; i >= 0; i-- { // edits are sorted
		e := edits[i]
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSaveReanalyzesImporters: an unsaved edit of a dependency reaches the
// open packages that import it when it is saved.
func TestSaveReanalyzesImporters(t *testing.T) {
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod.go")
	depFile := filepath.Join(root, "dep", "dep.go")
	uri, depURI := pathToURI(file), pathToURI(depFile)
	s := start(t, Options{})
	if _, err := s.initialize(root, nil, true); err != nil {
		t.Fatal(err)
	}
	s.open(uri, 1, string(must(os.ReadFile(file))))
	depText := string(must(os.ReadFile(depFile)))
	s.open(depURI, 1, depText)
	if p := s.waitVersion(uri, 1); codes(p) != "testalloc,testfacts" {
		t.Fatalf("diagnostics: %s", p.Raw)
	}
	s.waitVersion(depURI, 1)

	// AllocBuf becomes a variable: no longer a function testfacts marks.
	s.change(depURI, 2, strings.Replace(depText, "func AllocBuf(n int) []byte { return make([]byte, n) }",
		"var AllocBuf = func(n int) []byte { return make([]byte, n) }", 1))
	s.waitVersion(depURI, 2)
	n := len(s.client.Publications(uri))
	s.notify(protocol.MethodDidSave, protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: depURI}})
	p, err := s.client.WaitDiagnostics(s.ctx, uri, n, func(lsptest.Publication) bool { return true })
	if err != nil || codes(p) != "testalloc" {
		t.Errorf("diagnostics of the importer after the save: %s, %v; want testalloc only", p.Raw, err)
	}
	s.shutdownExit()
}

// TestSeverityOf: hot findings (Category "hot", set by internal/report)
// show one step stronger than the setting; warm and other ones as set.
func TestSeverityOf(t *testing.T) {
	for _, tc := range []struct {
		setting  protocol.DiagnosticSeverity
		category string
		want     protocol.DiagnosticSeverity
	}{
		{protocol.SeverityInformation, "hot", protocol.SeverityWarning},
		{protocol.SeverityInformation, "warm", protocol.SeverityInformation},
		{protocol.SeverityInformation, "cold", protocol.SeverityInformation},
		{protocol.SeverityInformation, "", protocol.SeverityInformation},
		{protocol.SeverityHint, "hot", protocol.SeverityInformation},
		{protocol.SeverityHint, "warm", protocol.SeverityHint},
	} {
		if got := severityOf(tc.setting, tc.category); got != tc.want {
			t.Errorf("severityOf(%d, %q) = %d, want %d", tc.setting, tc.category, got, tc.want)
		}
	}
}
