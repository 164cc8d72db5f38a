package knn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKDTreeMatchesBruteForce checks the tree's answers against a
// brute-force scan for queries on, near and far from the points.
func TestKDTreeMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cases := []struct {
		name string
		k    int
		pts  []float32
	}{
		{"surface", 8, surfacePoints(5000, rng)},
		{"uniform", 8, uniform(3*3000, -1, 1, rng)},
		{"clustered", 8, append(uniform(3*400, -0.9, -0.8, rng), uniform(3*40, 0.5, 1, rng)...)},
		{"few", 8, uniform(3*9, -1, 1, rng)},
		{"duplicates", 4, slices.Repeat([]float32{0.5, 0.5, 0.5, -0.25, 0, 0.75}, 20)},
		{"k1", 1, surfacePoints(1000, rng)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			kd := NewKDTree(c.pts)
			if kd.Len() != len(c.pts)/3 {
				t.Fatalf("Len %d, want %d", kd.Len(), len(c.pts)/3)
			}
			near := surfacePoints(2000, rng)
			for i := range near {
				near[i] += float32(0.02 * rng.NormFloat64())
			}
			queries := slices.Concat(near, uniform(3*2000, -1, 1, rng), uniform(3*500, -3, 3, rng))
			nb, d2 := make([]int32, c.k), make([]float32, c.k)
			for q := 0; q < len(queries)/3; q++ {
				x := queries[3*q : 3*q+3]
				kd.KNearest(nb, d2, x)
				// Among duplicates, tied ids may differ from brute force's.
				checkKNearest(t, c.pts, 3, x, nb, d2, c.name != "duplicates")
			}
		})
	}
}

func TestKDTreeQueryAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 4))
	kd := NewKDTree(surfacePoints(2000, rng))
	nb, d2 := make([]int32, 8), make([]float32, 8)
	for _, q := range [][]float32{{0.8, 0, 0}, {0.1, 0.2, 2}} {
		if a := testing.AllocsPerRun(100, func() { kd.KNearest(nb, d2, q) }); a != 0 {
			t.Errorf("KNearest(%v) allocates %v times per query", q, a)
		}
	}
}

// TestKDTreeWithin checks KNearestWithin against brute force cut at r².
func TestKDTreeWithin(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pts := surfacePoints(3000, rng)
	kd := NewKDTree(pts)
	const k = 8
	nb, d2 := make([]int32, k), make([]float32, k)
	counts := map[int]int{}
	for q := 0; q < 2000; q++ {
		x := uniform(3, -1.2, 1.2, rng)
		r2 := float32(0.002 + 0.01*rng.Float64())
		c := kd.KNearestWithin(nb, d2, x, r2)
		counts[min(c, 1)]++
		_, want := bruteKNearest(pts, 3, x, k)
		w := 0
		for w < k && want[w] <= r2 {
			w++
		}
		if c != w || !slices.Equal(d2[:c], want[:w]) {
			t.Fatalf("query %v, r² %v: %d within, %v; brute force %d, %v", x, r2, c, d2[:c], w, want[:w])
		}
	}
	if counts[0] == 0 || counts[1] == 0 {
		t.Fatalf("queries with and without neighbours within reach: %v; the test needs both", counts)
	}
}
