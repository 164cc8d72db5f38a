package rbf_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/kdtree"

	"github.com/neurbf/neurbf/rbf"
)

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

// imageEncoder is the paper's image configuration at a 128K budget of
// trainable parameters: 2,748 ivq_a RBFs, K = 4, F = 32.
func imageEncoder(b *testing.B) (*rbf.Encoder, []float32) {
	pts, wts := imageSetup()
	n := rbf.CountForTrainable(128000, paperOther, 2, 32, rbf.IVQA, false)
	e, err := rbf.NewFromData(rbf.Config{}, 2, n, pts, wts, 2, 256, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		b.Fatal(err)
	}
	return e, pts
}

func benchPass(b *testing.B, cached bool) {
	e, pts := imageEncoder(b)
	n, nf := len(pts)/2, e.OutDim()
	var idx []int32
	if cached {
		bytes, err := e.Fix(pts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(bytes)/(1<<20), "cacheMiB")
		idx = make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
	}
	const batch = 4096
	w := e.NewWorker()
	out := make([]float32, batch*nf)
	dout := uniform(batch*nf, -1, 1, rand.New(rand.NewPCG(2, 2)))
	grads := [][]float32{make([]float32, len(e.Params()[0].Data))}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for lo := 0; lo < n; lo += batch {
			var bi []int32
			if cached {
				bi = idx[lo : lo+batch]
			}
			w.Forward(out, nf, 0, pts[2*lo:2*(lo+batch)], bi)
			w.Backward(grads, nil, dout, nf, 0)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkImagePassCached is a training Forward+Backward over the 65,536
// pixels of a 256² image through Fix's cache (one worker, batches of 4096).
func BenchmarkImagePassCached(b *testing.B) { benchPass(b, true) }

// BenchmarkImagePassUncached is the same pass from coordinates.
func BenchmarkImagePassUncached(b *testing.B) { benchPass(b, false) }

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

func benchIndex(b *testing.B, dim, k int) {
	centres, qs := queries(dim)
	ix := rbf.NewIndex(centres, dim)
	nb, d2 := make([]int32, k), make([]float32, k)
	n := len(qs) / dim
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for p := 0; p < n; p++ {
			ix.KNearest(qs[p*dim:p*dim+dim], nb, d2)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkIndex2D: K = 4 nearest of 2,400 centres (images).
func BenchmarkIndex2D(b *testing.B) { benchIndex(b, 2, 4) }

// BenchmarkIndex3D: K = 8 nearest of 25,000 surface centres (SDFs).
func BenchmarkIndex3D(b *testing.B) { benchIndex(b, 3, 8) }

// BenchmarkOurKDTree3D: the same queries through this package's KDTree.
func BenchmarkOurKDTree3D(b *testing.B) {
	centres, qs := queries(3)
	kd := rbf.NewKDTree(centres)
	nb, d2 := make([]int32, 8), make([]float32, 8)
	n := len(qs) / 3
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for p := 0; p < n; p++ {
			kd.KNearest(qs[3*p:3*p+3], nb, d2)
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

// BenchmarkKMeans is the image initialisation: 65,536 weighted pixels into
// 2,400 centres, LloydIters iterations.
func BenchmarkKMeans(b *testing.B) {
	pts, wts := imageSetup()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := rbf.WeightedKMeans(pts, wts, 2, 2400, rbf.LloydIters, rand.New(rand.NewPCG(1, 1))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(wts)*b.N)/b.Elapsed().Seconds(), "samples/s")
}
