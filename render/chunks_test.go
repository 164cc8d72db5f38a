package render

import (
	"sync"
	"testing"
)

// TestPixelChunks claims every chunk from several goroutines at once and
// checks that the chunks tile [0, n) exactly, each starting at a multiple
// of MaxBatch, and that a reset starts over.
func TestPixelChunks(t *testing.T) {
	for _, n := range []int{0, 1, MaxBatch - 1, MaxBatch, 3*MaxBatch + 17} {
		var c pixelChunks
		for round := range 2 {
			c.reset(n)
			seen := make([]int, n)
			var mu sync.Mutex
			var wg sync.WaitGroup
			claimed := 0
			for range 4 {
				wg.Go(func() {
					for {
						p0, p1, ok := c.claim()
						if !ok {
							return
						}
						mu.Lock()
						claimed++
						if p0%MaxBatch != 0 || p1 != min(p0+MaxBatch, n) {
							t.Errorf("n=%d: chunk [%d, %d)", n, p0, p1)
						}
						for p := p0; p < p1; p++ {
							seen[p]++
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if claimed != c.count() {
				t.Errorf("n=%d round %d: %d chunks claimed, count says %d", n, round, claimed, c.count())
			}
			for p, k := range seen {
				if k != 1 {
					t.Fatalf("n=%d round %d: pixel %d claimed %d times", n, round, p, k)
				}
			}
		}
	}
}
