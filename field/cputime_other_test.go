//go:build !linux

package field

// threadSeconds is the wall clock where a thread's CPU time is not known.
func threadSeconds() float64 { return wallSeconds() }

// processSeconds is the wall clock where the process's CPU time is not known.
func processSeconds() float64 { return wallSeconds() }
