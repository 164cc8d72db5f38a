package parallel

import (
	"runtime"
	"sync"
)

// Count resolves a thread count: values below 1 mean all CPUs
// (runtime.GOMAXPROCS(0)); positive values are returned unchanged.
func Count(threads int) int {
	if threads < 1 {
		return runtime.GOMAXPROCS(0)
	}
	return threads
}

// For splits [0, n) into Count(threads) contiguous chunks, chunk w being
// [w·n/t, (w+1)·n/t), and calls fn(w, lo, hi) for each non-empty chunk,
// chunk 0 on the calling goroutine. The boundaries depend only on n and the
// thread count, so per-worker results can be combined deterministically.
// It panics on a negative n (a programmer error). A call with more than one
// chunk allocates a few small objects (closures and the wait group).
func For(n, threads int, fn func(w, lo, hi int)) {
	if n < 0 {
		panic("parallel: For over a negative count")
	}
	t := Count(threads)
	if t == 1 || n <= 1 {
		if n > 0 {
			fn(0, 0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < t; w++ {
		lo, hi := w*n/t, (w+1)*n/t
		if lo < hi {
			wg.Go(func() { fn(w, lo, hi) })
		}
	}
	if hi := n / t; hi > 0 {
		fn(0, 0, hi)
	}
	wg.Wait()
}

// Workers calls fn(w) for w in [0, Count(threads)), worker 0 on the calling
// goroutine, and returns when all have returned. The workers share out the
// work themselves (an atomic counter, a channel), which suits work of
// uneven cost; results that must not depend on scheduling should be
// written per item, not per worker.
func Workers(threads int, fn func(w int)) {
	t := Count(threads)
	var wg sync.WaitGroup
	for w := 1; w < t; w++ {
		wg.Go(func() { fn(w) })
	}
	fn(0)
	wg.Wait()
}
