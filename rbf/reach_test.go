package rbf

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestReachChangesNothing: skipping the neighbours beyond the tent
// kernels' reach gives bit for bit the features and gradients (parameters
// and inputs) of using all K nearest, near the RBFs and far from them.
func TestReachChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const n, dim = 400, 3
	centres := make([]float32, n*dim)
	for i := range centres {
		centres[i] = float32(0.8 * (2*rng.Float64() - 1))
	}
	shapes := make([]float32, n)
	for i := range shapes {
		shapes[i] = float32(4 + 8*rng.Float64()) // supports of radius 0.14–0.43
	}
	e, err := New(Config{Kernel: NLinS}, dim, centres, shapes, rng)
	if err != nil {
		t.Fatal(err)
	}
	if math.IsInf(float64(e.reach2), 1) {
		t.Fatal("the tent encoder has no finite reach")
	}
	const m = 600
	x := make([]float32, m*dim)
	for i := range x {
		x[i] = float32(2.4*rng.Float64() - 1.2) // many beyond every support
	}
	nf := e.OutDim()
	dout := make([]float32, m*nf)
	for i := range dout {
		dout[i] = float32(2*rng.Float64() - 1)
	}
	run := func() (out, grad, dx []float32) {
		w := e.NewWorker()
		out = make([]float32, m*nf)
		w.Forward(out, nf, 0, x, nil)
		grad, dx = make([]float32, len(e.w.Data)), make([]float32, m*dim)
		w.Backward([][]float32{grad}, dx, dout, nf, 0)
		return out, grad, dx
	}
	out, grad, dx := run()
	zeros := 0
	for p := range m {
		if !slices.ContainsFunc(out[p*nf:(p+1)*nf], func(v float32) bool { return v != 0 }) {
			zeros++
		}
	}
	if zeros == 0 || zeros == m {
		t.Fatalf("%d of %d points have all-zero features: the test needs points both within and beyond reach", zeros, m)
	}
	e.reach2 = float32(math.Inf(1))
	out2, grad2, dx2 := run()
	for _, c := range []struct {
		name string
		a, b []float32
	}{{"features", out, out2}, {"feature gradients", grad, grad2}, {"input gradients", dx, dx2}} {
		if !slices.Equal(c.a, c.b) {
			t.Errorf("%s differ with and without the reach", c.name)
		}
	}
}
