package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The README's editor snippets (between <!-- BEGIN editors --> and
// <!-- END editors -->) are tested here as far as this machine allows; the
// README's "What is tested" paragraph says how far that is.

// snippet is one fenced code block of the README's editors section.
type snippet struct {
	lang, code string
}

func readmeSnippets(t *testing.T) []snippet {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	begin, end := strings.Index(text, "<!-- BEGIN editors -->"), strings.Index(text, "<!-- END editors -->")
	if begin < 0 || end < begin {
		t.Fatal("README.md has no editors section")
	}
	var out []snippet
	for _, m := range regexp.MustCompile("(?ms)^```(\\w+)\n(.*?)^```$").FindAllStringSubmatch(text[begin:end], -1) {
		out = append(out, snippet{lang: m[1], code: m[2]})
	}
	return out
}

// readmeSnippet returns the one snippet in lang that contains marker.
func readmeSnippet(t *testing.T, lang, marker string) string {
	t.Helper()
	var found []string
	for _, s := range readmeSnippets(t) {
		if s.lang == lang && strings.Contains(s.code, marker) {
			found = append(found, s.code)
		}
	}
	if len(found) != 1 {
		t.Fatalf("README.md's editors section has %d %s snippets containing %q, want 1", len(found), lang, marker)
	}
	return found[0]
}

// serverOnPath puts an executable named heaplint-lsp, which runs this test
// binary as the server with heaplint's checks, in a directory of its own,
// and returns PATH with that directory first.
func serverOnPath(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\nexec env %s=registry %q \"$@\"\n", serverEnv, os.Args[0])
	if err := os.WriteFile(filepath.Join(bin, "heaplint-lsp"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin + string(os.PathListSeparator) + os.Getenv("PATH")
}

// nvimEnv is the environment of a headless Neovim: its state in tmp, the
// go command's build cache where it is.
func nvimEnv(t *testing.T, tmp string, extra ...string) []string {
	t.Helper()
	env := os.Environ()
	for _, xdg := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		env = append(env, xdg+"="+filepath.Join(tmp, xdg))
	}
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	return append(append(env, "GOCACHE="+strings.TrimSpace(string(gocache)), "HEAPLINT_CACHE="+filepath.Join(tmp, "heaplint")), extra...)
}

// TestReadmeNeovim07 runs the README's Neovim 0.7 init.lua exactly as
// printed, in Debian's headless Neovim, on a copy of the bundled example
// without its heaplint.yml (the snippet names it: a missing file must
// not stop the server): the server starts, its warning reaches the user,
// and diagnostics arrive.
func TestReadmeNeovim07(t *testing.T) {
	nvim := nvimPath(t)
	code := readmeSnippet(t, "lua", "vim.lsp.start_client")
	tmp := t.TempDir()
	root := filepath.Join(tmp, "example")
	if err := os.CopyFS(root, os.DirFS(filepath.Join("..", "..", "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(root, "heaplint.yml"))
	initLua := filepath.Join(tmp, "init.lua")
	if err := os.WriteFile(initLua, []byte(code), 0o666); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out.json")
	// The harness only watches: it records the server's window/showMessage
	// (installed with --cmd, before init.lua runs), waits for diagnostics,
	// then stops the servers.
	watch := `lua vim.lsp.handlers['window/showMessage'] = function(_, r) vim.g.heaplint_shown = (vim.g.heaplint_shown or '') .. r.message .. '\n' end`
	harness := fmt.Sprintf(`lua
		local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
		local diags = {}
		for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(diags, { source = d.source, code = d.code, lnum = d.lnum, severity = d.severity }) end
		local clients = {}
		for _, c in ipairs(vim.lsp.get_active_clients()) do table.insert(clients, c.name .. ' ' .. c.config.root_dir) end
		local f = io.open(%q, 'w')
		f:write(vim.json.encode({ ok = ok, diags = diags, clients = clients, shown = vim.g.heaplint_shown or '' }))
		f:close()
		vim.lsp.stop_client(vim.lsp.get_active_clients())
		vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
		vim.cmd('qa!')`, out)
	harness = strings.Join(strings.Fields(harness), " ")

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	file := filepath.Join(root, "unsizedmake.go")
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-i", "NONE", "-n", "--cmd", watch, "-u", initLua, file, "-c", harness)
	cmd.Dir = tmp // not the module: the snippet must find the root from the file
	cmd.Env = nvimEnv(t, tmp, "PATH="+serverOnPath(t))
	combined, err := cmd.CombinedOutput()
	lspLog, _ := os.ReadFile(filepath.Join(tmp, "XDG_CACHE_HOME", "nvim", "lsp.log"))
	if err != nil {
		t.Fatalf("nvim: %v\n%s\nlsp.log:\n%s", err, combined, lspLog)
	}
	var res struct {
		OK      bool
		Diags   []struct{ Source, Code string }
		Clients []string
		Shown   string
	}
	data, err := os.ReadFile(out)
	if err != nil || json.Unmarshal(data, &res) != nil {
		t.Fatalf("the harness wrote no result (%v): %s\n%s\nlsp.log:\n%s", err, data, combined, lspLog)
	}
	if !res.OK || len(res.Diags) == 0 {
		t.Errorf("no diagnostics under the README's Neovim 0.7 init.lua: %s\nlsp.log:\n%s", data, lspLog)
	}
	for _, d := range res.Diags {
		if d.Source != "heaplint" || d.Code == "" {
			t.Errorf("diagnostic %+v: want source heaplint and a check's name", d)
		}
	}
	if want := []string{"heaplint " + root}; !slices.Equal(res.Clients, want) {
		t.Errorf("clients %q, want %q (one server, at the module root)", res.Clients, want)
	}
	if want := filepath.Join(root, "heaplint.yml") + " does not exist; using the default settings"; !strings.Contains(res.Shown, want) {
		t.Errorf("messages shown: %q, want %q", res.Shown, want)
	}
}

// TestReadmeNeovimLua: the README's Lua for Neovim 0.11 and for
// nvim-lspconfig compiles (in Neovim 0.7's LuaJIT, the language of every
// Neovim) and passes what it should to vim.lsp.config and vim.lsp.enable,
// and to lspconfig, stood in for by recorders: Neovim 0.11 and lspconfig
// are not on this machine.
func TestReadmeNeovimLua(t *testing.T) {
	nvim := nvimPath(t)
	tmp := t.TempDir()
	var chunks []string
	for _, marker := range []string{"vim.lsp.config(", "require('lspconfig.configs')"} {
		chunks = append(chunks, fmt.Sprintf("%q", readmeSnippet(t, "lua", marker)))
	}
	out := filepath.Join(tmp, "out.json")
	script := fmt.Sprintf(`
local rec = { config = {}, enable = {}, setup = {} }
vim.lsp.config = function(name, cfg) rec.config[name] = cfg end
vim.lsp.enable = function(name) table.insert(rec.enable, name) end
local configs = {}
package.preload['lspconfig.configs'] = function() return configs end
package.preload['lspconfig.util'] = function()
  return { root_pattern = function(...) rec.root_pattern = { ... }; return function() end end }
end
package.preload['lspconfig'] = function()
  return setmetatable({}, { __index = function(_, name)
    return { setup = function(opts) rec.setup[name] = opts; rec.default_config = configs[name].default_config end }
  end })
end
for i, code in ipairs({ %s }) do
  local chunk, err = loadstring(code, 'snippet ' .. i)
  assert(chunk, err)
  chunk()
end
rec.default_config.root_dir = nil
local f = io.open(%q, 'w')
f:write(vim.json.encode(rec))
f:close()
vim.cmd('qa!')
`, strings.Join(chunks, ", "), out)
	file := filepath.Join(tmp, "record.lua")
	os.WriteFile(file, []byte(script), 0o666)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+file)
	cmd.Env = nvimEnv(t, tmp)
	if combined, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, combined)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no record: %v", err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"config": map[string]any{"heaplint": map[string]any{
			"cmd": []any{"heaplint-lsp"}, "filetypes": []any{"go"}, "root_markers": []any{"go.mod", ".git"},
			"init_options": map[string]any{"config": "heaplint.yml"},
		}},
		"enable":         []any{"heaplint"},
		"root_pattern":   []any{"go.mod", ".git"},
		"default_config": map[string]any{"cmd": []any{"heaplint-lsp"}, "filetypes": []any{"go"}},
		"setup":          map[string]any{"heaplint": map[string]any{"init_options": map[string]any{"config": "heaplint.yml"}}},
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("what the README's Lua passed:\n got %s\nwant %s", g, w)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v) // maps marshal with sorted keys
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadmeJSON: the JSON snippets (initializationOptions, VS Code's
// settings.json) are JSON, with the keys the server and extensions read.
func TestReadmeJSON(t *testing.T) {
	var n int
	for _, s := range readmeSnippets(t) {
		if s.lang != "json" {
			continue
		}
		n++
		var v map[string]any
		if err := json.Unmarshal([]byte(s.code), &v); err != nil {
			t.Errorf("not JSON (%v):\n%s", err, s.code)
		}
	}
	glspc := readmeSnippet(t, "json", "glspc.serverCommand")
	var settings map[string]any
	json.Unmarshal([]byte(glspc), &settings)
	if settings["glspc.serverCommand"] != "heaplint-lsp" || settings["glspc.languageId"] != "go" {
		t.Errorf("VS Code settings: %v", settings)
	}
	var opts map[string]any
	json.Unmarshal([]byte(readmeSnippet(t, "json", `"severity"`)), &opts)
	if len(opts) != 2 || opts["config"] != "heaplint.yml" || opts["severity"] != "hint" {
		t.Errorf("initializationOptions: %v", opts)
	}
	if n != 3 {
		t.Errorf("%d JSON snippets, want 3 (initializationOptions, two VS Code settings)", n)
	}
}

// TestReadmeHelix: the Helix languages.toml parses (with
// github.com/pelletier/go-toml/v2, run from the module proxy) and declares
// the server and its initializationOptions, and Go's servers with it.
func TestReadmeHelix(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIP: -short: fetches a TOML parser from the module proxy")
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "languages.toml")
	os.WriteFile(file, []byte(readmeSnippet(t, "toml", "[language-server.heaplint]")), 0o666)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "run", "github.com/pelletier/go-toml/v2/cmd/tomljson@v2.4.3", file)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		if strings.Contains(stderr, "languages.toml") {
			t.Fatalf("the README's languages.toml does not parse: %s", stderr)
		}
		t.Skipf("SKIP: the TOML parser cannot be fetched or run (%v): %s", err, stderr)
	}
	var got struct {
		LanguageServer map[string]struct {
			Command string
			Config  map[string]any
		} `json:"language-server"`
		Language []struct {
			Name            string
			LanguageServers []string `json:"language-servers"`
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	hl := got.LanguageServer["heaplint"]
	if hl.Command != "heaplint-lsp" || hl.Config["config"] != "heaplint.yml" {
		t.Errorf("language-server.heaplint = %+v", hl)
	}
	if len(got.Language) != 1 || got.Language[0].Name != "go" || !slices.Equal(got.Language[0].LanguageServers, []string{"gopls", "heaplint"}) {
		t.Errorf("language = %+v", got.Language)
	}
}

// TestReadmeEmacs evaluates the README's Emacs Lisp in Emacs with Debian's
// lsp-mode and Eglot loaded, and checks what they registered: lsp-mode's
// add-on client for Go whose command is found on PATH, and Eglot's entry
// for Go's modes. No lsp-mode or Eglot session runs here.
func TestReadmeEmacs(t *testing.T) {
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		t.Skip("SKIP: emacs is not installed (apt-get install -y emacs-nox elpa-lsp-mode elpa-eglot), so the README's Emacs Lisp is not checked")
	}
	tmp := t.TempDir()
	var forms []string
	for _, marker := range []string{"lsp-register-client", "eglot-server-programs"} {
		forms = append(forms, fmt.Sprintf("%q", readmeSnippet(t, "elisp", marker)))
	}
	script := fmt.Sprintf(`
(package-initialize)
(unless (and (require 'lsp-mode nil t) (require 'eglot nil t))
  (princ "missing lsp-mode or eglot\n")
  (kill-emacs 3))
(dolist (code (list %s))
  (let ((pos 0) form)
    (while (setq form (condition-case nil (read-from-string code pos) (end-of-file nil)))
      (setq pos (cdr form))
      (eval (car form) t))))
(let* ((client (gethash 'heaplint lsp-clients))
       (conn (and client (lsp--client-new-connection client))))
  (princ (format "lsp-mode: client %%s add-on %%s found %%s go %%s\n"
                 (and client t)
                 (and client (lsp--client-add-on? client))
                 (and conn (funcall (plist-get conn :test?)) t)
                 (and client (with-temp-buffer
                               (setq major-mode 'go-mode buffer-file-name "x.go")
                               (funcall (lsp--client-activation-fn client) "x.go" 'go-mode))
                      t))))
(princ (format "eglot: %%S\n" (assoc '(go-mode go-ts-mode) eglot-server-programs)))
`, strings.Join(forms, " "))
	file := filepath.Join(tmp, "check.el")
	os.WriteFile(file, []byte(script), 0o666)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, emacs, "--batch", "-l", file)
	cmd.Env = append(os.Environ(), "HOME="+tmp, "PATH="+serverOnPath(t))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
		t.Skip("SKIP: lsp-mode or Eglot is not installed (apt-get install -y elpa-lsp-mode elpa-eglot), so the README's Emacs Lisp is not checked")
	}
	if err != nil {
		t.Fatalf("emacs: %v\n%s", err, out)
	}
	for _, want := range []string{
		"lsp-mode: client t add-on t found t go t",
		`eglot: ((go-mode go-ts-mode) "rass" "--" "gopls" "--" "heaplint-lsp" "-config" "heaplint.yml")`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("emacs said:\n%s\nwant a line %q", out, want)
		}
	}
}
