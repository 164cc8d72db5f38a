package rbf

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/internal/knn"
)

// TestSpatialOrderChangesNothing: an image encoder renumbered by
// spatialOrder computes bit for bit the features, input gradients and
// (renumbered) feature gradients of the original, with half the centres
// on a lattice and half the points on its cell corners and edges, where
// neighbours tie in distance; and the renumbering is not the identity.
func TestSpatialOrderChangesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const n = 600
	centres := make([]float32, 0, 2*n)
	for i := range n / 2 {
		centres = append(centres, float32(i%15)/8-0.9, float32(i/15)/24-0.9)
	}
	for range n / 2 {
		centres = append(centres, float32(1.8*rng.Float64()-0.9), float32(1.8*rng.Float64()-0.9))
	}
	shapes := make([]float32, 0, 3*n)
	for range n {
		a, c := 50+200*rng.Float64(), 50+200*rng.Float64()
		shapes = append(shapes, float32(a), float32(0.3*(2*rng.Float64()-1)*min(a, c)), float32(c))
	}
	cfg := Config{InputScale: []float32{1, 0.75}}
	orig, err := New(cfg, 2, centres, shapes, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	moved, err := New(cfg, 2, centres, shapes, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	order := knn.NewGrid(moved.pos.Data, 2).Order()
	moved.spatialOrder()
	identity := true
	for j, i := range order {
		identity = identity && int(i) == j
	}
	if identity {
		t.Fatal("the test's centres are already in cell order")
	}

	const m = 2000
	x := make([]float32, 0, 2*m)
	for p := range m {
		if p%2 == 0 { // lattice cell corners and edge midpoints, in the unscaled frame
			i := rng.IntN(n / 2)
			x = append(x, float32(i%15)/8-0.9+float32(rng.IntN(2))/16, (float32(i/15)/24-0.9+float32(rng.IntN(2))/48)/0.75)
		} else {
			x = append(x, float32(2*rng.Float64()-1), float32(2*rng.Float64()-1))
		}
	}
	nf := orig.OutDim()
	dout := make([]float32, m*nf)
	for i := range dout {
		dout[i] = float32(2*rng.Float64() - 1)
	}
	run := func(e *Encoder) (out, dx, dw []float32) {
		out, dx, dw = make([]float32, m*nf), make([]float32, 2*m), make([]float32, n*nf)
		w := e.NewWorker()
		w.Forward(out, nf, 0, x, nil)
		w.Backward([][]float32{dw}, dx, dout, nf, 0)
		return out, dx, dw
	}
	o0, x0, g0 := run(orig)
	o1, x1, g1 := run(moved)
	if !slices.Equal(o0, o1) {
		t.Error("features differ")
	}
	if !slices.Equal(x0, x1) {
		t.Error("input gradients differ")
	}
	for j, i := range order {
		if !slices.Equal(g1[j*nf:(j+1)*nf], g0[int(i)*nf:int(i+1)*nf]) {
			t.Fatalf("the gradient of RBF %d (formerly %d) differs", j, i)
		}
		if !slices.Equal(moved.w.Data[j*nf:(j+1)*nf], orig.w.Data[int(i)*nf:int(i+1)*nf]) {
			t.Fatalf("the features of RBF %d (formerly %d) differ", j, i)
		}
	}
}
