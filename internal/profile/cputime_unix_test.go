//go:build unix

package profile

import (
	"syscall"
	"time"
)

// cpuTime is the process's CPU time so far, user and system: on a busy
// machine, a fairer measure of the work than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
