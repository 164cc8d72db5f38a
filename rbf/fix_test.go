package rbf_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/nn"
	"github.com/neurbf/neurbf/rbf"
)

// passResult is what one Forward and Backward produce.
type passResult struct {
	out, dx []float32
	grads   [][]float32
}

func runPass(e *rbf.Encoder, w nn.EncoderWorker, x []float32, idx []int32, dout []float32) passResult {
	n, nf := len(x)/e.InDim(), e.OutDim()
	r := passResult{out: make([]float32, n*nf), dx: make([]float32, len(x))}
	for _, p := range e.Params() {
		r.grads = append(r.grads, make([]float32, len(p.Data)))
	}
	w.Forward(r.out, nf, 0, x, idx)
	w.Backward(r.grads, r.dx, dout, nf, 0)
	return r
}

func TestFixMatchesUncached(t *testing.T) {
	cases := []struct {
		name  string
		cfg   rbf.Config
		dim   int
		bytes func(n, k, f int) int64 // expected cache size
	}{
		{"table", rbf.Config{}, 2, func(n, k, f int) int64 { return int64(n*k*4 + n*(k+1)*8 + n*k*f*4) }},
		{"no-table", rbf.Config{MaxCacheBytes: 2 << 20}, 2, func(n, k, f int) int64 { return int64(n*k*4 + n*(k+1)*8) }},
		{"no-msc", rbf.Config{NoMSC: true}, 3, func(n, k, f int) int64 { return int64(n*k*4 + n*(k+1)*8) }},
		{"train-shapes", rbf.Config{TrainShapes: true}, 3, func(n, k, f int) int64 { return int64(n * k * 4) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(9, 9))
			const n = 20000
			k := rbf.SDFDefaults().Kernel
			if c.dim == 2 {
				k = rbf.ImageDefaults().Kernel
			}
			e, err := rbf.New(c.cfg, c.dim, uniform(300*c.dim, -1, 1, rng), randomShapes(k, c.dim, 300, rng), rng)
			if err != nil {
				t.Fatal(err)
			}
			copy(e.Params()[0].Data, uniform(len(e.Params()[0].Data), -1, 1, rng))
			x := uniform(n*c.dim, -1, 1, rng)
			bytes, err := e.Fix(x)
			if err != nil {
				t.Fatal(err)
			}
			cfg := e.Config()
			if want := c.bytes(n, cfg.K, cfg.Features); bytes != want {
				t.Errorf("Fix reports %d bytes, want %d", bytes, want)
			}
			// A batch of rows in shuffled order.
			idx := make([]int32, 3000)
			bx := make([]float32, 0, len(idx)*c.dim)
			for i := range idx {
				idx[i] = int32(rng.IntN(n))
				bx = append(bx, x[int(idx[i])*c.dim:int(idx[i]+1)*c.dim]...)
			}
			dout := uniform(len(idx)*cfg.Features, -1, 1, rng)
			cached := runPass(e, e.NewWorker(), bx, idx, dout)
			plain := runPass(e, e.NewWorker(), bx, nil, dout)
			if !slices.Equal(cached.out, plain.out) {
				t.Error("features differ")
			}
			if !slices.Equal(cached.dx, plain.dx) {
				t.Error("input gradients differ")
			}
			for i := range cached.grads {
				if !slices.Equal(cached.grads[i], plain.grads[i]) {
					t.Errorf("gradient of %s differs", e.Params()[i].Name)
				}
			}
		})
	}
}

func TestFixErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 9))
	e, err := rbf.New(rbf.Config{MaxCacheBytes: 100}, 2, uniform(40, -1, 1, rng), randomShapes(rbf.IVQA, 2, 20, rng), rng)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Fix(make([]float32, 5)); err == nil {
		t.Error("odd coordinate count: no error")
	}
	if _, err := e.Fix(make([]float32, 2*100)); err == nil {
		t.Error("neighbour lists over the cache limit: no error")
	}
}

func TestWorkerAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 9))
	for _, cached := range []bool{false, true} {
		e, err := rbf.New(rbf.Config{TrainShapes: true}, 3, uniform(3*200, -1, 1, rng), randomShapes(rbf.NLinS, 3, 200, rng), rng)
		if err != nil {
			t.Fatal(err)
		}
		x := uniform(3*500, -1, 1, rng)
		var idx []int32
		if cached {
			if _, err := e.Fix(x); err != nil {
				t.Fatal(err)
			}
			for i := range 500 {
				idx = append(idx, int32(i))
			}
		}
		w := e.NewWorker()
		nf := e.OutDim()
		out, dout, dx := make([]float32, 500*nf), uniform(500*nf, -1, 1, rng), make([]float32, 3*500)
		var grads [][]float32
		for _, p := range e.Params() {
			grads = append(grads, make([]float32, len(p.Data)))
		}
		step := func() {
			w.Forward(out, nf, 0, x, idx)
			w.Backward(grads, dx, dout, nf, 0)
		}
		step()
		if a := testing.AllocsPerRun(5, step); a != 0 {
			t.Errorf("cached=%v: %v allocations per Forward+Backward", cached, a)
		}
	}
}
