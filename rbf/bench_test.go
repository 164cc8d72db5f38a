package rbf_test

import (
	"math"
	"math/rand/v2"
	"testing"

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
