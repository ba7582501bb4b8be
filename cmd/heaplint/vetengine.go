package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/heaplint/heaplint/analyzer"
)

// engineStatus says whether an engine could analyze every package.
type engineStatus struct {
	failed         bool // some package could not be loaded, type-checked or analyzed
	failedPackages int  // how many, when known
}

// runVet runs heaplint through the go command's vet engine, `go vet
// -vettool=<this binary> -json`: one small process per package, in
// parallel, with results cached by the go command, so a re-run over
// unchanged code costs next to nothing and memory stays that of one
// package. The whole configuration goes to each process as -settings,
// which also keys go vet's cache, and with a profile the directory of
// per-package digests (digests, named by their hash) as -profile-digests. The JSON trees go to tree; go vet's
// stderr (compile errors) is passed through.
func runVet(cfg analyzer.Config, digests string, patterns []string, tree io.Writer, stderr io.Writer) (engineStatus, error) {
	self, err := os.Executable()
	if err != nil {
		return engineStatus{}, err
	}
	settings, err := json.Marshal(cfg)
	if err != nil {
		return engineStatus{}, err
	}
	args := []string{"vet", "-vettool=" + self, "-json", "-" + settingsFlag + "=" + string(settings)}
	if digests != "" {
		// Each package's process reads its own digest of the profile.
		args = append(args, "-"+profileDigestsFlag+"="+digests)
	}
	args = append(args, patterns...)
	cmd := exec.Command("go", args...)
	var errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = tree, io.MultiWriter(stderr, &errs)
	err = cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		return engineStatus{}, fmt.Errorf("running go vet: %v", err)
	}
	// With -json, go vet exits non-zero only when a package could not be
	// built or analyzed; it names each in a "# pkg" line (followed by
	// "# [pkg]" for a test variant, the same package).
	if err == nil {
		return engineStatus{}, nil
	}
	st := engineStatus{failed: true}
	sc := bufio.NewScanner(&errs)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "# ") && !strings.HasPrefix(sc.Text(), "# [") {
			st.failedPackages++
		}
	}
	return st, nil
}
