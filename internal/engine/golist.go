package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// listed is one package as `go list -json` describes it.
type listed struct {
	ImportPath      string // the package's ID: "p", or "p [q.test]" for a test variant
	Name            string
	Dir             string
	Export          string // the compiled export data (with -export)
	BuildID         string // "actionID/outputID" of the compile (with -export)
	CompiledGoFiles []string
	CFiles          []string // with SFiles, what the analysis pass calls OtherFiles
	SFiles          []string
	IgnoredGoFiles  []string
	EmbedFiles      []string
	Imports         []string // resolved IDs (ImportMap applied), sorted
	ImportMap       map[string]string
	DepOnly         bool // listed only as a dependency of the patterns' packages
	Module          *struct {
		Path, Version, GoVersion string
	}
	Error *struct {
		ImportStack []string
		Pos, Err    string
	}

	OtherFiles []string `json:"-"`
}

// listFields are the fields asked of the go command: asking for fewer
// spares it work.
const listFields = "ImportPath,Name,Dir,Export,BuildID,CompiledGoFiles,CFiles,SFiles,IgnoredGoFiles,EmbedFiles,Imports,ImportMap,DepOnly,Module,Error"

// pkgPath is the package path of a package ID: "p [q.test]" → "p".
func pkgPath(id string) string {
	if i := strings.IndexByte(id, ' '); i >= 0 {
		return id[:i]
	}
	return id
}

// isTestVariant reports whether a package ID names a package compiled
// for a test ("p [q.test]"), which has no export data of its own.
func isTestVariant(id string) bool { return strings.Contains(id, " [") }

// golist runs `go list -e -json=... -compiled -deps args...` in dir with
// the overlay (file path → content) and returns the packages in the go
// command's order, dependencies first.
func golist(ctx context.Context, dir string, env []string, overlay map[string][]byte, args ...string) ([]*listed, error) {
	pkgs, _, err := golistWarn(ctx, dir, env, overlay, args...)
	return pkgs, err
}

// golistWarn is golist that also returns what the go command said on
// standard error while succeeding: its warnings ("go: warning: "./..."
// matched no packages").
func golistWarn(ctx context.Context, dir string, env []string, overlay map[string][]byte, args ...string) ([]*listed, string, error) {
	cmdArgs := []string{"list", "-e", "-json=" + listFields, "-compiled", "-deps"}
	if len(overlay) > 0 {
		file, cleanup, err := writeOverlay(overlay)
		if err != nil {
			return nil, "", err
		}
		defer cleanup()
		cmdArgs = append(cmdArgs, "-overlay="+file)
	}
	cmdArgs = append(cmdArgs, args...)
	cmd := exec.CommandContext(ctx, "go", cmdArgs...)
	cmd.Dir = dir
	cmd.Env = env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		return nil, "", fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	var pkgs []*listed
	dec := json.NewDecoder(&stdout)
	for {
		p := new(listed)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, "", fmt.Errorf("go list: %v", err)
		}
		p.abs()
		pkgs = append(pkgs, p)
	}
	return pkgs, stderr.String(), nil
}

// abs makes the file names absolute (the go command gives them relative
// to Dir, except generated ones) and sorts Imports.
func (p *listed) abs() {
	for _, list := range [][]string{p.CompiledGoFiles, p.CFiles, p.SFiles, p.IgnoredGoFiles, p.EmbedFiles} {
		for i, f := range list {
			if !filepath.IsAbs(f) {
				list[i] = filepath.Join(p.Dir, f)
			}
		}
	}
	p.OtherFiles = append(slices.Clip(p.CFiles), p.SFiles...)
	slices.Sort(p.Imports)
}

// errors returns the go command's error about the package, if any. (Its
// dependencies' errors show as the type-checker's failures to import.)
func (p *listed) errors() []string {
	switch {
	case p.Error == nil:
		return nil
	case p.Error.Pos == "":
		return []string{p.Error.Err}
	}
	return []string{p.Error.Pos + ": " + p.Error.Err}
}

// loadError is the go command's message for a package that does not
// load, as go build and go vet print it (PackageError.Error in
// cmd/go/internal/load): the position if known, else the import stack.
func (p *listed) loadError() string {
	e := p.Error
	switch {
	case e.Pos != "":
		return e.Pos + ": " + e.Err
	case len(e.ImportStack) == 0:
		return e.Err
	}
	return "package " + strings.Join(e.ImportStack, "\n\timports ") + ": " + e.Err
}

// writeOverlay writes the go command's -overlay file: each replaced file's
// content in a temporary file, and the JSON mapping the two.
func writeOverlay(overlay map[string][]byte) (string, func(), error) {
	dir, err := os.MkdirTemp("", "heaplint-overlay")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	replace := make(map[string]string, len(overlay))
	i := 0
	for path, content := range overlay {
		i++
		name := filepath.Join(dir, fmt.Sprintf("%d-%s", i, filepath.Base(path)))
		if err := os.WriteFile(name, content, 0o600); err != nil {
			cleanup()
			return "", nil, err
		}
		replace[path] = name
	}
	data, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "overlay.json"), data, 0o600)
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return filepath.Join(dir, "overlay.json"), cleanup, nil
}
