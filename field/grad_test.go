package field

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/rbf"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// smallSDFModel is a hybrid 3-D model of a sphere mesh with a small hashed
// grid, its parameters randomised to magnitudes a trained model has, so
// that every part contributes to the output and its gradient.
func smallSDFModel(t testing.TB) *Model {
	t.Helper()
	cfg := Config{Params: 40000, Grid: grid.Config{Levels: 4, Features: 2, BaseRes: 4, MaxRes: 40, Log2Table: 12}}
	m, err := NewSDFModel(cfg, sdftest.Sphere{Radius: 1}.Mesh(24))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, p := range m.Encoder.Params() {
		for i := range p.Data {
			p.Data[i] = float32(rng.Float64() - 0.5)
		}
	}
	return m
}

// refSDF evaluates m at x in float64, written from docs/METHOD.md §1 without the
// package's code: the grid by N-linear interpolation of its level tables
// (hashed or dense; with the smooth weights of §1.6 when the grid has them), the K nearest RBF tents by brute force, normalised,
// through the sinusoid composition, plus the bias, then the decoder.
func refSDF(m *Model, x [3]float64) float64 {
	parts := m.Encoder.Parts()
	g := parts[0].(*grid.Encoder)
	r := parts[1].(*rbf.Encoder)
	var z []float64
	nf := g.Config().Features
	for l, lv := range g.Levels() {
		tab := g.Params()[l].Data
		var i0 [3]int
		var f [3]float64
		for a := range 3 {
			u := (math.Max(-1, math.Min(1, x[a])) + 1) * float64(lv.Res-1) / 2
			i0[a] = min(int(u), lv.Res-2)
			f[a] = u - float64(i0[a])
			if g.Config().Interp == grid.InterpSmooth {
				f[a] = f[a] * f[a] * (3 - 2*f[a])
			}
		}
		feat := make([]float64, nf)
		for c := range 8 {
			v := [3]int{i0[0] + c&1, i0[1] + c>>1&1, i0[2] + c>>2}
			w := 1.0
			for a := range 3 {
				if v[a] > i0[a] {
					w *= f[a]
				} else {
					w *= 1 - f[a]
				}
			}
			row := v[0] + lv.Res*v[1] + lv.Res*lv.Res*v[2]
			if lv.Hashed {
				row = int((uint32(v[0]) ^ uint32(v[1])*2654435761 ^ uint32(v[2])*805459861) & uint32(lv.Rows-1))
			}
			for j := range nf {
				feat[j] += w * float64(tab[row*nf+j])
			}
		}
		z = append(z, feat...)
	}
	cen, sh, k := r.Centers(), r.Shapes(), r.Config().K
	type nb struct {
		i  int
		d2 float64
	}
	var near []nb
	for i := 0; i < r.Len(); i++ {
		var d2 float64
		for a := range 3 {
			d := x[a] - float64(cen[3*i+a])
			d2 += d * d
		}
		near = append(near, nb{i, d2})
	}
	for a := 0; a < k; a++ { // partial selection sort: the K nearest first
		for b := a + 1; b < len(near); b++ {
			if near[b].d2 < near[a].d2 {
				near[a], near[b] = near[b], near[a]
			}
		}
	}
	phi := make([]float64, k)
	var sum float64
	for a := range k {
		i := near[a].i
		phi[a] = 1
		for ax := range 3 {
			phi[a] *= math.Max(0, 1-math.Abs(x[ax]-float64(cen[3*i+ax]))*float64(sh[i]))
		}
		sum += phi[a]
	}
	feat := make([]float64, r.Config().Features)
	w := r.Params()[0].Data
	for a := range k {
		for j, mj := range r.Frequencies() {
			feat[j] += float64(w[near[a].i*len(feat)+j]) * math.Sin(phi[a]/(sum+1e-8)*mj)
		}
	}
	z = append(z, feat...)
	bias := m.Encoder.Params()[len(m.Encoder.Params())-1].Data
	for j := range z {
		z[j] += float64(bias[j])
	}
	return refMLP(m, z)
}

// refMLP is the decoder of docs/METHOD.md §1.7 in float64.
func refMLP(m *Model, z []float64) float64 {
	d := m.decoder
	ps := d.Params()
	h := d.Hidden()
	lin := func(in []float64, w, b []float32, out int) []float64 {
		y := make([]float64, out)
		for o := range out {
			y[o] = float64(b[o])
			for i, v := range in {
				y[o] += v * float64(w[i*out+o])
			}
		}
		return y
	}
	h0 := lin(z, ps[0].Data, ps[1].Data, h)
	for i := range h0 {
		h0[i] += math.Sin(h0[i] * float64(d.Freqs()[i]))
	}
	h2 := lin(h0, ps[2].Data, ps[3].Data, h)
	for i := range h2 {
		h2[i] = math.Max(0, h2[i])
	}
	return lin(h2, ps[4].Data, ps[5].Data, 1)[0]
}

// TestEvalGradMatchesFiniteDifferences compares EvalGrad's float32 value
// and gradient with the float64 reference and its central differences at
// points around the surface, where grid and RBFs both contribute. Points
// where the difference quotient is not smooth (a tent, ReLU or cell edge,
// or a change of neighbours within the step) are skipped, detected by
// comparing quotients at steps h and h/2.
func TestEvalGradMatchesFiniteDifferences(t *testing.T) {
	m := smallSDFModel(t)
	rng := rand.New(rand.NewPCG(7, 8))
	const n, h = 40, 1e-5
	x := make([]float32, 3*n)
	for i := range n {
		var p [3]float64
		for a := range p {
			p[a] = rng.NormFloat64()
		}
		r := (0.99 + 0.05*rng.NormFloat64()) / math.Sqrt(p[0]*p[0]+p[1]*p[1]+p[2]*p[2])
		for a := range p {
			x[3*i+a] = float32(p[a] * r)
		}
	}
	out, grad := make([]float32, n), make([]float32, 3*n)
	m.EvalGrad(out, grad, x)
	checked := 0
	for i := range n {
		var p [3]float64
		for a := range p {
			p[a] = float64(x[3*i+a])
		}
		if f := refSDF(m, p); math.Abs(float64(out[i])-f) > 1e-3*(1+math.Abs(f)) {
			t.Errorf("point %d: value %g, reference %g", i, out[i], f)
		}
		var fd, fd2 [3]float64
		for a := range 3 {
			q := func(s float64) float64 {
				pp := p
				pp[a] += s
				return refSDF(m, pp)
			}
			fd[a] = (q(h) - q(-h)) / (2 * h)
			fd2[a] = (q(h/2) - q(-h/2)) / h
		}
		var diff, kink, norm float64
		for a := range 3 {
			diff += sq(float64(grad[3*i+a]) - fd[a])
			kink += sq(fd[a] - fd2[a])
			norm += sq(fd[a])
		}
		if kink > 1e-6*norm {
			continue
		}
		checked++
		if math.Sqrt(diff) > 5e-3*math.Sqrt(norm)+1e-4 {
			t.Errorf("point %d: gradient %v, finite differences %v", i, grad[3*i:3*i+3], fd)
		}
	}
	t.Logf("%d of %d points checked", checked, n)
	if checked < n/2 {
		t.Errorf("only %d of %d points are smooth enough to check", checked, n)
	}
}

func sq(v float64) float64 { return v * v }

// TestEvalGradAgreesWithEval checks that EvalGrad's values are Eval's, in
// chunks longer than one evaluation chunk, and that without a gradient
// buffer it is Eval exactly.
func TestEvalGradAgreesWithEval(t *testing.T) {
	m := smallSDFModel(t)
	rng := rand.New(rand.NewPCG(9, 10))
	n := evalChunk + 77
	x := make([]float32, 3*n)
	for i := range x {
		x[i] = float32(2*rng.Float64() - 1)
	}
	a, b, g := make([]float32, n), make([]float32, n), make([]float32, 3*n)
	m.Eval(a, x)
	m.EvalGrad(b, g, x)
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-5*(1+math.Abs(float64(a[i]))) {
			t.Fatalf("point %d: Eval %g, EvalGrad %g", i, a[i], b[i])
		}
	}
	m.EvalGrad(b, nil, x)
	if !slices.Equal(a, b) {
		t.Error("EvalGrad without a gradient buffer differs from Eval")
	}
}

// BenchmarkEvalGrad measures value-and-gradient queries on the small model.
func BenchmarkEvalGrad(b *testing.B) {
	m := smallSDFModel(b)
	const n = 1 << 14
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, 3*n)
	for i := range x {
		x[i] = float32(2*rng.Float64() - 1)
	}
	out, g := make([]float32, n), make([]float32, 3*n)
	b.ReportAllocs()
	for b.Loop() {
		m.EvalGrad(out, g, x)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}
