package main

import (
	"slices"
	"testing"
)

func TestPreScan(t *testing.T) {
	for _, tc := range []struct {
		args                []string
		config, dir, engine string
		rest                []string
		bad                 bool
	}{
		{args: []string{"./..."}, rest: []string{"./..."}},
		{args: []string{"-config", "h.yml", "./..."}, config: "h.yml", rest: []string{"./..."}},
		{args: []string{"--config=h.yml", "-C", "x", "./..."}, config: "h.yml", dir: "x", rest: []string{"./..."}},
		{args: []string{"-c", "3", "-config", "h.yml", "./..."}, config: "h.yml", rest: []string{"-c", "3", "./..."}},
		{args: []string{"-json", "-C=dir", "-engine=inprocess", "std"}, dir: "dir", engine: "inprocess", rest: []string{"-json", "std"}},
		{args: []string{"--", "-config", "h.yml"}, rest: []string{"--", "-config", "h.yml"}},
		{args: []string{"-config"}, bad: true},
		{args: []string{"-config="}, bad: true},
		{args: []string{"-engine", "fast", "./..."}, bad: true},
	} {
		pre, err := preScan(tc.args)
		if tc.engine == "" {
			tc.engine = engineVet
		}
		if (err != nil) != tc.bad {
			t.Errorf("preScan(%q): err = %v, want bad=%v", tc.args, err, tc.bad)
			continue
		}
		if tc.bad {
			continue
		}
		if pre.config != tc.config || pre.dir != tc.dir || pre.engine != tc.engine || !slices.Equal(pre.rest, tc.rest) {
			t.Errorf("preScan(%q) = %+v; want config %q dir %q engine %q rest %q", tc.args, pre, tc.config, tc.dir, tc.engine, tc.rest)
		}
	}
}

func TestHandshakeAndHelp(t *testing.T) {
	for _, args := range [][]string{{"-flags"}, {"-V=full"}, {"-config=/x.yml", "/tmp/vet.cfg"}} {
		if !runsUnderGoVet(args) {
			t.Errorf("runsUnderGoVet(%q) = false", args)
		}
	}
	if runsUnderGoVet([]string{"./..."}) {
		t.Error("a package pattern is not go vet's call")
	}
	for _, args := range [][]string{{}, {"-json"}, {"help"}, {"-json", "help", "boxing"}} {
		if !wantsHelp(args) {
			t.Errorf("wantsHelp(%q) = false", args)
		}
	}
	if wantsHelp([]string{"-json", "./..."}) {
		t.Error("wantsHelp with a package")
	}
}

func TestHasFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-fix", "./..."}, true},
		{[]string{"--fix=true"}, true},
		{[]string{"-fix=false"}, false},
		{[]string{"-fixes"}, false},
		{[]string{"--", "-fix"}, false},
	} {
		if got := hasFlag(tc.args, "fix"); got != tc.want {
			t.Errorf("hasFlag(%q) = %v", tc.args, got)
		}
	}
}

func TestParsePosn(t *testing.T) {
	d := parsePosn("/a/b:c.go:12:7", "m")
	if d.file != "/a/b:c.go" || d.line != 12 || d.col != 7 {
		t.Errorf("parsePosn = %+v", d)
	}
	if d := parsePosn("nowhere", "m"); d.file != "nowhere" || d.line != 0 {
		t.Errorf("parsePosn(nowhere) = %+v", d)
	}
}
