package main

import "testing"

func TestPreScan(t *testing.T) {
	for _, tc := range []struct {
		args        []string
		config, dir string
		bad         bool
	}{
		{args: []string{"./..."}},
		{args: []string{"-config", "h.yml", "./..."}, config: "h.yml"},
		{args: []string{"--config=h.yml", "-C", "x", "./..."}, config: "h.yml", dir: "x"},
		{args: []string{"-c", "3", "-config", "h.yml", "./..."}, config: "h.yml"},
		{args: []string{"-json", "-C=dir", "std"}, dir: "dir"},
		{args: []string{"--", "-config", "h.yml"}},
		{args: []string{"-config"}, bad: true},
		{args: []string{"-config="}, bad: true},
	} {
		pre, err := preScan(tc.args)
		if (err != nil) != tc.bad || pre.config != tc.config || pre.dir != tc.dir {
			t.Errorf("preScan(%q) = %+v, %v; want config %q dir %q bad %v", tc.args, pre, err, tc.config, tc.dir, tc.bad)
		}
	}
}
