package knn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKDTreeFullHeap checks that a query whose heap fills up (searching
// subtrees at once instead of queueing them) still finds the K nearest.
func TestKDTreeFullHeap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pts := make([]float32, 3*3000)
	for i := range pts {
		pts[i] = float32(2*rng.Float64() - 1)
	}
	kd := NewKDTree(pts)
	const k = 8
	nb, d2 := make([]int32, k), make([]float32, k)
	wantNB, wantD2 := make([]int32, k), make([]float32, k)
	for q := 0; q < 500; q++ {
		x := []float32{float32(4*rng.Float64() - 2), float32(4*rng.Float64() - 2), float32(4*rng.Float64() - 2)}
		kd.KNearest(wantNB, wantD2, x)
		for _, limit := range []int{0, 1, 3} {
			kd.kNearest(nb, d2, x, float32(math.Inf(1)), limit)
			if !slices.Equal(d2, wantD2) {
				t.Fatalf("query %v, heap limit %d: distances %v, want %v", x, limit, d2, wantD2)
			}
		}
	}
}
