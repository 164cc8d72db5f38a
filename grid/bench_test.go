package grid_test

import (
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/nn"
)

// batch holds an encoder, a worker and buffers for n random points.
type batch struct {
	e     *grid.Encoder
	w     nn.EncoderWorker
	x     []float32
	out   []float32
	grads [][]float32
	dx    []float32
}

func newBatch(tb testing.TB, dim int, cfg grid.Config, n int) *batch {
	rng := rand.New(rand.NewPCG(5, 6))
	e, err := grid.New(dim, cfg, rng)
	if err != nil {
		tb.Fatal(err)
	}
	b := &batch{e: e, w: e.NewWorker(), x: make([]float32, n*dim), out: make([]float32, n*e.OutDim()), dx: make([]float32, n*dim)}
	for i := range b.x {
		b.x[i] = float32(2*rng.Float64() - 1)
	}
	for i := range b.out {
		b.out[i] = float32(rng.NormFloat64())
	}
	for _, p := range e.Params() {
		b.grads = append(b.grads, make([]float32, len(p.Data)))
	}
	return b
}

// step runs a forward and a backward pass, using the forward output as the
// output gradient.
func (b *batch) step(dx []float32) {
	k := b.e.OutDim()
	b.w.Forward(b.out, k, 0, b.x, nil)
	b.w.Backward(b.grads, dx, b.out, k, 0)
}

func TestNoAllocs(t *testing.T) {
	for _, dim := range []int{2, 3} {
		b := newBatch(t, dim, grid.Config{Levels: 3, Features: 2, BaseRes: 4, MaxRes: 64, Log2Table: 10}, 300)
		b.step(b.dx)
		if a := testing.AllocsPerRun(10, func() { b.step(b.dx) }); a != 0 {
			t.Errorf("%dD: %g allocations per forward+backward", dim, a)
		}
		// A smaller batch reuses the scratch.
		b.x = b.x[:100*dim]
		if a := testing.AllocsPerRun(10, func() { b.step(b.dx) }); a != 0 {
			t.Errorf("%dD: %g allocations per smaller batch", dim, a)
		}
	}
}

const benchPoints = 65536

func benchmarkGrid(b *testing.B, dim int, cfg grid.Config) {
	for _, c := range []struct {
		name string
		run  func(*batch)
	}{
		{"forward", func(t *batch) { t.w.Forward(t.out, t.e.OutDim(), 0, t.x, nil) }},
		{"forward+backward", func(t *batch) { t.step(nil) }},
		{"forward+backward+dx", func(t *batch) { t.step(t.dx) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			t := newBatch(b, dim, cfg, benchPoints)
			c.run(t)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				c.run(t)
			}
			b.ReportMetric(float64(benchPoints*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkImage runs the paper's grid for a 256×256 image (2 dense levels
// of 2 features, resolutions 16 and 128) on 65536 random points.
func BenchmarkImage(b *testing.B) { benchmarkGrid(b, 2, grid.ImageDefaults(256, 256)) }

// BenchmarkSDF runs the paper's SDF grid (16 levels of 1 feature, 16 to
// 2048, 2^15-row tables) on 65536 random points.
func BenchmarkSDF(b *testing.B) { benchmarkGrid(b, 3, grid.SDFDefaults()) }
