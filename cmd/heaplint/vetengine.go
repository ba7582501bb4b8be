package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// runVet runs heaplint through the go command's vet engine, `go vet
// -vettool=<this binary>`: one small process per package, in parallel,
// with results cached by the go command, so a re-run over unchanged code
// costs next to nothing and memory stays that of one package. The
// per-package outputs arrive in completion order; runVet merges and sorts
// them so that the same input gives the same output, byte for byte.
func runVet(self string, pre driverFlags) int {
	args := slices.Clone(pre.rest)
	config, err := absConfig(pre.config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "heaplint: -config: %v\n", err)
		return 1
	}
	vetArgs := []string{"vet", "-vettool=" + self}
	if config != "" {
		sum, err := fileDigest(config)
		if err != nil {
			fmt.Fprintf(os.Stderr, "heaplint: -config: %v\n", err)
			return 1
		}
		// go vet caches a package's result by the tool and its flags:
		// without the digest, an edited config would get the old
		// settings' results.
		vetArgs = append(vetArgs, "-config="+config, "-"+configSumFlag+"="+sum)
	}
	if hasFlag(args, "fix") {
		// go vet applies the fixes itself (or prints them with -diff).
		return goCommand(append(vetArgs, args...), os.Stdout)
	}
	wantJSON := hasFlag(args, "json")
	if !wantJSON {
		vetArgs = append(vetArgs, "-json")
	}
	var stdout bytes.Buffer
	code := goCommand(append(vetArgs, args...), &stdout)
	tree, err := mergeTrees(&stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "heaplint: reading go vet's output: %v\n", err)
		return 1
	}
	if wantJSON {
		data, _ := json.MarshalIndent(tree, "", "\t")
		fmt.Printf("%s\n", data)
		return code
	}
	return max(code, printPlain(tree))
}

// configSumFlag carries fileDigest of the -config file through go vet.
const configSumFlag = "config-sum"

// fileDigest returns a hex SHA-256 of the file's contents.
func fileDigest(name string) (string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// goCommand runs the go command with args, its stderr passed through, and
// returns its exit code.
func goCommand(args []string, stdout io.Writer) int {
	cmd := exec.Command("go", args...)
	cmd.Stdout, cmd.Stderr = stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		fmt.Fprintf(os.Stderr, "heaplint: %v\n", err)
		return 1
	}
	return 0
}

// hasFlag reports whether args set the boolean flag name to true.
func hasFlag(args []string, name string) bool {
	on := false
	for _, arg := range args {
		if arg == "--" {
			break
		}
		n, v, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && n == name {
			on = !hasValue || v == "true" || v == "1"
		}
	}
	return on
}

// jsonTree is the unitchecker's -json output: package ID → check name →
// a list of diagnostics, or an {"error": ...} object.
type jsonTree map[string]map[string]json.RawMessage

// mergeTrees reads the stream of per-package JSON objects go vet prints.
func mergeTrees(r io.Reader) (jsonTree, error) {
	tree := jsonTree{}
	dec := json.NewDecoder(r)
	for dec.More() {
		var t jsonTree
		if err := dec.Decode(&t); err != nil {
			return nil, err
		}
		for pkg, checks := range t {
			if tree[pkg] == nil {
				tree[pkg] = map[string]json.RawMessage{}
			}
			for check, v := range checks {
				tree[pkg][check] = v
			}
		}
	}
	return tree, nil
}

type plainDiag struct {
	file      string
	line, col int
	message   string
	related   []plainDiag
}

// printPlain prints each diagnostic as "file:line:col: message" on stderr,
// followed by its related information as "file:line:col: \tmessage" (the
// multichecker's form), sorted by position, and then each analyzer error;
// it returns the exit code: 1 when it printed anything.
func printPlain(tree jsonTree) int {
	var diags []plainDiag
	var errs []string
	for pkg, checks := range tree {
		for check, raw := range checks {
			var list []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
				Related []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				} `json:"related"`
			}
			if err := json.Unmarshal(raw, &list); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, check, raw))
				continue
			}
			for _, d := range list {
				pd := parsePosn(d.Posn, d.Message)
				for _, r := range d.Related {
					pd.related = append(pd.related, parsePosn(r.Posn, "\t"+r.Message))
				}
				diags = append(diags, pd)
			}
		}
	}
	slices.SortFunc(diags, comparePlain)
	diags = slices.CompactFunc(diags, func(a, b plainDiag) bool { return comparePlain(a, b) == 0 })
	slices.Sort(errs)
	wd, _ := os.Getwd()
	for _, d := range diags {
		for _, line := range append([]plainDiag{d}, d.related...) {
			fmt.Fprintf(os.Stderr, "%s:%d:%d: %s\n", shortPath(wd, line.file), line.line, line.col, line.message)
		}
	}
	for _, e := range errs {
		fmt.Fprintf(os.Stderr, "heaplint: analysis failed: %s\n", e)
	}
	if len(diags) > 0 || len(errs) > 0 {
		return 1
	}
	return 0
}

// comparePlain orders diagnostics by position, then message, then their
// related information.
func comparePlain(a, b plainDiag) int {
	if c := strings.Compare(a.file, b.file); c != 0 {
		return c
	}
	if a.line != b.line {
		return a.line - b.line
	}
	if a.col != b.col {
		return a.col - b.col
	}
	if c := strings.Compare(a.message, b.message); c != 0 {
		return c
	}
	return slices.CompareFunc(a.related, b.related, comparePlain)
}

// parsePosn splits "file:line:col".
func parsePosn(posn, message string) plainDiag {
	d := plainDiag{file: posn, message: message}
	rest, colStr, ok1 := cutLast(posn)
	file, lineStr, ok2 := cutLast(rest)
	line, err1 := strconv.Atoi(lineStr)
	col, err2 := strconv.Atoi(colStr)
	if ok1 && ok2 && err1 == nil && err2 == nil {
		d.file, d.line, d.col = file, line, col
	}
	return d
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// shortPath returns file relative to wd when that is shorter, as go vet does.
func shortPath(wd, file string) string {
	if rel, err := filepath.Rel(wd, file); err == nil && len(rel) < len(file) && !strings.HasPrefix(rel, "..") {
		return "." + string(filepath.Separator) + rel
	}
	return file
}
