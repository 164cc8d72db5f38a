package nn

import "sync"

// Parallel splits [0, n) into threads contiguous chunks, chunk w being
// [w·n/threads, (w+1)·n/threads), and calls fn(w, lo, hi) for each non-empty
// chunk, chunk 0 on the calling goroutine and the others on new ones; it
// returns when all are done. The boundaries depend only on n and threads, so
// per-worker results can be combined deterministically. threads < 1 counts
// as 1. Each call with more than one chunk allocates a few small objects
// (the goroutines' closures and the wait group).
func Parallel(n, threads int, fn func(w, lo, hi int)) {
	if n < 0 {
		panic("nn: Parallel over a negative count")
	}
	threads = max(threads, 1)
	if threads == 1 {
		if n > 0 {
			fn(0, 0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < threads; w++ {
		lo, hi := w*n/threads, (w+1)*n/threads
		if lo < hi {
			wg.Go(func() { fn(w, lo, hi) })
		}
	}
	if hi := n / threads; hi > 0 {
		fn(0, 0, hi)
	}
	wg.Wait()
}

// SumInto sets dst[i] = src[0][i] + src[1][i] + … for every i, adding in
// the order of src, so the result is the same however a caller splits the
// indices among goroutines (it runs on the calling one). dst may be
// src[0]. Every src[w] must be at least as long as dst; with no src, dst
// is zeroed.
func SumInto(dst []float32, src [][]float32) {
	for _, s := range src {
		if len(s) < len(dst) {
			panic("nn: SumInto source shorter than its destination")
		}
	}
	if len(src) == 0 {
		clear(dst)
		return
	}
	copy(dst, src[0][:len(dst)])
	for _, s := range src[1:] {
		addTo(dst, s[:len(dst)])
	}
}
