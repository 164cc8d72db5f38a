package rbf_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/rbf"
)

// blobs returns points of three well separated 2-D clusters with random
// positive weights, their weighted means, and, per point, its blob.
func blobs(rng *rand.Rand) (pts, wts []float32, means [3][2]float64, blob []int) {
	centre := [3][2]float64{{-5, -5}, {5, -4}, {0, 6}}
	var sum [3][3]float64 // Σw·x, Σw·y, Σw
	for b, c := range centre {
		for i := 0; i < 300; i++ {
			x := float32(c[0] + rng.NormFloat64()*0.5)
			y := float32(c[1] + rng.NormFloat64()*0.5)
			w := float32(0.1 + rng.Float64())
			pts = append(pts, x, y)
			wts = append(wts, w)
			blob = append(blob, b)
			sum[b][0] += float64(w) * float64(x)
			sum[b][1] += float64(w) * float64(y)
			sum[b][2] += float64(w)
		}
	}
	for b := range means {
		means[b] = [2]float64{sum[b][0] / sum[b][2], sum[b][1] / sum[b][2]}
	}
	return pts, wts, means, blob
}

func TestKMeansFindsWeightedCentres(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	pts, wts, means, blob := blobs(rng)
	centres, assign, err := rbf.WeightedKMeans(pts, wts, 2, 3, rbf.LloydIters, rng)
	if err != nil {
		t.Fatal(err)
	}
	// Each blob must be exactly one cluster whose centre is its weighted mean.
	for b, m := range means {
		c := assign[b*300]
		for p := range blob {
			if (blob[p] == b) != (assign[p] == c) {
				t.Fatalf("point %d of blob %d is in cluster %d, blob's cluster is %d", p, blob[p], assign[p], c)
			}
		}
		dx, dy := float64(centres[2*c])-m[0], float64(centres[2*c+1])-m[1]
		if math.Hypot(dx, dy) > 1e-5 {
			t.Errorf("blob %d: centre (%v, %v), weighted mean %v", b, centres[2*c], centres[2*c+1], m)
		}
	}
}

func TestKMeansZeroWeightsNeverSeed(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	pts := uniform(2*2000, -1, 1, rng)
	wts := make([]float32, 2000)
	positive := map[[2]float32]bool{}
	for i := 0; i < 2000; i += 10 { // one point in ten has weight
		wts[i] = float32(rng.Float64() + 0.01)
		positive[[2]float32{pts[2*i], pts[2*i+1]}] = true
	}
	for seed := uint64(0); seed < 20; seed++ {
		// No Lloyd iteration: the centres are the seeds.
		c, _, err := rbf.WeightedKMeans(pts, wts, 2, 150, 0, rand.New(rand.NewPCG(seed, 1)))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[[2]float32]bool{}
		for i := 0; i < len(c); i += 2 {
			p := [2]float32{c[i], c[i+1]}
			if !positive[p] {
				t.Fatalf("seed %d: centre %v is not a positive-weight point", seed, p)
			}
			if seen[p] {
				t.Fatalf("seed %d: point %v seeded twice", seed, p)
			}
			seen[p] = true
		}
	}
	if _, _, err := rbf.WeightedKMeans(pts, wts, 2, 201, 0, rng); err == nil {
		t.Error("201 clusters from 200 positive-weight points: no error")
	}
}

func TestKMeansDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pts := uniform(3*5000, -1, 1, rng)
	wts := uniform(5000, 0, 1, rng)
	c1, a1, err := rbf.WeightedKMeans(pts, wts, 3, 300, 3, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	c2, a2, _ := rbf.WeightedKMeans(pts, wts, 3, 300, 3, rand.New(rand.NewPCG(1, 1)))
	if !slices.Equal(c1, c2) || !slices.Equal(a1, a2) {
		t.Error("same seed, different results")
	}
	c3, _, _ := rbf.WeightedKMeans(pts, wts, 3, 300, 3, rand.New(rand.NewPCG(2, 1)))
	if slices.Equal(c1, c3) {
		t.Error("different seeds, same centres")
	}
}

func TestKMeansErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	pts := uniform(20, -1, 1, rng)
	ok := uniform(10, 0.5, 1, rng)
	neg := slices.Clone(ok)
	neg[3] = -1
	for _, c := range []struct {
		name        string
		pts, wts    []float32
		dim, n, its int
	}{
		{"dim", pts, ok, 4, 2, 1},
		{"lengths", pts, ok[:9], 2, 2, 1},
		{"clusters", pts, ok, 2, 0, 1},
		{"iters", pts, ok, 2, 2, -1},
		{"negative weight", pts, neg, 2, 2, 1},
		{"nan weight", pts, append(slices.Clone(ok[:9]), float32(math.NaN())), 2, 2, 1},
	} {
		if _, _, err := rbf.WeightedKMeans(c.pts, c.wts, c.dim, c.n, c.its, rng); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func TestInitShapes(t *testing.T) {
	// One elongated, tilted 2-D cluster with uniform weights: S must be
	// (2·Cov)⁻¹ of the points about the centre.
	rng := rand.New(rand.NewPCG(8, 8))
	var pts, wts []float32
	var m [3]float64 // Σx², Σxy, Σy²
	for i := 0; i < 4000; i++ {
		u, v := rng.NormFloat64()*0.1, rng.NormFloat64()*0.02
		x, y := float32(u*0.8-v*0.6), float32(u*0.6+v*0.8)
		pts = append(pts, x, y)
		wts = append(wts, 1)
	}
	centre := []float32{0, 0}
	for i := 0; i < len(pts); i += 2 {
		x, y := float64(pts[i]), float64(pts[i+1])
		m[0], m[1], m[2] = m[0]+x*x, m[1]+x*y, m[2]+y*y
	}
	n := float64(len(wts))
	a, b, c := 2*m[0]/n, 2*m[1]/n, 2*m[2]/n
	det := a*c - b*b
	want := []float64{c / det, -b / det, a / det}
	got, err := rbf.InitShapes(rbf.IVQA, pts, wts, 2, centre, make([]int32, len(wts)), 2, 256)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > 1e-4*math.Abs(want[i]) {
			t.Errorf("S[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	// Tent: width √(8·E‖d‖²).
	// (extent 20: the clamp range [vmin, vmax] = [3.9e-4, 2] leaves it alone.)
	tent, err := rbf.InitShapes(rbf.NLinS, pts, wts, 2, centre, make([]int32, len(wts)), 20, 256)
	if err != nil {
		t.Fatal(err)
	}
	if w := 1 / math.Sqrt(8*(m[0]+m[2])/n); math.Abs(float64(tent[0])-w) > 1e-5*w {
		t.Errorf("tent s = %v, want %v", tent[0], w)
	}
	// Single-member and empty clusters get half the distance to the other
	// centre as deviation, 1.5: Σ = 1.5²/0.5·I, clamped to vmax² = 0.04
	// (vmax = extent/10), so S = 25·I.
	single, err := rbf.InitShapes(rbf.IVQA, []float32{0, 0}, []float32{1}, 2, []float32{0, 0, 3, 0}, []int32{0}, 2, 256)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(single, []float32{25, 0, 25, 25, 0, 25}) {
		t.Errorf("clamped single-member shapes %v", single)
	}
}
