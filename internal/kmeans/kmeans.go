// Package kmeans is the weighted K-means clustering that places the RBF
// encoder's centres (docs/METHOD.md §2). It is internal because only
// package rbf uses it.
package kmeans

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/neurbf/neurbf/internal/knn"
	"github.com/neurbf/neurbf/internal/parallel"
)

// Weighted clusters the points (row-major, dim 1–3) into n clusters
// by weighted K-means (docs/METHOD.md §2). Centres are seeded by weighted sampling
// without replacement, probability ∝ weight with zero-weight points
// excluded (Efraimidis–Spirakis keys u^(1/w)); then iters Lloyd iterations
// assign every point to its nearest centre (through a knn.Index) and move each
// centre to the weighted mean of its points, a cluster without weight
// keeping its centre. assign[p] is point p's cluster under the returned
// centres. The result depends only on the inputs and rng's state.
//
// It returns an error for mismatched lengths, a negative or non-finite
// weight, n < 1, iters < 0, or fewer positive-weight points than n; a
// caller that wants centres anyway can add a small constant to every
// weight.
func Weighted(points, weights []float32, dim, n, iters int, rng *rand.Rand) (centres []float32, assign []int32, err error) {
	if dim < 1 || dim > 3 {
		return nil, nil, fmt.Errorf("k-means: dimension %d is not 1, 2 or 3", dim)
	}
	if len(points)%dim != 0 || len(points)/dim != len(weights) {
		return nil, nil, fmt.Errorf("k-means: %d coordinates and %d weights do not describe the same points of dimension %d", len(points), len(weights), dim)
	}
	if n < 1 || iters < 0 {
		return nil, nil, fmt.Errorf("k-means: %d clusters and %d iterations (want n ≥ 1, iters ≥ 0)", n, iters)
	}
	seeds, err := weightedSample(weights, n, rng)
	if err != nil {
		return nil, nil, err
	}
	centres = make([]float32, n*dim)
	for c, p := range seeds {
		copy(centres[c*dim:], points[p*dim:p*dim+dim])
	}
	assign = make([]int32, len(weights))
	sum := make([]float64, n*dim)
	wsum := make([]float64, n)
	for it := 0; it < iters; it++ {
		assignNearest(assign, points, centres, dim)
		clear(sum)
		clear(wsum)
		for p, c := range assign {
			w := float64(weights[p])
			wsum[c] += w
			for a := 0; a < dim; a++ {
				sum[int(c)*dim+a] += w * float64(points[p*dim+a])
			}
		}
		for c, w := range wsum {
			if w > 0 {
				for a := 0; a < dim; a++ {
					centres[c*dim+a] = float32(sum[c*dim+a] / w)
				}
			}
		}
	}
	assignNearest(assign, points, centres, dim)
	return centres, assign, nil
}

// weightedSample draws n distinct indices with probability ∝ weight: the n
// largest keys log(u)/w, u uniform in (0, 1], ties to the lower index. It
// keeps only the n best keys seen so far (a min-heap), so its memory
// follows n, not the number of points: K-means of a big image draws a few
// thousand seeds from hundreds of millions of points.
func weightedSample(weights []float32, n int, rng *rand.Rand) ([]int, error) {
	h := make(seedHeap, 0, min(n, len(weights)))
	positive := 0
	for i, w := range weights {
		if !(w >= 0) || math.IsInf(float64(w), 0) {
			return nil, fmt.Errorf("k-means: weight %d is %v, not a finite non-negative number", i, w)
		}
		u := 1 - rng.Float64()
		if w <= 0 {
			continue
		}
		positive++
		k := seedKey{math.Log(u) / float64(w), i}
		switch {
		case len(h) < n:
			h.push(k)
		case k.better(h[0]):
			h[0] = k
			h.down(0)
		}
	}
	if positive < n {
		return nil, fmt.Errorf("k-means: only %d points have positive weight, fewer than the %d clusters", positive, n)
	}
	slices.SortFunc(h, func(a, b seedKey) int {
		if a.better(b) {
			return -1
		}
		return 1 // keys are distinct: their indices are
	})
	out := make([]int, n)
	for c := range out {
		out[c] = h[c].i
	}
	return out, nil
}

// seedKey is a point's sampling key.
type seedKey struct {
	key float64
	i   int
}

// better orders keys best first: larger key, then lower index.
func (a seedKey) better(b seedKey) bool {
	return a.key > b.key || a.key == b.key && a.i < b.i
}

// seedHeap is a min-heap by better: its root is the worst key kept.
type seedHeap []seedKey

func (h *seedHeap) push(k seedKey) {
	*h = append(*h, k)
	s := *h
	for j := len(s) - 1; j > 0; {
		parent := (j - 1) / 2
		if !s[parent].better(s[j]) {
			break
		}
		s[parent], s[j] = s[j], s[parent]
		j = parent
	}
}

func (h seedHeap) down(j int) {
	for {
		worst := j
		for _, c := range [2]int{2*j + 1, 2*j + 2} {
			if c < len(h) && h[worst].better(h[c]) {
				worst = c
			}
		}
		if worst == j {
			return
		}
		h[j], h[worst] = h[worst], h[j]
		j = worst
	}
}

// minChunk is the fewest points a goroutine of assignNearest takes, so
// that small inputs are not split among goroutines that cost more to
// start than their share of the queries.
const minChunk = 1024

// assignNearest sets assign[p] to the centre nearest to point p, splitting
// the points among all CPUs (each point's answer is written alone, so the
// result does not depend on the split).
func assignNearest(assign []int32, points, centres []float32, dim int) {
	ix := knn.New(centres, dim)
	threads := min(parallel.Count(0), max(len(assign)/minChunk, 1))
	parallel.For(len(assign), threads, func(_, lo, hi int) {
		var nb [1]int32
		var d2 [1]float32
		for p := lo; p < hi; p++ {
			ix.KNearest(nb[:], d2[:], points[p*dim:p*dim+dim])
			assign[p] = nb[0]
		}
	})
}
