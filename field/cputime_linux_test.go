package field

import "golang.org/x/sys/unix"

// threadSeconds returns the CPU time that the calling OS thread has used
// (lock the goroutine to its thread first), so that a benchmark on a
// loaded machine times its own work and not the other processes' turns;
// or the wall clock when that is not known.
func threadSeconds() float64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts) != nil {
		return wallSeconds()
	}
	return float64(ts.Nano()) * 1e-9
}

// processSeconds returns the CPU time that all the process's threads have
// used, or the wall clock when that is not known.
func processSeconds() float64 {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts) != nil {
		return wallSeconds()
	}
	return float64(ts.Nano()) * 1e-9
}
