package nn

import (
	"sync/atomic"
	"testing"
)

// TestParallelCoversOnce checks that every index is visited exactly once,
// by the chunk the documented boundaries give it.
func TestParallelCoversOnce(t *testing.T) {
	for _, n := range []int{0, 1, 5, 7, 100, 1001} {
		for _, threads := range []int{0, 1, 2, 3, 8} {
			hits := make([]atomic.Int32, n)
			owner := make([]int, n)
			Parallel(n, threads, func(w, lo, hi int) {
				if lo >= hi {
					t.Errorf("n %d threads %d: empty chunk %d", n, threads, w)
				}
				for i := lo; i < hi; i++ {
					hits[i].Add(1)
					owner[i] = w
				}
			})
			th := max(threads, 1)
			for i := range hits {
				if h := hits[i].Load(); h != 1 {
					t.Fatalf("n %d threads %d: index %d visited %d times", n, threads, i, h)
				}
				if w := owner[i]; i < w*n/th || i >= (w+1)*n/th {
					t.Fatalf("n %d threads %d: index %d in chunk %d", n, threads, i, w)
				}
			}
		}
	}
}

func TestSumInto(t *testing.T) {
	n := 100_005
	src := make([][]float32, 3)
	for w := range src {
		src[w] = make([]float32, n)
		for i := range src[w] {
			src[w][i] = float32((w+1)*i%17) * 0.25
		}
	}
	dst := make([]float32, n)
	SumInto(dst, src)
	for i := range dst {
		want := (src[0][i] + src[1][i]) + src[2][i]
		if dst[i] != want {
			t.Fatalf("index %d: %g, want %g", i, dst[i], want)
		}
	}
	// In place into the first source.
	want := append([]float32(nil), dst...)
	SumInto(src[0], src)
	for i := range want {
		if src[0][i] != want[i] {
			t.Fatalf("in place, index %d: %g, want %g", i, src[0][i], want[i])
		}
	}
	SumInto(dst, nil)
	for i, v := range dst {
		if v != 0 {
			t.Fatalf("no sources: index %d is %g", i, v)
		}
	}
}
