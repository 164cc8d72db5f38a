package knn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCellsMatchTree checks that the lattice answers every query as the
// tree does: the same count and squared distances, bit for bit, and the
// same ids where distances are not tied. Queries come from the surface,
// near it, far inside and outside, and beyond the lattice; radii range
// from a few point spacings to more than the whole set.
func TestCellsMatchTree(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	centres := surfacePoints(3000, rng)
	// A few isolated points, so that lists far from the surface are tested.
	centres = append(centres, 0, 0, 0, 0.1, -0.2, 0.05, 1.5, 1.5, -1.5)
	tree := NewKDTree(centres)
	qs := surfacePoints(4000, rng)
	qs = append(qs, uniform(3*4000, -2.2, 2.2, rng)...)
	for i := 0; i < 3*2000; i += 3 {
		// Points near the surface, at the scale of the spacing.
		for a := range 3 {
			qs = append(qs, centres[i+a]+float32(0.02*rng.NormFloat64()))
		}
	}
	for _, tc := range []struct {
		k int
		r float64
	}{{1, 0.03}, {1, 5}, {4, 0.1}, {8, 0.03}, {8, 0.1}, {8, 0.4}} {
		k, r := tc.k, tc.r
		r2 := float32(r * r)
		c := NewCells(tree, k, r2, 2)
		if c == nil {
			// Only a radius past the whole set may make the lists
			// too long (maxCellsBytes).
			if r < 1 {
				t.Fatalf("k %d, r %v: no lattice", k, r)
			}
			continue
		}
		if !c.Fits(k, r2) || c.Fits(k+1, r2) || c.Fits(k, r2*2) {
			t.Fatalf("k %d, r %v: Fits is wrong", k, r)
		}
		nb, d2 := make([]int32, k), make([]float32, k)
		wn, wd := make([]int32, k), make([]float32, k)
		for p := 0; p < len(qs); p += 3 {
			q := qs[p : p+3]
			n := c.KNearestWithin(nb, d2, q)
			wantN := tree.KNearestWithin(wn, wd, q, r2)
			if n != wantN {
				t.Fatalf("k %d, r %v, query %v: %d found, the tree finds %d", k, r, q, n, wantN)
			}
			for j := range n {
				tied := (j > 0 && wd[j-1] == wd[j]) || (j+1 < n && wd[j+1] == wd[j])
				if d2[j] != wd[j] || (!tied && nb[j] != wn[j]) {
					t.Fatalf("k %d, r %v, query %v: neighbour %d is %d at %v, the tree's %d at %v", k, r, q, j, nb[j], d2[j], wn[j], wd[j])
				}
			}
		}
	}
}

// TestCellsDecline checks the cases NewCells declines: an unbounded
// radius, more neighbours than points, and a negative or NaN radius.
func TestCellsDecline(t *testing.T) {
	tree := NewKDTree([]float32{0, 0, 0, 1, 1, 1})
	for _, tc := range []struct {
		k  int
		r2 float32
	}{{1, float32(math.Inf(1))}, {3, 1}, {1, -1}, {1, float32(math.NaN())}, {0, 1}} {
		if c := NewCells(tree, tc.k, tc.r2, 1); c != nil || c.Fits(tc.k, tc.r2) {
			t.Errorf("k %d, r2 %v: a lattice was built", tc.k, tc.r2)
		}
	}
}

// TestCellsNaNQuery checks that a NaN coordinate finds nothing rather
// than indexing out of the lattice.
func TestCellsNaNQuery(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	c := NewCells(NewKDTree(surfacePoints(100, rng)), 2, 0.5, 1)
	nb, d2 := make([]int32, 2), make([]float32, 2)
	nan := float32(math.NaN())
	if n := c.KNearestWithin(nb, d2, []float32{nan, 0, 0}); n != 0 {
		t.Fatalf("a NaN query found %d points", n)
	}
}

// BenchmarkCells3D: the queries of BenchmarkKDTree3D through the lattice,
// with a radius of about four point spacings.
func BenchmarkCells3D(b *testing.B) {
	centres, qs := queries(3)
	c := NewCells(NewKDTree(centres), 8, 0.05*0.05, 0)
	benchQueries3D(b, qs, func(nb []int32, d2, q []float32) { c.KNearestWithin(nb, d2, q) })
}

// BenchmarkKDTree3DWithin: the same queries and radius through the tree.
func BenchmarkKDTree3DWithin(b *testing.B) {
	centres, qs := queries(3)
	kd := NewKDTree(centres)
	benchQueries3D(b, qs, func(nb []int32, d2, q []float32) { kd.KNearestWithin(nb, d2, q, 0.05*0.05) })
}
