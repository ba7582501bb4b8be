package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/cmd/heaplint-lsp/internal/lsptest"
	"github.com/heaplint/heaplint/internal/profile"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// The Neovim tests use a real editor as the LSP client: headless Neovim
// (0.7.2 from Debian) runs testdata/nvim.lua, which opens a file, starts
// the server with vim.lsp.start_client, waits for its diagnostics, asks for
// code actions at one of them, applies the fix, waits for the diagnostics
// of the unsaved buffer, and stops the server (shutdown, exit).

type nvimParams struct {
	File        string            `json:"file"`
	Root        string            `json:"root"`
	Cmd         []string          `json:"cmd"`
	Env         map[string]string `json:"env"`
	InitOptions map[string]any    `json:"init_options"`
	Out         string            `json:"out"`
	TimeoutMS   int               `json:"timeout_ms"`
	Expect      int               `json:"expect"`
	FixCode     string            `json:"fix_code"`
	FixLnum     int               `json:"fix_lnum"`
	FixCol      int               `json:"fix_col"`
	FixTitle    string            `json:"fix_title"`
}

type nvimDiag struct {
	Lnum     int    `json:"lnum"`
	Col      int    `json:"col"` // a byte offset: Neovim converts the server's UTF-16 columns
	EndLnum  int    `json:"end_lnum"`
	EndCol   int    `json:"end_col"`
	Severity int    `json:"severity"`
	Source   string `json:"source"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Href     string `json:"href"`
}

type nvimResult struct {
	diags   []nvimDiag
	actions []string
	line    string     // the fixed line
	after   []nvimDiag // the diagnostics of the fixed buffer (code and message)
	exit    int
}

func nvimPath(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("SKIP: nvim is not installed, so the editor end-to-end test cannot run " +
			"(scripts/test-all.sh installs it with: apt-get install -y neovim); " +
			"TestStdio and internal/server's tests still cover the protocol")
	}
	return path
}

// runNvim runs Neovim with the script and returns what it reported.
func runNvim(t *testing.T, nvim string, p nvimParams) nvimResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	tmp := t.TempDir()
	p.Out = filepath.Join(tmp, "out.jsonl")
	if p.TimeoutMS == 0 {
		p.TimeoutMS = 30000
	}
	params := filepath.Join(tmp, "params.json")
	data, _ := json.Marshal(p)
	if err := os.WriteFile(params, data, 0o666); err != nil {
		t.Fatal(err)
	}
	_, self, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(self), "testdata", "nvim.lua")

	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
	cmd.Dir = p.Root
	cmd.Env = append(os.Environ(), "HEAPLINT_NVIM_PARAMS="+params)
	for _, xdg := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		cmd.Env = append(cmd.Env, xdg+"="+filepath.Join(tmp, xdg)) // Neovim's lsp.log goes here
	}
	// The go command's build cache would move with XDG_CACHE_HOME: keep the
	// real one, which holds the export data of the standard library.
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(cmd.Env, "GOCACHE="+strings.TrimSpace(string(gocache)))
	combined, err := cmd.CombinedOutput()
	lspLog := func() string {
		b, _ := os.ReadFile(filepath.Join(tmp, "XDG_CACHE_HOME", "nvim", "lsp.log"))
		return string(b)
	}
	if err != nil {
		t.Fatalf("nvim: %v\n%s\nlsp.log:\n%s", err, combined, lspLog())
	}

	f, err := os.Open(p.Out)
	if err != nil {
		t.Fatalf("nvim wrote no results: %v\n%s", err, combined)
	}
	defer f.Close()
	var res nvimResult
	res.exit = -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var rec struct {
			Kind  string          `json:"kind"`
			Value json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("bad result line %q: %v", sc.Text(), err)
		}
		var s string
		switch rec.Kind {
		case "diagnostic":
			var d nvimDiag
			json.Unmarshal(rec.Value, &d)
			res.diags = append(res.diags, d)
		case "action":
			json.Unmarshal(rec.Value, &s)
			res.actions = append(res.actions, s)
		case "line":
			json.Unmarshal(rec.Value, &res.line)
		case "after":
			var d nvimDiag
			json.Unmarshal(rec.Value, &d)
			res.after = append(res.after, d)
		case "exit":
			json.Unmarshal(rec.Value, &res.exit)
		case "error":
			json.Unmarshal(rec.Value, &s)
			t.Fatalf("nvim.lua: %s\nlsp.log:\n%s", s, lspLog())
		}
	}
	if res.exit != 0 {
		t.Errorf("server exit code under Neovim = %d, want 0 (shutdown, then exit)\nlsp.log:\n%s", res.exit, lspLog())
	}
	return res
}

// TestNeovim: the test checks on testdata/lspmod, so the assertions do not
// depend on which heaplint checks are registered.
func TestNeovim(t *testing.T) {
	nvim := nvimPath(t)
	root := lsptest.Module(t)
	file := filepath.Join(root, "lspmod.go")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	line, col := lineCol(t, string(text), "alloc(1)")
	t0 := time.Now()
	res := runNvim(t, nvim, nvimParams{
		File:        file,
		Root:        root,
		Cmd:         []string{os.Args[0], "-debounce=50ms"},
		Env:         map[string]string{serverEnv: "test"},
		InitOptions: map[string]any{"severity": "information"},
		Expect:      2,
		FixCode:     "testalloc",
		FixLnum:     line,
		FixCol:      col,
		FixTitle:    "Replace alloc with noalloc",
	})
	t.Logf("Neovim session: %v", time.Since(t0).Round(time.Millisecond))

	fline, fcol := lineCol(t, string(text), "dep.AllocBuf")
	want := []nvimDiag{
		{Lnum: line, Col: col, EndLnum: line, EndCol: col + len("alloc(1)"), Severity: 3, Source: "heaplint", Code: "testalloc",
			Message: "alloc allocates on every call; call noalloc instead", Href: lsptest.URL + "#call"},
		{Lnum: fline, Col: fcol, EndLnum: fline, EndCol: fcol, Severity: 3, Source: "heaplint", Code: "testfacts",
			Message: "dep.AllocBuf allocates (a fact from package example.com/lspmod/dep)", Href: lsptest.URL},
	}
	if !slices.Equal(res.diags, want) {
		t.Errorf("diagnostics in Neovim:\n got %+v\nwant %+v", res.diags, want)
	}
	if !slices.Equal(res.actions, []string{"Replace alloc with noalloc"}) {
		t.Errorf("code actions = %q", res.actions)
	}
	if !strings.Contains(res.line, `"héllo, 世界 😀", noalloc(1)`) {
		t.Errorf("line after the fix = %q", res.line)
	}
	if len(res.after) != 1 || res.after[0].Code != "testfacts" {
		t.Errorf("diagnostics after the fix = %+v, want testfacts' only", res.after)
	}
}

// TestNeovimRegistry: heaplint's registered checks on the bundled example
// module (testdata/example, with its heaplint.yml) show in Neovim exactly
// as the go/analysis checker reports them, and a suggested fix applies.
func TestNeovimRegistry(t *testing.T) {
	nvim := nvimPath(t)
	root := filepath.Join(t.TempDir(), "example")
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "..", "testdata", "example"))); err != nil {
		t.Fatal(err)
	}

	// What the checker itself reports, per file.
	data, err := os.ReadFile(filepath.Join(root, "heaplint.yml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := analyzer.ParseConfigFile("heaplint.yml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Profile) > 0 { // relative to the config file, as the server reads it
		var files []string
		for _, f := range cfg.Profile {
			files = append(files, filepath.Join(root, f))
		}
		prof, err := profile.Load(os.ReadFile, files...)
		if err != nil {
			t.Fatal(err)
		}
		cfg.UseProfile(prof.OnDemand(nil))
	}
	analyzers, err := analyzer.Suite(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(analyzers) == 0 {
		t.Skip("SKIP: no heaplint check is registered yet; TestNeovim covers the editor path with test checks")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: root}, ".")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("loading the example: %v", err)
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	type expected struct {
		diag nvimDiag
		fix  string
	}
	byFile := map[string][]expected{}
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			// Hot findings show one step stronger (warning) than the
			// others (information).
			severity := map[bool]int{true: 2, false: 3}[d.Category == "hot"]
			e := expected{diag: nvimDiag{Lnum: pos.Line - 1, Col: pos.Column - 1, Code: act.Analyzer.Name, Message: d.Message, Severity: severity}}
			if len(d.SuggestedFixes) > 0 {
				e.fix = d.SuggestedFixes[0].Message
			}
			byFile[pos.Filename] = append(byFile[pos.Filename], e)
		}
	}
	if len(byFile) == 0 {
		t.Skip("SKIP: the registered checks report nothing on testdata/example yet")
	}
	// The file with the most findings, preferring one with a fix.
	var file string
	score := func(f string) int {
		n := len(byFile[f]) * 2
		if slices.ContainsFunc(byFile[f], func(e expected) bool { return e.fix != "" }) {
			n += 1000
		}
		return n
	}
	for f := range byFile {
		if file == "" || score(f) > score(file) || score(f) == score(file) && f < file {
			file = f
		}
	}
	exp := byFile[file]
	slices.SortFunc(exp, func(a, b expected) int {
		return cmpDiag(a.diag, b.diag)
	})
	params := nvimParams{
		File:        file,
		Root:        root,
		Cmd:         []string{os.Args[0]},
		Env:         map[string]string{serverEnv: "registry"},
		InitOptions: map[string]any{"config": "heaplint.yml"},
		Expect:      len(exp),
	}
	for _, e := range exp {
		if e.fix != "" {
			params.FixCode, params.FixLnum, params.FixCol = e.diag.Code, e.diag.Lnum, e.diag.Col
			params.FixTitle = e.fix
			break
		}
	}
	t0 := time.Now()
	res := runNvim(t, nvim, params)
	t.Logf("Neovim session on %s (%d findings): %v", filepath.Base(file), len(exp), time.Since(t0).Round(time.Millisecond))

	var got, want []string
	for _, d := range res.diags {
		got = append(got, fmt.Sprintf("%d:%d %s (severity %d): %s", d.Lnum+1, d.Col+1, d.Code, d.Severity, d.Message))
		if d.Source != "heaplint" || !strings.HasPrefix(d.Href, "https://") {
			t.Errorf("diagnostic %+v: want source heaplint, a docs link", d)
		}
	}
	for _, e := range exp {
		want = append(want, fmt.Sprintf("%d:%d %s (severity %d): %s", e.diag.Lnum+1, e.diag.Col+1, e.diag.Code, e.diag.Severity, e.diag.Message))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics of %s in Neovim:\n got %q\nwant %q", filepath.Base(file), got, want)
	}
	if params.FixTitle != "" {
		if !slices.Contains(res.actions, params.FixTitle) {
			t.Errorf("code actions = %q, want %q among them", res.actions, params.FixTitle)
		}
		// The fixed finding is gone from the unsaved buffer.
		count := func(ds []nvimDiag) int {
			n := 0
			for _, d := range ds {
				if d.Code == params.FixCode {
					n++
				}
			}
			return n
		}
		if count(res.after) >= count(res.diags) {
			t.Errorf("%s findings after applying %q: %d, before: %d", params.FixCode, params.FixTitle, count(res.after), count(res.diags))
		}
	}
}

func cmpDiag(a, b nvimDiag) int {
	if a.Lnum != b.Lnum {
		return a.Lnum - b.Lnum
	}
	if a.Col != b.Col {
		return a.Col - b.Col
	}
	return strings.Compare(a.Code, b.Code)
}

// lineCol returns the zero-based line and byte column of the first sub in text.
func lineCol(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if j := strings.Index(l, sub); j >= 0 {
			return i, j
		}
	}
	t.Fatalf("%q not found", sub)
	return 0, 0
}
