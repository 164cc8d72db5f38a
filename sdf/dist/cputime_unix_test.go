//go:build unix

package dist

import "syscall"

// cpuSeconds returns the CPU time the process has used so far, user and
// system, or 0 where that is not known.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) * 1e-9
}
