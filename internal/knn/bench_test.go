package knn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/kdtree"
)

// queries returns centres and query points: 2-D, 2,400 centres uniform in
// [-1,1]² and uniform queries; 3-D, 25,000 centres near a sphere and
// queries 7/8 near it, 1/8 uniform in [-1,1]³ (the SDF sample mix).
func queries(dim int) (centres, qs []float32) {
	rng := rand.New(rand.NewPCG(3, uint64(dim)))
	if dim == 2 {
		return uniform(2*2400, -1, 1, rng), uniform(2*65536, -1, 1, rng)
	}
	centres = surfacePoints(25000, rng)
	qs = surfacePoints(65536, rng)
	for i := 0; i < len(qs); i += 24 {
		copy(qs[i:i+3], uniform(3, -1, 1, rng))
	}
	return centres, qs
}

func benchGrid(b *testing.B, dim, k int) {
	centres, qs := queries(dim)
	ix := NewGrid(centres, dim)
	nb, d2 := make([]int32, k), make([]float32, k)
	n := len(qs) / dim
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for p := 0; p < n; p++ {
			ix.KNearest(nb, d2, qs[p*dim:p*dim+dim])
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkGrid2D: K = 4 nearest of 2,400 centres (images).
func BenchmarkGrid2D(b *testing.B) { benchGrid(b, 2, 4) }

// BenchmarkGrid3D: K = 8 nearest of 25,000 surface centres (SDFs).
func BenchmarkGrid3D(b *testing.B) { benchGrid(b, 3, 8) }

// BenchmarkKDTree3D: the same queries through KDTree.
func BenchmarkKDTree3D(b *testing.B) {
	centres, qs := queries(3)
	kd := NewKDTree(centres)
	benchQueries3D(b, qs, func(nb []int32, d2, q []float32) { kd.KNearest(nb, d2, q) })
}

// benchQueries3D times query, for K = 8, on every point of qs.
func benchQueries3D(b *testing.B, qs []float32, query func(nb []int32, d2, q []float32)) {
	nb, d2 := make([]int32, 8), make([]float32, 8)
	n := len(qs) / 3
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for p := 0; p < n; p++ {
			query(nb, d2, qs[3*p:3*p+3])
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// benchKDTree measures gonum's kd-tree on the same queries, the
// alternative the bucket grid was chosen over.
func benchKDTree(b *testing.B, dim, k int) {
	centres, qs := queries(dim)
	pts := make(kdtree.Points, len(centres)/dim)
	for i := range pts {
		pts[i] = make(kdtree.Point, dim)
		for a := 0; a < dim; a++ {
			pts[i][a] = float64(centres[i*dim+a])
		}
	}
	tree := kdtree.New(pts, false)
	keep := kdtree.NewNKeeper(k)
	q := make(kdtree.Point, dim)
	n := len(qs) / dim
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for p := 0; p < n; p++ {
			for a := 0; a < dim; a++ {
				q[a] = float64(qs[p*dim+a])
			}
			keep.Heap = keep.Heap[:1]
			keep.Heap[0] = kdtree.ComparableDist{Dist: math.Inf(1)}
			tree.NearestSet(keep, q)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkGonumKDTree2D(b *testing.B) { benchKDTree(b, 2, 4) }
func BenchmarkGonumKDTree3D(b *testing.B) { benchKDTree(b, 3, 8) }
