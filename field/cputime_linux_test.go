package field

import "syscall"

// rusageThread is Linux's RUSAGE_THREAD, which package syscall does not name.
const rusageThread = 1

// threadSeconds returns the CPU time, user and system, that the calling
// OS thread has used (lock the goroutine to its thread first), so that a
// benchmark on a loaded machine times its own work and not the other
// processes' turns; or the wall clock when that is not known.
func threadSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(rusageThread, &ru) != nil {
		return wallSeconds()
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) * 1e-9
}
