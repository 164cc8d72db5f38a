package rbf_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/rbf"
)

// testEncoder returns an encoder of n random RBFs in [-1,1]^dim with
// random shapes and features uniform in ±1. 2-D encoders get an
// anisotropic input scale so that its factor in dx is checked too.
func testEncoder(t testing.TB, k rbf.Kernel, dim, n int, noMSC, train bool, rng *rand.Rand) *rbf.Encoder {
	cfg := rbf.Config{Kernel: k, Features: 8, FreqMin: 0.5, FreqMax: 16, NoMSC: noMSC, TrainShapes: train}
	if dim == 2 {
		cfg.InputScale = []float32{1.25, 0.75}
	}
	e, err := rbf.New(cfg, dim, uniform(n*dim, -1, 1, rng), randomShapes(k, dim, n, rng), rng)
	if err != nil {
		t.Fatal(err)
	}
	copy(e.Params()[0].Data, uniform(len(e.Params()[0].Data), -1, 1, rng))
	return e
}

// safePoints returns n points (in the input frame) at which finite
// differences of r are well defined.
func safePoints(r *ref, n int, rng *rand.Rand) []float32 {
	var x []float32
	for len(x) < n*r.dim {
		p := uniform(r.dim, -0.7, 0.7, rng)
		if r.safe(to64(p), 1e-3) {
			x = append(x, p...)
		}
	}
	return x
}

// gradCheck compares analytic gradients with central differences of the
// float64 reference, entry by entry: |a − fd| ≤ tol·max(|fd|, 1e-2·max|fd|).
type gradCheck struct {
	t    *testing.T
	name string
	a    []float64
	fd   []float64
}

func (g *gradCheck) add(a, fd float64) { g.a, g.fd = append(g.a, a), append(g.fd, fd) }

func (g *gradCheck) done(tol float64) {
	g.t.Helper()
	scale := 0.0
	for _, v := range g.fd {
		scale = math.Max(scale, math.Abs(v))
	}
	if scale == 0 {
		g.t.Fatalf("%s: every finite difference is zero; the check is vacuous", g.name)
	}
	bad := 0
	for i := range g.a {
		if math.Abs(g.a[i]-g.fd[i]) > tol*math.Max(math.Abs(g.fd[i]), 1e-2*scale) {
			if bad < 5 {
				g.t.Errorf("%s[%d]: analytic %.9g, finite difference %.9g", g.name, i, g.a[i], g.fd[i])
			}
			bad++
		}
	}
	if bad > 0 {
		g.t.Errorf("%s: %d of %d entries off", g.name, bad, len(g.a))
	}
}

// centralDiff returns (L(v+h) − L(v−h))/2h, restoring *v.
func centralDiff(v *float64, h float64, loss func() float64) float64 {
	o := *v
	*v = o + h
	lp := loss()
	*v = o - h
	lm := loss()
	*v = o
	return (lp - lm) / (2 * h)
}

func TestGradients(t *testing.T) {
	for _, k := range []rbf.Kernel{rbf.IVQA, rbf.GaussA, rbf.NLinS} {
		for _, dim := range []int{2, 3} {
			for _, noMSC := range []bool{false, true} {
				for _, cached := range []bool{false, true} {
					name := fmt.Sprintf("%s/%dd/noMSC=%v/cached=%v", k, dim, noMSC, cached)
					t.Run(name, func(t *testing.T) {
						rng := rand.New(rand.NewPCG(uint64(dim), 7))
						for _, train := range []bool{false, true} {
							e := testEncoder(t, k, dim, 20*dim, noMSC, train, rng)
							checkEncoder(t, e, cached, rng)
						}
					})
				}
			}
		}
	}
}

// checkEncoder runs Forward and Backward on a few safe points and checks
// features against the reference and gradients against its finite
// differences: features always, inputs always, centres and shapes with
// TrainShapes.
func checkEncoder(t *testing.T, e *rbf.Encoder, cached bool, rng *rand.Rand) {
	r := newRef(e)
	dim, nf, n := e.InDim(), e.OutDim(), 6
	x := safePoints(r, n, rng)
	var idx []int32
	if cached {
		if _, err := e.Fix(x); err != nil {
			t.Fatal(err)
		}
		idx = []int32{0, 1, 2, 3, 4, 5}
	}
	off := 2 // features inside wider rows
	stride := nf + 3
	out := make([]float32, n*stride)
	w := e.NewWorker()
	w.Forward(out, stride, off, x, idx)
	x64 := to64(x)
	for p := 0; p < n; p++ {
		g, _, _ := r.forward(x64[p*dim : (p+1)*dim])
		for j := range g {
			if d := math.Abs(float64(out[p*stride+off+j]) - g[j]); d > 1e-5 {
				t.Fatalf("point %d feature %d: %.8g, reference %.8g", p, j, out[p*stride+off+j], g[j])
			}
		}
	}

	dout := uniform(n*nf, -1, 1, rng)
	strided := make([]float32, n*stride)
	for p := 0; p < n; p++ {
		copy(strided[p*stride+off:], dout[p*nf:(p+1)*nf])
	}
	ps := e.Params()
	grads := make([][]float32, len(ps))
	for i, p := range ps {
		grads[i] = make([]float32, len(p.Data))
	}
	dx := make([]float32, n*dim)
	w.Backward(grads, dx, strided, stride, off)

	loss := func() float64 { return r.loss(x64, dout) }
	const h, tol = 1e-6, 1e-3

	// Features: a sample of the entries the points touch.
	used := map[int]bool{}
	for p := 0; p < n; p++ {
		_, ids, _ := r.forward(x64[p*dim : (p+1)*dim])
		for _, i := range ids {
			used[i] = true
		}
	}
	gw := gradCheck{t: t, name: "dw"}
	for i := range used {
		j := rng.IntN(nf)
		gw.add(float64(grads[0][i*nf+j]), centralDiff(&r.w[i*nf+j], h, loss))
	}
	gw.done(tol)

	gx := gradCheck{t: t, name: "dx"}
	for i := range x64 {
		gx.add(float64(dx[i]), centralDiff(&x64[i], h, loss))
	}
	gx.done(tol)

	if !e.Config().TrainShapes {
		return
	}
	ss := e.Config().Kernel.ShapeSize(dim)
	gp := gradCheck{t: t, name: "dpos"}
	gs := gradCheck{t: t, name: "dshape"}
	for i := range used {
		for a := 0; a < dim; a++ {
			gp.add(float64(grads[1][i*dim+a]), centralDiff(&r.pos[i*dim+a], h, loss))
		}
		for s := 0; s < ss; s++ {
			gs.add(float64(grads[2][i*ss+s]), centralDiff(&r.shape[i*ss+s], h, loss))
		}
	}
	gp.done(tol)
	gs.done(tol)
}

// TestGradientsImageFrequencies checks dx with the paper's image setting,
// frequencies up to 2^12, where phases are most sensitive.
func TestGradientsImageFrequencies(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	e, err := rbf.New(rbf.ImageDefaults(), 2, uniform(80, -1, 1, rng), randomShapes(rbf.IVQA, 2, 40, rng), rng)
	if err != nil {
		t.Fatal(err)
	}
	copy(e.Params()[0].Data, uniform(len(e.Params()[0].Data), -1, 1, rng))
	checkEncoder(t, e, false, rng)
}
