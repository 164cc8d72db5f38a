package knn

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteKNearest returns the k nearest points to q and their squared
// distances, computed in float32 like the index, by scanning every point
// into a sorted top-k list (ties go to the lower id).
func bruteKNearest(pts []float32, dim int, q []float32, k int) ([]int32, []float32) {
	ids := make([]int32, 0, k+1)
	d2 := make([]float32, 0, k+1)
	for i := 0; i < len(pts)/dim; i++ {
		var d float32
		for a := 0; a < dim; a++ {
			t := q[a] - pts[i*dim+a]
			d += t * t
		}
		at := len(d2)
		for at > 0 && d2[at-1] > d {
			at--
		}
		if at == k {
			continue
		}
		ids = slices.Insert(ids, at, int32(i))
		d2 = slices.Insert(d2, at, d)
		if len(ids) > k {
			ids, d2 = ids[:k], d2[:k]
		}
	}
	return ids, d2
}

// checkKNearest fails t unless d2 (and, with ids, the set of nb) are what
// a brute-force scan of pts finds for the query x.
func checkKNearest(t *testing.T, pts []float32, dim int, x []float32, nb []int32, d2 []float32, ids bool) {
	t.Helper()
	wantIDs, wantD2 := bruteKNearest(pts, dim, x, len(nb))
	if !slices.Equal(d2, wantD2) {
		t.Fatalf("query %v: distances %v, brute force %v", x, d2, wantD2)
	}
	if !ids {
		return
	}
	got := slices.Clone(nb)
	slices.Sort(got)
	slices.Sort(wantIDs)
	if !slices.Equal(got, wantIDs) {
		t.Fatalf("query %v: ids %v, brute force %v", x, got, wantIDs)
	}
}

// surfacePoints returns n points near the unit sphere scaled by 0.8, like
// RBF centres fitted to a surface.
func surfacePoints(n int, rng *rand.Rand) []float32 {
	out := make([]float32, 0, 3*n)
	for len(out) < 3*n {
		x, y, z := rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		r := math.Sqrt(x*x+y*y+z*z) / (0.8 + 0.01*rng.NormFloat64())
		out = append(out, float32(x/r), float32(y/r), float32(z/r))
	}
	return out
}

func TestGridMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name   string
		dim, k int
		pts    []float32
	}{
		{"2d-uniform", 2, 4, uniform(2*2400, -1, 1, rng)},
		{"2d-clustered", 2, 4, append(uniform(2*500, -1, -0.9, rng), uniform(2*50, 0.5, 1, rng)...)},
		{"3d-surface", 3, 8, surfacePoints(5000, rng)},
		{"3d-few", 3, 8, uniform(3*9, -1, 1, rng)},
		{"2d-flat", 2, 4, func() []float32 { // all on a line: a degenerate box
			p := uniform(2*300, -1, 1, rng)
			for i := 1; i < len(p); i += 2 {
				p[i] = 0.25
			}
			return p
		}()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ix := NewGrid(c.pts, c.dim)
			nb := make([]int32, c.k)
			d2 := make([]float32, c.k)
			for q := 0; q < 2000; q++ {
				// Queries reach well outside the centres' hull.
				x := uniform(c.dim, -3, 3, rng)
				ix.KNearest(nb, d2, x)
				checkKNearest(t, c.pts, c.dim, x, nb, d2, true)
			}
		})
	}
}

func TestGridQueryAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 3))
	ix := NewGrid(uniform(3*1000, -1, 1, rng), 3)
	nb, d2 := make([]int32, 8), make([]float32, 8)
	q := []float32{0.1, 0.2, 2}
	if a := testing.AllocsPerRun(100, func() { ix.KNearest(nb, d2, q) }); a != 0 {
		t.Errorf("KNearest allocates %v times per query", a)
	}
}

func uniform(n int, lo, hi float64, rng *rand.Rand) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return out
}

// TestIndexPicksByDimension checks that Index answers like the structure
// it wraps: the Grid in 2-D (Within ignoring the radius), the KDTree in
// 3-D (Within cutting at it).
func TestIndexPicksByDimension(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	pts2 := uniform(2*500, -1, 1, rng)
	pts3 := surfacePoints(800, rng)
	ix2, ix3 := New(pts2, 2), New(pts3, 3)
	nb, d2 := make([]int32, 4), make([]float32, 4)
	for q := 0; q < 200; q++ {
		x2, x3 := uniform(2, -1.5, 1.5, rng), uniform(3, -1.5, 1.5, rng)
		ix2.KNearest(nb, d2, x2)
		checkKNearest(t, pts2, 2, x2, nb, d2, true)
		if c := ix2.Within(nb, d2, x2, 1e-12); c != len(nb) {
			t.Fatalf("2-D Within returned %d of %d neighbours", c, len(nb))
		}
		checkKNearest(t, pts2, 2, x2, nb, d2, true)
		ix3.KNearest(nb, d2, x3)
		checkKNearest(t, pts3, 3, x3, nb, d2, true)
		const r2 = 0.05
		c := ix3.Within(nb, d2, x3, r2)
		_, want := bruteKNearest(pts3, 3, x3, len(nb))
		n := 0
		for n < len(want) && want[n] <= r2 {
			n++
		}
		if c != n || !slices.Equal(d2[:c], want[:n]) {
			t.Fatalf("3-D Within(%v, r² %v): %d neighbours %v, want %v", x3, r2, c, d2[:c], want[:n])
		}
	}
}
