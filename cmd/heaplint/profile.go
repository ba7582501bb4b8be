package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/heaplint/heaplint/analyzer"
	"github.com/heaplint/heaplint/internal/profile"
)

// The values of -pgo.
const (
	pgoAuto = "auto" // default.pgo beside the analyzed main packages, as go build -pgo=auto
	pgoOff  = "off"
)

// profileDigestsFlag names, for each package's process under go vet, the
// directory of per-package digests that heaplint's vet engine wrote from
// the profile it read once. The directory's name is the digests' hash, so
// the flag also keys go vet's cache: another profile, other results.
const profileDigestsFlag = "profile-digests"

// runProfile is the profile of one run, read once in this process and
// digested for exactly the packages the run analyzes (both engines weigh
// alike).
type runProfile struct {
	files []string
	set   *profile.Set
}

// readProfile reads the run's profiles: those the settings name (-profile
// or the config file's profile), else with -pgo=auto the default.pgo files
// beside the analyzed main packages. It returns nil when there are none.
// It says on stderr which default.pgo it took, and once what part of the
// profile matched no function or line of the current source.
func readProfile(cfg *analyzer.Config, pgo string, patterns []string, stderr io.Writer) (*runProfile, error) {
	if len(cfg.Profile) == 0 && pgo == pgoOff {
		return nil, nil
	}
	pkgs, err := listAnalyzed(patterns)
	if err != nil {
		return nil, err
	}
	files := []string(cfg.Profile)
	if len(files) == 0 {
		var mains []string
		for _, p := range pkgs {
			if p.Name == "main" {
				mains = append(mains, p.Dir)
			}
		}
		files = profile.AutoPGO(exists, mains)
		if len(files) == 0 {
			return nil, nil
		}
		cfg.Profile = files
		for _, f := range files {
			fmt.Fprintf(stderr, "heaplint: profile: %s (-pgo=auto; -pgo=off to not use it)\n", relPath(f))
		}
	}
	p, err := profile.Load(os.ReadFile, files...)
	if err != nil {
		return nil, fmt.Errorf("setting %v", err) // "setting profile: FILE: ..."
	}
	set := p.Digests(pkgs)
	u, err := set.Unmatched(os.ReadFile)
	if err != nil {
		return nil, err
	}
	if s := u.String(); s != "" {
		fmt.Fprintf(stderr, "heaplint: %s\n", s)
	}
	return &runProfile{files: files, set: set}, nil
}

// writeDigests writes the digests of every analyzed package into a
// directory of heaplint's cache named by their hash, and returns it: the
// same profile gives the same directory, so go vet's cache keeps serving
// results while the profile does not change.
func (rp *runProfile) writeDigests() (string, error) {
	tmp, err := os.MkdirTemp(cacheRoot(), "digests-")
	if err != nil {
		return "", err
	}
	sum, err := rp.set.WriteDir(func(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }, tmp)
	if err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	dir := filepath.Join(cacheRoot(), sum)
	if _, err := os.Stat(dir); err == nil {
		os.RemoveAll(tmp) // written by an earlier run
		return dir, nil
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		if _, statErr := os.Stat(dir); statErr == nil {
			return dir, nil // a concurrent run won
		}
		return "", err
	}
	return dir, nil
}

// key identifies the run's profile as it weighs the analyzed packages:
// the hash of their digests, the name of writeDigests' directory, which
// keys go vet's cache. The export engine keys its cached results by it.
func (rp *runProfile) key() (string, error) {
	sum, err := rp.set.WriteDir(func(string, []byte) error { return nil }, "")
	if err != nil {
		return "", err
	}
	return "\nprofile digests " + sum, nil
}

// cacheRoot is where heaplint keeps profile digests, created on demand.
func cacheRoot() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "heaplint", "profile-digests")
	os.MkdirAll(dir, 0o755)
	return dir
}

// listAnalyzed lists the packages a run analyzes as go vet does: each
// package with its test files, and its external test package apart.
func listAnalyzed(patterns []string) ([]profile.Package, error) {
	args := append([]string{"list", "-e", "-json=ImportPath,Name,Dir,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles"}, patterns...)
	cmd := exec.Command("go", args...)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, errs.Bytes())
	}
	var pkgs []profile.Package
	dec := json.NewDecoder(&out)
	for dec.More() {
		var p struct {
			ImportPath, Name, Dir                        string
			GoFiles, CgoFiles, TestGoFiles, XTestGoFiles []string
		}
		if err := dec.Decode(&p); err != nil {
			return nil, err
		}
		abs := func(names ...[]string) []string {
			var out []string
			for _, list := range names {
				for _, n := range list {
					out = append(out, filepath.Join(p.Dir, n))
				}
			}
			return out
		}
		pkgs = append(pkgs, profile.Package{Path: p.ImportPath, Name: p.Name, Dir: p.Dir, Files: abs(p.GoFiles, p.CgoFiles, p.TestGoFiles)})
		if len(p.XTestGoFiles) > 0 {
			pkgs = append(pkgs, profile.Package{Path: p.ImportPath + "_test", Name: p.Name + "_test", Dir: p.Dir, Files: abs(p.XTestGoFiles)})
		}
	}
	return pkgs, nil
}

// vetDigest reads, in a package's process under go vet, the digest of the
// package named by the vet config file cfgFile from the directory
// heaplint's vet engine wrote.
func vetDigest(dir, cfgFile string) (*profile.Digest, error) {
	data, err := os.ReadFile(cfgFile)
	if err != nil {
		return nil, err
	}
	var vcfg struct{ ImportPath string }
	if err := json.Unmarshal(data, &vcfg); err != nil {
		return nil, fmt.Errorf("%s: %v", cfgFile, err)
	}
	return profile.ReadDigest(os.ReadFile, dir, vcfg.ImportPath)
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// relPath names a file relative to the working directory when it is below
// it, as go vet names files.
func relPath(name string) string {
	wd, err := os.Getwd()
	if err != nil {
		return name
	}
	if rel, err := filepath.Rel(wd, name); err == nil && filepath.IsLocal(rel) {
		return "." + string(filepath.Separator) + rel
	}
	return name
}
