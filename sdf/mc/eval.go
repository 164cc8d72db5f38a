package mc

import (
	"fmt"
	"runtime"
	"sync"
)

// minPerThread is the fewest points Evaluate hands to one goroutine.
const minPerThread = 1024

// Evaluate sets out[i] to the value of f at point i of pts (row-major,
// len(pts) = 3·len(out)), calling f on at most batch points at a time
// (batch < 1 means DefaultBatch). With concurrent, the points are split
// into up to GOMAXPROCS contiguous parts (of at least 1,024 points) evaluated by as many goroutines at once,
// so f must then be safe for concurrent use; otherwise f is called from the
// calling goroutine only. It panics if the lengths disagree.
func Evaluate(f Field, pts, out []float32, batch int, concurrent bool) {
	n := len(out)
	if len(pts) != 3*n {
		panic(fmt.Sprintf("mc: Evaluate with %d coordinates for %d values", len(pts), n))
	}
	if batch < 1 {
		batch = DefaultBatch
	}
	run := func(lo, hi int) {
		for b := lo; b < hi; b += batch {
			e := min(b+batch, hi)
			f(pts[3*b:3*e], out[b:e])
		}
	}
	threads := 1
	if concurrent {
		threads = min(runtime.GOMAXPROCS(0), n/minPerThread)
	}
	if threads <= 1 {
		run(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < threads; w++ {
		wg.Go(func() { run(w*n/threads, (w+1)*n/threads) })
	}
	run(0, n/threads)
	wg.Wait()
}
