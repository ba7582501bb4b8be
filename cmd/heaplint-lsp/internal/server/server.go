// Package server is heaplint's language server: it runs beside gopls in an
// editor, analyzes the packages of open Go files (unsaved edits included)
// with heaplint's checks, publishes their diagnostics and offers their
// suggested fixes as quick-fix code actions.
//
// It lives under cmd/heaplint-lsp/internal because it is part of the cmd
// layer: it imports analyzer/ (cmd → analyzer → passes → internal), and
// nothing but the heaplint-lsp command and its tests may import it.
//
// The transport is github.com/sourcegraph/jsonrpc2 with LSP's
// Content-Length framing; the message bodies are in ../protocol.
package server

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/protocol"
	"github.com/heaplint/heaplint/internal/engine"
	"github.com/heaplint/heaplint/internal/profile"
	"github.com/sourcegraph/jsonrpc2"
	"golang.org/x/tools/go/analysis"
)

// DefaultDebounce is how long the server waits after the last edit before
// it analyzes.
const DefaultDebounce = 250 * time.Millisecond

// Options configure a server.
type Options struct {
	// Analyzers returns fresh analyzers for a session's configuration.
	// Nil means analyzer.Analyzers. Tests inject their own checks here.
	Analyzers func(analyzer.Config) ([]*analysis.Analyzer, error)

	// ConfigFile names heaplint's settings file (YAML or JSON, or a whole
	// .golangci.yml), used when the client's initializationOptions name
	// none. Relative names are relative to the server's working directory.
	ConfigFile string

	// Debounce is the quiet time after an edit before analysis; 0 means
	// DefaultDebounce.
	Debounce time.Duration

	// Log receives the lines of the server's log that cannot go to the
	// client as window/logMessage (before it connects, after it is gone)
	// and the JSON-RPC library's complaints; nil means standard error. The
	// LSP stream itself is never written to except with protocol messages.
	Log *log.Logger

	// CacheDir holds the facts of dependencies between sessions; ""
	// means engine.DefaultCacheDir() ($HEAPLINT_CACHE, else heaplint/ in
	// the user's cache directory).
	CacheDir string

	// Version is reported in the initialize result.
	Version string
}

// InitializationOptions are the settings a client may send in initialize.
type InitializationOptions struct {
	// Config names heaplint's settings file; relative names are relative
	// to the workspace root.
	Config string `json:"config,omitempty"`
	// Severity of heaplint diagnostics: "information" (the default) or
	// "hint". Hot findings (in loops) are shown one step stronger:
	// warning, or information.
	Severity string `json:"severity,omitempty"`
	// Profile names pprof profiles (CPU or heap, or default.pgo; several
	// separated by commas) whose weights rank findings, as the profile
	// setting does, which it replaces; relative names are relative to the
	// workspace root.
	Profile string `json:"profile,omitempty"`
}

// ErrNoShutdown is returned by Serve when the client sent exit (or went
// away) without a shutdown request first; LSP asks for exit code 1 then.
var ErrNoShutdown = errors.New("exit without shutdown")

// Serve runs a server on a connection (stdin and stdout for an editor)
// until the client sends exit or disconnects. It returns nil after a clean
// shutdown and exit, ErrNoShutdown otherwise.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	s := newServer(opts)
	stream := jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{})
	conn := jsonrpc2.NewConn(ctx, stream, s, jsonrpc2.SetLogger(s.log))
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.stop()
	s.mu.Lock()
	clean := s.state == stateShutdown && s.exited
	s.mu.Unlock()
	if !clean {
		return ErrNoShutdown
	}
	return nil
}

type state int

const (
	stateNew state = iota
	stateRunning
	stateShutdown
)

type server struct {
	opts     Options
	log      *log.Logger
	debounce time.Duration

	ctx    context.Context // canceled at shutdown: stops a running load
	cancel context.CancelFunc
	kick   chan struct{} // wakes the worker; capacity 1
	quit   chan struct{} // closed at shutdown
	done   chan struct{} // closed when the worker has returned

	pubMu sync.Mutex // held while publishing, so a close is never undone

	mu              sync.Mutex
	conn            *jsonrpc2.Conn // set by the first message
	state           state
	exited          bool
	engine          *engine.Engine // built at initialize; used by the worker only
	severity        protocol.DiagnosticSeverity
	documentChanges bool
	docs            map[string]*document   // open Go files by path
	dirty           map[string]bool        // directories to analyze
	results         map[string]*fileResult // latest analysis of each open file
	resultsChanged  chan struct{}          // closed and replaced when results change
	timer           *time.Timer
	stopOnce        sync.Once
}

// document is an open file: the client's unsaved text is the truth.
type document struct {
	uri     protocol.DocumentURI
	path    string
	version int32
	content []byte
}

// fileResult is what one analysis found in one version of an open file.
type fileResult struct {
	version  int32
	findings []finding
}

// finding is a published diagnostic and the fixes it offers.
type finding struct {
	diag  protocol.Diagnostic
	fixes []fix
}

type fix struct {
	title string
	edits []protocol.TextEdit
}

func newServer(opts Options) *server {
	s := &server{
		opts:           opts,
		log:            opts.Log,
		debounce:       opts.Debounce,
		kick:           make(chan struct{}, 1),
		quit:           make(chan struct{}),
		done:           make(chan struct{}),
		docs:           map[string]*document{},
		dirty:          map[string]bool{},
		results:        map[string]*fileResult{},
		resultsChanged: make(chan struct{}),
		severity:       protocol.SeverityInformation,
	}
	if s.log == nil {
		s.log = log.New(os.Stderr, "heaplint-lsp: ", log.LstdFlags)
	}
	if s.debounce <= 0 {
		s.debounce = DefaultDebounce
	}
	if s.opts.Analyzers == nil {
		s.opts.Analyzers = analyzer.Analyzers
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go s.worker()
	return s
}

// stop ends the worker and waits for it; safe to call more than once.
func (s *server) stop() {
	s.stopOnce.Do(func() {
		s.mu.Lock()
		if s.timer != nil {
			s.timer.Stop()
		}
		s.mu.Unlock()
		s.cancel()
		close(s.quit)
	})
	<-s.done
}

// Handle implements jsonrpc2.Handler. It is called for one message at a
// time, in order, so document changes apply in the order sent; requests
// that may wait (codeAction) answer from their own goroutine.
func (s *server) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	s.mu.Lock()
	s.conn = conn
	st := s.state
	s.mu.Unlock()

	switch {
	case req.Method == protocol.MethodExit:
		s.mu.Lock()
		s.exited = true
		s.mu.Unlock()
		conn.Close()
		return
	case st == stateNew && req.Method != protocol.MethodInitialize:
		if !req.Notif {
			s.replyErr(ctx, req, protocol.CodeServerNotInitialized, "server not initialized")
		}
		return
	case st == stateShutdown:
		if !req.Notif {
			s.replyErr(ctx, req, jsonrpc2.CodeInvalidRequest, "server is shut down")
		}
		return
	}

	var err error
	switch req.Method {
	case protocol.MethodInitialize:
		if st != stateNew {
			s.replyErr(ctx, req, jsonrpc2.CodeInvalidRequest, "initialize sent twice")
			return
		}
		var params protocol.InitializeParams
		if err := unmarshal(req, &params); err != nil {
			s.replyErr(ctx, req, jsonrpc2.CodeInvalidParams, err.Error())
			return
		}
		res, err := s.initialize(&params)
		if err != nil {
			s.logf(protocol.MessageError, "initialize: %v", err)
			s.replyErr(ctx, req, jsonrpc2.CodeInvalidParams, err.Error())
			return
		}
		s.reply(ctx, req, res)
	case protocol.MethodInitialized:
	case protocol.MethodShutdown:
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		s.stop()
		s.reply(ctx, req, nil)
	case protocol.MethodDidOpen:
		var p protocol.DidOpenTextDocumentParams
		if err = unmarshal(req, &p); err == nil {
			err = s.didOpen(&p)
		}
	case protocol.MethodDidChange:
		var p protocol.DidChangeTextDocumentParams
		if err = unmarshal(req, &p); err == nil {
			err = s.didChange(&p)
		}
	case protocol.MethodDidSave:
		var p protocol.DidSaveTextDocumentParams
		if err = unmarshal(req, &p); err == nil {
			err = s.didSave(&p)
		}
	case protocol.MethodDidClose:
		var p protocol.DidCloseTextDocumentParams
		if err = unmarshal(req, &p); err == nil {
			err = s.didClose(ctx, &p)
		}
	case protocol.MethodCodeAction:
		var p protocol.CodeActionParams
		if err := unmarshal(req, &p); err != nil {
			s.replyErr(ctx, req, jsonrpc2.CodeInvalidParams, err.Error())
			return
		}
		go func() {
			actions, err := s.codeAction(ctx, &p)
			if err != nil {
				s.replyErr(ctx, req, protocol.CodeRequestCancelled, err.Error())
				return
			}
			s.reply(ctx, req, actions)
		}()
	default:
		if !req.Notif {
			s.replyErr(ctx, req, jsonrpc2.CodeMethodNotFound, "method not supported: "+req.Method)
		}
		// Unknown notifications ($/setTrace, workspace/didChangeConfiguration, ...) are ignored.
	}
	if err != nil {
		s.logf(protocol.MessageError, "%s: %v", req.Method, err)
	}
}

// client returns the connection to the client.
func (s *server) client() *jsonrpc2.Conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conn
}

func unmarshal(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return fmt.Errorf("%s: no params", req.Method)
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		return fmt.Errorf("%s: %v", req.Method, err)
	}
	return nil
}

func (s *server) reply(ctx context.Context, req *jsonrpc2.Request, result any) {
	if err := s.client().Reply(ctx, req.ID, result); err != nil {
		s.logf(protocol.MessageError, "reply to %s: %v", req.Method, err)
	}
}

func (s *server) replyErr(ctx context.Context, req *jsonrpc2.Request, code int64, msg string) {
	if err := s.client().ReplyWithError(ctx, req.ID, &jsonrpc2.Error{Code: code, Message: msg}); err != nil {
		s.logf(protocol.MessageError, "reply to %s: %v", req.Method, err)
	}
}

func (s *server) initialize(p *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	var opts InitializationOptions
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		dec := json.NewDecoder(strings.NewReader(string(p.InitializationOptions)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&opts); err != nil {
			return nil, fmt.Errorf("heaplint-lsp initializationOptions: %v", err)
		}
	}
	severity := protocol.SeverityInformation
	switch opts.Severity {
	case "", "information", "info":
	case "hint":
		severity = protocol.SeverityHint
	default:
		return nil, fmt.Errorf("heaplint-lsp initializationOptions: severity %q is not information or hint", opts.Severity)
	}

	file := s.opts.ConfigFile
	if opts.Config != "" {
		var err error
		if file, err = resolve(p, "config", opts.Config); err != nil {
			return nil, err
		}
	}
	cfg, err := loadConfig(file)
	if errors.Is(err, fs.ErrNotExist) {
		// A global editor setting names a file most repositories lack:
		// heaplint still runs, with its defaults, and says so.
		s.showf(protocol.MessageWarning, "heaplint: %s does not exist; using the default settings", file)
		file, cfg, err = "", analyzer.Config{}, nil
	}
	if err != nil {
		return nil, err
	}
	if opts.Profile != "" {
		cfg.Profile = analyzer.SplitFiles(opts.Profile)
	}
	profileSum, err := useProfile(p, &cfg)
	if err != nil {
		return nil, err
	}
	analyzers, err := s.opts.Analyzers(cfg)
	if err != nil {
		return nil, fmt.Errorf("heaplint settings %s: %v", file, err)
	}
	cacheDir := s.opts.CacheDir
	if cacheDir == "" {
		cacheDir = engine.DefaultCacheDir()
	}
	// The whole configuration keys cached results, beyond the analyzers'
	// flags, and the profile's content, beyond its name.
	settings, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	eng, err := engine.New(engine.Options{Analyzers: analyzers, CacheDir: cacheDir, Settings: string(settings) + profileSum})
	if err != nil {
		return nil, err
	}
	names := make([]string, len(analyzers))
	for i, a := range analyzers {
		names[i] = a.Name
	}
	s.logf(protocol.MessageInfo, "checks: %s (config: %s; facts cache: %s)", strings.Join(names, ", "), orDefault(file, "defaults"), orDefault(cacheDir, "off"))

	s.mu.Lock()
	s.state = stateRunning
	s.engine = eng
	s.severity = severity
	s.documentChanges = p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges
	s.mu.Unlock()

	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: true,
				Change:    protocol.SyncFull,
				Save:      &protocol.SaveOptions{},
			},
			CodeActionProvider: protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix}},
		},
		ServerInfo: protocol.ServerInfo{Name: "heaplint-lsp", Version: s.opts.Version},
	}, nil
}

// useProfile reads the profiles cfg names (the profile setting of the
// config file or of initializationOptions; relative names are relative to
// the workspace root), once for the session, and gives them to cfg. It
// returns a digest of their content, which keys cached results. A profile
// that does not read is a settings error naming the setting.
func useProfile(p *protocol.InitializeParams, cfg *analyzer.Config) (string, error) {
	if len(cfg.Profile) == 0 {
		return "", nil
	}
	h := sha256.New()
	for i, name := range cfg.Profile {
		abs, err := resolve(p, "profile", name)
		if err != nil {
			return "", err
		}
		cfg.Profile[i] = abs
		data, err := os.ReadFile(abs)
		if err != nil {
			return "", fmt.Errorf("heaplint settings: setting profile: %v", err)
		}
		fmt.Fprintf(h, "%s %x\n", abs, sha256.Sum256(data))
	}
	prof, err := profile.Load(os.ReadFile, cfg.Profile...)
	if err != nil {
		return "", fmt.Errorf("heaplint settings: setting profile: %v", err)
	}
	cfg.UseProfile(prof.OnDemand(nil))
	return fmt.Sprintf("\nprofile %x", h.Sum(nil)), nil
}

// resolve makes a path setting absolute: relative to the workspace root.
func resolve(p *protocol.InitializeParams, setting, path string) (string, error) {
	if filepath.IsAbs(path) {
		return path, nil
	}
	root, err := rootDir(p)
	if err != nil {
		return "", fmt.Errorf("heaplint-lsp initializationOptions: %s %q is relative and %v", setting, path, err)
	}
	return filepath.Join(root, path), nil
}

func orDefault(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return s
}

// rootDir is the workspace's first root folder.
func rootDir(p *protocol.InitializeParams) (string, error) {
	switch {
	case len(p.WorkspaceFolders) > 0:
		return uriToPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != "":
		return uriToPath(p.RootURI)
	case p.RootPath != "":
		return filepath.Clean(p.RootPath), nil
	}
	return "", errors.New("the client sent no workspace root")
}

// loadConfig reads heaplint's settings from file; no file means defaults.
// A file that does not exist is an error satisfying errors.Is(err,
// fs.ErrNotExist).
func loadConfig(file string) (analyzer.Config, error) {
	if file == "" {
		return analyzer.Config{}, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return analyzer.Config{}, fmt.Errorf("heaplint settings: %w", err)
	}
	return analyzer.ParseConfigFile(file, data)
}

func isGo(path string) bool { return strings.HasSuffix(path, ".go") }

func (s *server) didOpen(p *protocol.DidOpenTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil || !isGo(path) {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, content: []byte(p.TextDocument.Text)}
	s.scheduleLocked(path)
	return nil
}

func (s *server) didChange(p *protocol.DidChangeTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil || !isGo(path) {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[path]
	if !ok {
		return fmt.Errorf("change to %s, which is not open", path)
	}
	content := d.content
	for _, ch := range p.ContentChanges {
		if content, err = applyChange(content, ch); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
	}
	// A new document value: the worker may still be reading the old one.
	s.docs[path] = &document{uri: d.uri, path: path, version: p.TextDocument.Version, content: content}
	s.scheduleLocked(path)
	return nil
}

// didSave re-analyzes every open package: one may import the saved
// file's package, whose types and facts it sees only at its next analysis
// (edits re-analyze only the edited file's package).
func (s *server) didSave(p *protocol.DidSaveTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil || !isGo(path) {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.docs[path]; ok {
		for other := range s.docs {
			s.scheduleLocked(other)
		}
	}
	return nil
}

func (s *server) didClose(ctx context.Context, p *protocol.DidCloseTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil || !isGo(path) {
		return err
	}
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	s.mu.Lock()
	d, ok := s.docs[path]
	delete(s.docs, path)
	delete(s.results, path)
	if ok {
		s.scheduleLocked(path) // the file's package-mates now see it as on disk
	}
	s.mu.Unlock()
	if !ok {
		return nil
	}
	return s.client().Notify(ctx, protocol.MethodPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: d.uri, Diagnostics: []protocol.Diagnostic{},
	})
}

// scheduleLocked marks path's directory for analysis after the debounce
// delay, restarting the delay. s.mu must be held.
func (s *server) scheduleLocked(path string) {
	s.dirty[filepath.Dir(path)] = true
	if s.state != stateRunning {
		return
	}
	if s.timer == nil {
		s.timer = time.AfterFunc(s.debounce, s.wake)
	} else {
		s.timer.Reset(s.debounce)
	}
}

func (s *server) wake() {
	select {
	case s.kick <- struct{}{}:
	default: // already awake
	}
}

// worker runs one analysis at a time, whenever the debounce timer fires.
func (s *server) worker() {
	defer close(s.done)
	for {
		select {
		case <-s.quit:
			return
		case <-s.kick:
		}
		s.runOnce()
	}
}

// codeAction returns a quick fix for each suggested fix of the diagnostics
// that touch the requested range, from an analysis of the document's
// current version; it waits for that analysis if one is pending.
func (s *server) codeAction(ctx context.Context, p *protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	actions := []protocol.CodeAction{}
	if len(p.Context.Only) > 0 && !slices.ContainsFunc(p.Context.Only, func(k protocol.CodeActionKind) bool {
		return k == protocol.QuickFix || strings.HasPrefix(string(protocol.QuickFix), string(k)+".")
	}) {
		return actions, nil
	}
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil || !isGo(path) {
		return actions, nil
	}
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	for {
		s.mu.Lock()
		d, open := s.docs[path]
		r := s.results[path]
		changed := s.resultsChanged
		documentChanges := s.documentChanges
		s.mu.Unlock()
		if !open {
			return actions, nil
		}
		if r != nil && r.version == d.version {
			for _, f := range r.findings {
				if !overlaps(f.diag.Range, p.Range) {
					continue
				}
				for _, fx := range f.fixes {
					actions = append(actions, protocol.CodeAction{
						Title:       fx.title,
						Kind:        protocol.QuickFix,
						Diagnostics: []protocol.Diagnostic{f.diag},
						IsPreferred: len(f.fixes) == 1,
						Edit:        workspaceEdit(d, fx.edits, documentChanges),
					})
				}
			}
			return actions, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-s.quit:
			return actions, nil
		case <-timeout.C:
			return nil, errors.New("timed out waiting for analysis of " + path)
		}
	}
}

func workspaceEdit(d *document, edits []protocol.TextEdit, documentChanges bool) *protocol.WorkspaceEdit {
	if documentChanges {
		v := d.version
		return &protocol.WorkspaceEdit{DocumentChanges: []protocol.TextDocumentEdit{{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{URI: d.uri, Version: &v},
			Edits:        edits,
		}}}
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: edits}}
}

func less(a, b protocol.Position) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
}

// overlaps reports whether two ranges share a point; touching counts, so
// a cursor at either end of a diagnostic selects it.
func overlaps(a, b protocol.Range) bool {
	return !less(a.End, b.Start) && !less(b.End, a.Start)
}
