//go:build goexperiment.simd && amd64

package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"simd/archsimd"
)

// vectorElems returns the vector implementations of the elementwise passes
// that the CPU runs, widest first, or skips the test when there is none.
func vectorElems(t testing.TB) []elementwise {
	var es []elementwise
	if archsimd.X86.AVX512() {
		es = append(es, avx512Elem)
	} else {
		t.Log("AVX-512 elementwise passes not tested: the CPU lacks AVX-512")
	}
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		es = append(es, avx2Elem)
	}
	if len(es) == 0 {
		t.Skip("CPU lacks AVX2 or FMA")
	}
	return es
}

// sincosArgs returns the arguments of the accuracy test: a dense sweep of
// [-64, 64], runs of consecutive float32 values around multiples of π/2 up to
// the range limit (where the reduction cancels most), random arguments over
// several scales, and out-of-range, NaN and infinite values scattered among
// in-range ones so that the fallback is taken for mixed vectors.
func sincosArgs(rng *rand.Rand) []float32 {
	var xs []float32
	const sweep = 1 << 20
	for i := range sweep {
		xs = append(xs, float32(-64+128*float64(i)/sweep))
	}
	for _, k := range []float64{1, 2, 3, 7, 100, 1001, 8191, 8192, 65535, 300001, 636618} {
		for _, sg := range []float64{-1, 1} {
			x := math.Float32bits(float32(sg * k * math.Pi / 2))
			for d := range uint32(257) {
				xs = append(xs, math.Float32frombits(x-128+d))
			}
		}
	}
	for _, scale := range []float64{1, 10, 1e3, 1e4, 1e5, 9.99e5} {
		for range 100000 {
			xs = append(xs, float32((2*rng.Float64()-1)*scale))
		}
	}
	special := []float32{1e6, -1e6, 3e7, -1e20, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	for i, x := range special {
		xs[(i*977+13)%len(xs)] = x
	}
	return xs
}

// TestSincosSliceAccuracy measures the vector sincos against math.Sincos in
// float64 and fails if the absolute error of either result exceeds 1e-7
// (0.84 float32 ulps at 1; the measured maximum is 6.9e-8 here, 7.3e-8 over
// every float32 in range). Truncating either polynomial by one term breaks it.
func TestSincosSliceAccuracy(t *testing.T) {
	xs := sincosArgs(rand.New(rand.NewPCG(5, 6)))
	for _, e := range vectorElems(t) {
		t.Run(e.name, func(t *testing.T) { checkSincosAccuracy(t, e, xs) })
	}
}

func checkSincosAccuracy(t *testing.T, e elementwise, xs []float32) {
	sin, cos := make([]float32, len(xs)), make([]float32, len(xs))
	e.sincos(sin, cos, xs)
	const tol = 1e-7
	var worst float64
	var worstX float32
	for i, x := range xs {
		ws, wc := math.Sincos(float64(x))
		if math.IsNaN(ws) {
			if !math.IsNaN(float64(sin[i])) || !math.IsNaN(float64(cos[i])) {
				t.Errorf("sincos(%g) = %g, %g; want NaN", x, sin[i], cos[i])
			}
			continue
		}
		e := max(math.Abs(float64(sin[i])-ws), math.Abs(float64(cos[i])-wc))
		if e > worst {
			worst, worstX = e, x
		}
		if e > tol {
			t.Fatalf("sincos(%g) = %g, %g; want %g, %g (error %.3g)", x, sin[i], cos[i], ws, wc, e)
		}
	}
	t.Logf("%d arguments: max abs error %.3g at x = %g", len(xs), worst, worstX)
}

// TestSincosSliceDispatch checks that SincosSlice uses the widest vector
// routine, including the scalar tail of a length that is not a multiple of
// its lanes.
func TestSincosSliceDispatch(t *testing.T) {
	want := vectorElems(t)[0]
	if ew.name != want.name {
		t.Fatalf("elementwise implementation %q, want %s", ew.name, want.name)
	}
	x := uniform32(rand.New(rand.NewPCG(1, 2)), 21, 50)
	s, c := make([]float32, len(x)), make([]float32, len(x))
	ws, wc := make([]float32, len(x)), make([]float32, len(x))
	SincosSlice(s, c, x)
	want.sincos(ws, wc, x)
	for i := range x {
		if s[i] != ws[i] || c[i] != wc[i] {
			t.Fatalf("SincosSlice(%g) = %g, %g; %s %g, %g", x[i], s[i], c[i], want.name, ws[i], wc[i])
		}
	}
}

// TestElementwiseAgree runs each pass of every vector implementation and the
// scalar one on the same tiles, for hidden widths with and without a partial
// vector.
// The masked and product passes must match exactly (the sums add in the same
// order); the residual may differ by the sincos roundings.
func TestElementwiseAgree(t *testing.T) {
	for _, e := range vectorElems(t) {
		t.Run(e.name, func(t *testing.T) { checkElementwise(t, e) })
	}
}

func checkElementwise(t *testing.T, vec elementwise) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, h := range []int{64, 13, 24} {
		for _, rows := range []int{1, 9, 300} {
			n := rows * h
			b := uniform32(rng, h, 1)
			freqs := make([]float32, h)
			for j := range freqs {
				freqs[j] = float32(math.Exp(rng.Float64() * math.Log(1000)))
			}
			pre := uniform32(rng, n, 3)
			pre[n/2] = 2e4 // h0·m0 beyond sincosSimdLimit: the fallback
			for _, deriv := range []bool{false, true} {
				p1, p2 := append([]float32(nil), pre...), append([]float32(nil), pre...)
				o1, o2 := make([]float32, n), make([]float32, n)
				if !deriv {
					o1, o2 = p1, p2 // Infer's in-place form
				}
				portableElem.residual(p1, o1, b, freqs, rows, deriv)
				vec.residual(p2, o2, b, freqs, rows, deriv)
				for i := range n {
					v := float64(pre[i] + b[i%h])
					f := float64(freqs[i%h])
					if math.Abs(float64(o1[i]-o2[i])) > 3e-7+3e-7*math.Abs(v) {
						t.Fatalf("h %d rows %d: residual h1[%d] = %g (%s) vs %g (scalar)", h, rows, i, o2[i], vec.name, o1[i])
					}
					if deriv && math.Abs(float64(p1[i]-p2[i])) > 3e-7*(1+f) {
						t.Fatalf("h %d rows %d: residual deriv[%d] = %g (%s) vs %g (scalar)", h, rows, i, p2[i], vec.name, p1[i])
					}
				}
			}

			x := uniform32(rng, n, 1)
			x1, x2 := append([]float32(nil), x...), append([]float32(nil), x...)
			portableElem.biasReLU(x1, b, rows)
			vec.biasReLU(x2, b, rows)
			equal32(t, "biasReLU", x1, x2)

			g, a := uniform32(rng, n, 1), uniform32(rng, n, 1)
			a[0] = 0 // the boundary: dead
			for _, pass := range []struct {
				name     string
				scalar   func(g, a, sum []float32, rows int)
				vector   func(g, a, sum []float32, rows int)
				operands []float32
			}{
				{"reluGrad", portableElem.reluGrad, vec.reluGrad, a},
				{"scaleGrad", portableElem.scaleGrad, vec.scaleGrad, a},
			} {
				g1, g2 := append([]float32(nil), g...), append([]float32(nil), g...)
				s1, s2 := uniform32(rng, h, 1), uniform32(rng, h, 1) // overwritten
				pass.scalar(g1, pass.operands, s1, rows)
				pass.vector(g2, pass.operands, s2, rows)
				equal32(t, pass.name+" g", g1, g2)
				equal32(t, pass.name+" sum", s1, s2)
			}
		}
	}
}

func equal32(t *testing.T, what string, want, got []float32) {
	t.Helper()
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("%s[%d] = %g (vector), want %g (scalar)", what, i, got[i], want[i])
		}
	}
}

// TestMLPElementwiseAgree runs a decoder forward and backward pass with the
// scalar and each vector implementation of the elementwise passes (same
// products) and compares the outputs and every gradient.
func TestMLPElementwiseAgree(t *testing.T) {
	for _, e := range vectorElems(t) {
		t.Run(e.name, func(t *testing.T) { checkMLPElementwise(t, e) })
	}
}

func checkMLPElementwise(t *testing.T, vec elementwise) {
	rng := rand.New(rand.NewPCG(9, 10))
	m, err := NewMLP(MLPConfig{In: 36, Out: 3, Freqs: LogSpace(1, 1000, DefaultHidden)}, rng)
	if err != nil {
		t.Fatal(err)
	}
	n := kern.tile + 37
	z := uniform32(rng, n*m.In(), 1)
	dout := uniform32(rng, n*m.Out(), 1)
	run := func(e elementwise) (out, dz []float32, grads [][]float32) {
		old := ew
		ew = e
		defer func() { ew = old }()
		w := m.NewWorker()
		out, dz = make([]float32, n*m.Out()), make([]float32, n*m.In())
		w.Forward(out, z, n)
		for _, p := range m.Params() {
			grads = append(grads, make([]float32, len(p.Data)))
		}
		w.Backward(grads, dz, dout)
		return out, dz, grads
	}
	o1, dz1, g1 := run(portableElem)
	o2, dz2, g2 := run(vec)
	compare := func(what string, a, b []float32) {
		var num, den float64
		for i := range a {
			d := float64(a[i] - b[i])
			num += d * d
			den += float64(a[i]) * float64(a[i])
		}
		if rel := math.Sqrt(num / den); rel > 1e-5 {
			t.Errorf("%s: relative difference %.3g between scalar and %s passes", what, rel, vec.name)
		}
	}
	compare("out", o1, o2)
	compare("dz", dz1, dz2)
	for k, p := range m.Params() {
		compare(p.Name, g1[k], g2[k])
	}
}
