package rbf

import (
	"runtime"
	"sync"
)

// parallelFor runs fn over [0, n) split into one contiguous chunk per
// available CPU. Chunks are disjoint, so results written per index do not
// depend on scheduling.
func parallelFor(n int, fn func(lo, hi int)) {
	parts := min(runtime.GOMAXPROCS(0), max(n/1024, 1))
	var wg sync.WaitGroup
	for t := 0; t < parts; t++ {
		lo, hi := n*t/parts, n*(t+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}
	wg.Wait()
}
