package kmeans

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
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
	centres, assign, err := Weighted(pts, wts, 2, 3, 10, rng)
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
		c, _, err := Weighted(pts, wts, 2, 150, 0, rand.New(rand.NewPCG(seed, 1)))
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
	if _, _, err := Weighted(pts, wts, 2, 201, 0, rng); err == nil {
		t.Error("201 clusters from 200 positive-weight points: no error")
	}
}

func TestKMeansDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pts := uniform(3*5000, -1, 1, rng)
	wts := uniform(5000, 0, 1, rng)
	c1, a1, err := Weighted(pts, wts, 3, 300, 3, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	c2, a2, _ := Weighted(pts, wts, 3, 300, 3, rand.New(rand.NewPCG(1, 1)))
	if !slices.Equal(c1, c2) || !slices.Equal(a1, a2) {
		t.Error("same seed, different results")
	}
	c3, _, _ := Weighted(pts, wts, 3, 300, 3, rand.New(rand.NewPCG(2, 1)))
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
		if _, _, err := Weighted(c.pts, c.wts, c.dim, c.n, c.its, rng); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func uniform(n int, lo, hi float64, rng *rand.Rand) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return out
}

// imageSetup returns the pixel centres of a 256×256 image in [-1,1]² and
// an image-like weighting (edges of a few discs), the paper's 256² setting.
func imageSetup() (pts, wts []float32) {
	const s = 256
	for y := 0; y < s; y++ {
		for x := 0; x < s; x++ {
			px, py := (float64(x)+0.5)/s*2-1, (float64(y)+0.5)/s*2-1
			pts = append(pts, float32(px), float32(py))
			w := 0.02
			for _, c := range [][3]float64{{-0.4, -0.3, 0.35}, {0.5, 0.4, 0.3}, {0.1, 0.5, 0.15}} {
				if d := math.Abs(math.Hypot(px-c[0], py-c[1]) - c[2]); d < 0.02 {
					w += 1
				}
			}
			wts = append(wts, float32(w))
		}
	}
	return pts, wts
}

// BenchmarkKMeans is the image initialisation: 65,536 weighted pixels into
// 2,400 centres, 10 Lloyd iterations (rbf's lloydIters).
func BenchmarkKMeans(b *testing.B) {
	pts, wts := imageSetup()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Weighted(pts, wts, 2, 2400, 10, rand.New(rand.NewPCG(1, 1))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(wts)*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// TestWeightedSampleKeepsTheBestKeys checks the bounded heap against the
// definition: every key computed, all sorted, the first n taken.
func TestWeightedSampleKeepsTheBestKeys(t *testing.T) {
	for _, n := range []int{1, 2, 7, 100, 999} {
		wrng := rand.New(rand.NewPCG(uint64(n), 1))
		wts := make([]float32, 1000)
		for i := range wts {
			if wrng.IntN(5) > 0 { // a fifth of the points never seed
				wts[i] = float32(wrng.IntN(4)) * 0.25 // ties in weight
			}
		}
		positive := 0
		for _, w := range wts {
			if w > 0 {
				positive++
			}
		}
		got, err := weightedSample(wts, min(n, positive), rand.New(rand.NewPCG(9, uint64(n))))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(9, uint64(n)))
		type keyed struct {
			key float64
			i   int
		}
		var all []keyed
		for i, w := range wts {
			u := 1 - rng.Float64()
			if w > 0 {
				all = append(all, keyed{math.Log(u) / float64(w), i})
			}
		}
		slices.SortFunc(all, func(a, b keyed) int {
			if a.key != b.key {
				if a.key > b.key {
					return -1
				}
				return 1
			}
			return a.i - b.i
		})
		for c := range got {
			if got[c] != all[c].i {
				t.Fatalf("n=%d: seed %d is point %d, the sorted keys say %d", n, c, got[c], all[c].i)
			}
		}
	}
}
