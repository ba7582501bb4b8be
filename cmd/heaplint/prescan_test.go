package main

import (
	"slices"
	"testing"
)

func TestPreScan(t *testing.T) {
	for _, tc := range []struct {
		args             []string
		config, settings string
		rest             []string
		bad              bool
	}{
		{args: []string{"vet.cfg"}, rest: []string{"vet.cfg"}},
		{args: []string{"-config", "h.yml", "vet.cfg"}, config: "h.yml", rest: []string{"vet.cfg"}},
		{args: []string{"--config=h.yml", "-settings", "{}", "vet.cfg"}, config: "h.yml", settings: "{}", rest: []string{"vet.cfg"}},
		{args: []string{"-c", "3", "-config", "h.yml", "vet.cfg"}, config: "h.yml", rest: []string{"-c", "3", "vet.cfg"}},
		{args: []string{"--", "-config", "h.yml"}, rest: []string{"--", "-config", "h.yml"}},
		{args: []string{"-config"}, bad: true},
		{args: []string{"-settings="}, bad: true},
	} {
		pre, err := preScan(tc.args)
		if (err != nil) != tc.bad {
			t.Errorf("preScan(%q): err = %v, want bad=%v", tc.args, err, tc.bad)
			continue
		}
		if tc.bad {
			continue
		}
		if pre.config != tc.config || pre.settings != tc.settings || !slices.Equal(pre.rest, tc.rest) {
			t.Errorf("preScan(%q) = %+v; want config %q settings %q rest %q", tc.args, pre, tc.config, tc.settings, tc.rest)
		}
	}
}

func TestRunsUnderGoVet(t *testing.T) {
	for _, args := range [][]string{{"-flags"}, {"-V=full"}, {"-config=/x.yml", "/tmp/vet.cfg"}} {
		if !runsUnderGoVet(args) {
			t.Errorf("runsUnderGoVet(%q) = false", args)
		}
	}
	for _, args := range [][]string{{"./..."}, {"-version"}, {"help"}} {
		if runsUnderGoVet(args) {
			t.Errorf("runsUnderGoVet(%q) = true", args)
		}
	}
}
