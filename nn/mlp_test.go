package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/internal/parallel"
)

// refMLP is a plain float64 implementation of the decoder's forward pass,
// written independently of the worker (no tiles, no fused passes, no cached
// derivatives) to check it against.
type refMLP struct {
	in, h, out             int
	freqs                  []float64
	w0, b0, w1, b1, w2, b2 []float64
}

func newRef(m *MLP) *refMLP {
	f64 := func(x []float32) []float64 {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = float64(v)
		}
		return y
	}
	return &refMLP{in: m.in, h: m.hidden, out: m.out, freqs: f64(m.freqs),
		w0: f64(m.w0.Data), b0: f64(m.b0.Data), w1: f64(m.w1.Data), b1: f64(m.b1.Data), w2: f64(m.w2.Data), b2: f64(m.b2.Data)}
}

// params lists the reference tensors in MLP.Params order.
func (r *refMLP) params() [][]float64 { return [][]float64{r.w0, r.b0, r.w1, r.b1, r.w2, r.b2} }

// forward evaluates one sample.
func (r *refMLP) forward(z []float64) []float64 {
	h0 := make([]float64, r.h)
	for j := range h0 {
		s := r.b0[j]
		for i := 0; i < r.in; i++ {
			s += z[i] * r.w0[i*r.h+j]
		}
		h0[j] = s + math.Sin(s*r.freqs[j])
	}
	h2 := make([]float64, r.h)
	for j := range h2 {
		s := r.b1[j]
		for i := 0; i < r.h; i++ {
			s += h0[i] * r.w1[i*r.h+j]
		}
		h2[j] = math.Max(s, 0)
	}
	out := make([]float64, r.out)
	for j := range out {
		s := r.b2[j]
		for i := 0; i < r.h; i++ {
			s += h2[i] * r.w2[i*r.out+j]
		}
		out[j] = s
	}
	return out
}

// loss is Σ_samples Σ_c wt·out for the n×in batch z.
func (r *refMLP) loss(z, wt []float64, n int) float64 {
	var l float64
	for s := 0; s < n; s++ {
		o := r.forward(z[s*r.in : (s+1)*r.in])
		for c, v := range o {
			l += wt[s*r.out+c] * v
		}
	}
	return l
}

func uniform32(rng *rand.Rand, n int, scale float64) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32((2*rng.Float64() - 1) * scale)
	}
	return x
}

func to64(x []float32) []float64 {
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = float64(v)
	}
	return y
}

// closeTo reports whether got matches want within rtol relative to |want|
// plus atol.
func closeTo(got, want, rtol, atol float64) bool {
	return math.Abs(got-want) <= rtol*math.Abs(want)+atol
}

func newTestMLP(t testing.TB, in, h, out int, seed uint64) *MLP {
	m, err := NewMLP(MLPConfig{In: in, Hidden: h, Out: out, Freqs: LogSpace(1, 1000, h)}, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMLPGradients checks the float32 forward and backward against the
// float64 reference and its central finite differences, for every parameter
// of a small network over a batch spanning several tiles, and for sampled
// parameters of the paper-sized one.
func TestMLPGradients(t *testing.T) {
	for _, tc := range []struct {
		name          string
		in, h, out, n int
		perTensor     int // parameters checked per tensor (0: all)
	}{
		{"small", 5, 8, 3, 2*kern.tile + 7, 0},
		{"paper", 36, 64, 3, 9, 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, 9))
			m := newTestMLP(t, tc.in, tc.h, tc.out, 3)
			z := uniform32(rng, tc.n*tc.in, 1)
			wt := uniform32(rng, tc.n*tc.out, 1)
			w := m.NewWorker()
			out := make([]float32, tc.n*tc.out)
			w.Forward(out, z, tc.n)
			grads := make([][]float32, 6)
			for k, p := range m.Params() {
				grads[k] = make([]float32, len(p.Data))
			}
			dz := make([]float32, len(z))
			w.Backward(grads, dz, wt)

			ref := newRef(m)
			z64, wt64 := to64(z), to64(wt)
			for s := 0; s < tc.n; s++ {
				o := ref.forward(z64[s*tc.in : (s+1)*tc.in])
				for c, v := range o {
					if got := float64(out[s*tc.out+c]); !closeTo(got, v, 1e-4, 1e-4) {
						t.Fatalf("forward sample %d channel %d: %g, reference %g", s, c, got, v)
					}
				}
			}
			const eps = 1e-7
			fd := func(x []float64, i int) float64 {
				x0 := x[i]
				x[i] = x0 + eps
				lp := ref.loss(z64, wt64, tc.n)
				x[i] = x0 - eps
				lm := ref.loss(z64, wt64, tc.n)
				x[i] = x0
				return (lp - lm) / (2 * eps)
			}
			check := func(name string, x []float64, g []float32) {
				idx := rng.Perm(len(x))
				if tc.perTensor > 0 && len(idx) > tc.perTensor {
					idx = idx[:tc.perTensor]
				}
				want := make([]float64, len(idx))
				scale := 0.0
				for j, i := range idx {
					want[j] = fd(x, i)
					scale = math.Max(scale, math.Abs(want[j]))
				}
				for j, i := range idx {
					if !closeTo(float64(g[i]), want[j], 2e-3, 2e-4*scale) {
						t.Errorf("%s[%d]: analytic %g, finite difference %g", name, i, g[i], want[j])
					}
				}
			}
			for k, p := range m.Params() {
				check(p.Name, ref.params()[k], grads[k])
			}
			check("z", z64, dz)
		})
	}
}

// TestMLPInfer checks that Infer gives Forward's outputs and leaves the
// state of the last Forward alone.
func TestMLPInfer(t *testing.T) {
	n := 3*kern.tile + 1
	rng := rand.New(rand.NewPCG(1, 2))
	m := newTestMLP(t, 6, 16, 2, 5)
	z := uniform32(rng, n*6, 1)
	w := m.NewWorker()
	a, b := make([]float32, n*2), make([]float32, n*2)
	w.Forward(a, z, n)
	h1 := append([]float32(nil), w.h1...)
	w.Infer(b, z[:n/2*6], n/2)
	for i := range b[:n/2*2] {
		if a[i] != b[i] {
			t.Fatalf("output %d: Infer %g, Forward %g", i, b[i], a[i])
		}
	}
	for i := range h1 {
		if h1[i] != w.h1[i] {
			t.Fatal("Infer changed the forward state")
		}
	}
}

// TestMLPNoAllocs checks that a training pass allocates nothing once the
// batch size has been seen, also for a smaller batch.
func TestMLPNoAllocs(t *testing.T) {
	const n = 1000
	rng := rand.New(rand.NewPCG(1, 2))
	m := newTestMLP(t, 36, 64, 3, 5)
	w := m.NewWorker()
	z, out, dz := uniform32(rng, n*36, 1), make([]float32, n*3), make([]float32, n*36)
	grads := make([][]float32, 6)
	for k, p := range m.Params() {
		grads[k] = make([]float32, len(p.Data))
	}
	w.Forward(out, z, n)
	for _, size := range []int{n, n / 3} {
		allocs := testing.AllocsPerRun(5, func() {
			w.Forward(out, z, size)
			w.Backward(grads, dz, out)
			w.Infer(out, z, size)
		})
		if allocs != 0 {
			t.Errorf("batch %d: %g allocations per pass", size, allocs)
		}
	}
}

func TestNewMLPErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, cfg := range []MLPConfig{
		{In: 0, Out: 3, Freqs: LogSpace(1, 10, 64)},
		{In: 4, Out: -1, Freqs: LogSpace(1, 10, 64)},
		{In: 4, Out: 3, Freqs: LogSpace(1, 10, 8)},
		{In: 4, Hidden: 8, Out: 3},
	} {
		if _, err := NewMLP(cfg, rng); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
	m, err := NewMLP(MLPConfig{In: 4, Out: 3, Freqs: LogSpace(1, 10, DefaultHidden)}, rng)
	if err != nil {
		t.Fatal(err)
	}
	if m.Hidden() != DefaultHidden || Count(m.Params()) != 4*64+64+64*64+64+64*3+3 {
		t.Errorf("default shape: hidden %d, %d parameters", m.Hidden(), Count(m.Params()))
	}
	for _, p := range m.Params() {
		bound := float32(1 / math.Sqrt(4))
		if p.Name == "mlp.w1" || p.Name == "mlp.b1" || p.Name == "mlp.w2" || p.Name == "mlp.b2" {
			bound = 1.0 / 8
		}
		lo, hi := float32(0), float32(0)
		for _, v := range p.Data {
			lo, hi = min(lo, v), max(hi, v)
		}
		if p.Group != "mlp" || lo < -bound || hi > bound || (len(p.Data) >= 64 && hi-lo < bound) {
			t.Errorf("%s (group %q): values in [%g, %g], want spread over ±%g", p.Name, p.Group, lo, hi, bound)
		}
	}
}

func TestLogSpace(t *testing.T) {
	got := LogSpace(0.125, 4096, 16)
	if got[0] != 0.125 || math.Abs(float64(got[15])-4096) > 1e-3 {
		t.Errorf("ends %g, %g", got[0], got[15])
	}
	r := float64(got[1] / got[0])
	for i := 1; i < len(got); i++ {
		if q := float64(got[i] / got[i-1]); math.Abs(q-r) > 1e-5 {
			t.Errorf("ratio %d: %g, want %g", i, q, r)
		}
	}
	if one := LogSpace(3, 9, 1); len(one) != 1 || one[0] != 3 {
		t.Errorf("n=1: %v", one)
	}
}

func BenchmarkMLPTrain(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run([]string{"", "threads=1", "threads=2"}[threads], func(b *testing.B) {
			const n, in, out = 65536, 36, 3
			rng := rand.New(rand.NewPCG(1, 2))
			m := newTestMLP(b, in, 64, out, 5)
			z, o, dz := uniform32(rng, n*in, 1), make([]float32, n*out), make([]float32, n*in)
			workers := make([]*MLPWorker, threads)
			grads := make([][][]float32, threads)
			for w := range workers {
				workers[w] = m.NewWorker()
				for _, p := range m.Params() {
					grads[w] = append(grads[w], make([]float32, len(p.Data)))
				}
			}
			pass := func(w, lo, hi int) {
				workers[w].Forward(o[lo*out:hi*out], z[lo*in:hi*in], hi-lo)
				workers[w].Backward(grads[w], dz[lo*in:hi*in], o[lo*out:hi*out])
			}
			parallel.For(n, threads, pass)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				parallel.For(n, threads, pass)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

func BenchmarkMLPInfer(b *testing.B) {
	const n, in, out = 65536, 36, 3
	rng := rand.New(rand.NewPCG(1, 2))
	m := newTestMLP(b, in, 64, out, 5)
	z, o := uniform32(rng, n*in, 1), make([]float32, n*out)
	w := m.NewWorker()
	b.ReportAllocs()
	for b.Loop() {
		w.Infer(o, z, n)
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}
