package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// sampleTreeRSS samples, every interval until stop is closed, the summed
// resident memory of process pid and its descendants (go vet's engine runs
// a process per package, two or more at a time), and sends the largest sum
// in MB on the returned channel. The largest single process is what
// rusage says; this is what the machine must hold at once. Samples miss
// short peaks: it is a lower bound.
func sampleTreeRSS(pid int, interval time.Duration, stop <-chan struct{}) <-chan float64 {
	out := make(chan float64, 1)
	go func() {
		peak := 0.0
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			peak = max(peak, treeRSS(pid))
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// treeRSS returns the resident memory, in MB, of pid and its descendants,
// read from /proc (0 where there is none).
func treeRSS(pid int) float64 {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	type proc struct {
		ppid int
		rss  float64
	}
	procs := map[int]proc{}
	for _, e := range entries {
		id, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readProc(id); ok {
			procs[id] = p
		}
	}
	inTree := func(id int) bool {
		for hops := 0; id > 1 && hops < 64; hops++ {
			if id == pid {
				return true
			}
			id = procs[id].ppid
		}
		return false
	}
	sum := 0.0
	for id, p := range procs {
		if inTree(id) {
			sum += p.rss
		}
	}
	return sum
}

// readProc reads a process's parent and resident memory from
// /proc/PID/stat (fields 4 and 24, after the parenthesized command name).
func readProc(id int) (struct {
	ppid int
	rss  float64
}, bool) {
	var p struct {
		ppid int
		rss  float64
	}
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(id), "stat"))
	if err != nil {
		return p, false
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return p, false
	}
	f := bytes.Fields(data[i+1:])
	if len(f) < 22 {
		return p, false
	}
	ppid, err1 := strconv.Atoi(string(f[1]))
	pages, err2 := strconv.Atoi(string(f[21]))
	if err1 != nil || err2 != nil {
		return p, false
	}
	p.ppid, p.rss = ppid, float64(pages*os.Getpagesize())/(1<<20)
	return p, true
}
