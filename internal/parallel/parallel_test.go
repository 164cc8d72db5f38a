package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

func TestCount(t *testing.T) {
	if got, want := Count(0), runtime.GOMAXPROCS(0); got != want {
		t.Errorf("Count(0) = %d, want GOMAXPROCS %d", got, want)
	}
	if got, want := Count(-3), runtime.GOMAXPROCS(0); got != want {
		t.Errorf("Count(-3) = %d, want %d", got, want)
	}
	if got := Count(5); got != 5 {
		t.Errorf("Count(5) = %d", got)
	}
}

// TestForCoversOnce checks that every index is visited exactly once, by the
// worker whose chunk the documented formula gives it.
func TestForCoversOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 7, 100, 1001} {
		for _, threads := range []int{1, 2, 3, 8, 200} {
			seen := make([]int32, n)
			owner := make([]int32, n)
			For(n, threads, func(w, lo, hi int) {
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
					owner[i] = int32(w)
				}
			})
			for i := range seen {
				if seen[i] != 1 {
					t.Fatalf("n=%d threads=%d: index %d visited %d times", n, threads, i, seen[i])
				}
				if n > 1 {
					if w := int(owner[i]); i < w*n/threads || i >= (w+1)*n/threads {
						t.Fatalf("n=%d threads=%d: index %d done by worker %d outside its chunk", n, threads, i, w)
					}
				}
			}
		}
	}
}

func TestForNegativePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("For(-1, …) did not panic")
		}
	}()
	For(-1, 2, func(int, int, int) {})
}

func TestWorkers(t *testing.T) {
	for _, threads := range []int{1, 2, 5} {
		var calls [8]int32
		var next atomic.Int64
		var total atomic.Int64
		Workers(threads, func(w int) {
			atomic.AddInt32(&calls[w], 1)
			for i := next.Add(1) - 1; i < 1000; i = next.Add(1) - 1 {
				total.Add(i)
			}
		})
		for w := range calls {
			want := int32(0)
			if w < threads {
				want = 1
			}
			if calls[w] != want {
				t.Errorf("threads=%d: worker %d called %d times", threads, w, calls[w])
			}
		}
		if got := total.Load(); got != 999*1000/2 {
			t.Errorf("threads=%d: sum %d, want %d", threads, got, 999*1000/2)
		}
	}
}
