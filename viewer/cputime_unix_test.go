//go:build viewer && unix

package viewer

import (
	"syscall"
	"time"
)

// cpuTime returns the user and system time the process has used so far,
// llvmpipe's threads included, or 0 where that is not known.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
