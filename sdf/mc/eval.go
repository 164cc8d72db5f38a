package mc

import (
	"fmt"

	"github.com/neurbf/neurbf/internal/parallel"
)

// minPerThread is the fewest points Evaluate hands to one goroutine.
const minPerThread = 1024

// Evaluate sets out[i] to the value of f at point i of pts (row-major,
// len(pts) = 3·len(out)), calling f on at most batch points at a time
// (batch < 1 means DefaultBatch). The points are split by parallel.For
// into up to threads contiguous parts (0 means all CPUs, the module's
// convention, internal/parallel.Count) of at least minPerThread points,
// evaluated by as many goroutines at once, so f must be safe for
// concurrent use unless threads is 1, when f is called from the calling
// goroutine only. It panics if the lengths disagree.
func Evaluate(f ScalarFunc, pts, out []float32, batch, threads int) {
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
			f(out[b:e], pts[3*b:3*e])
		}
	}
	threads = max(1, min(parallel.Count(threads), n/minPerThread))
	parallel.For(n, threads, func(_, lo, hi int) { run(lo, hi) })
}
