package grid_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/grid"
)

// gradCases mixes dense and hashed levels in 2-D and 3-D (TestLevels
// checks which levels are hashed).
var gradCases = []struct {
	dim int
	cfg grid.Config
}{
	// Resolutions 5, 9, 17; table 64: level 0 dense, levels 1-2 hashed.
	{2, grid.Config{Levels: 3, Features: 3, BaseRes: 5, MaxRes: 17, Log2Table: 6}},
	// Resolutions 4, 16; table 2^8: both dense.
	{2, grid.Config{Levels: 2, Features: 2, BaseRes: 4, MaxRes: 16, Log2Table: 8}},
	// Resolutions 3, 5, 9; table 64: level 0 dense, levels 1-2 hashed.
	{3, grid.Config{Levels: 3, Features: 2, BaseRes: 3, MaxRes: 9, Log2Table: 6}},
	// Resolutions 4..32, one feature, table 2^9: dense then hashed.
	{3, grid.Config{Levels: 4, Features: 1, BaseRes: 4, MaxRes: 32, Log2Table: 9}},
	// The smooth weights, in 2-D and in 3-D with one and two features.
	{2, grid.Config{Levels: 3, Features: 3, BaseRes: 5, MaxRes: 17, Log2Table: 6, Interp: grid.InterpSmooth}},
	{3, grid.Config{Levels: 3, Features: 2, BaseRes: 3, MaxRes: 9, Log2Table: 6, Interp: grid.InterpSmooth}},
	{3, grid.Config{Levels: 4, Features: 1, BaseRes: 4, MaxRes: 32, Log2Table: 9, Interp: grid.InterpSmooth}},
}

// randomise gives e's parameters values of order one so that input
// gradients are not tiny.
func randomise(e *grid.Encoder, rng *rand.Rand) {
	for _, p := range e.Params() {
		for i := range p.Data {
			p.Data[i] = float32(2*rng.Float64() - 1)
		}
	}
}

// testPoints returns n points, most inside the domain and a few outside
// (where the gradient along the clamped axis must vanish), away from cell
// boundaries so that central differences are valid.
func testPoints(r *ref, n int, h float64, rng *rand.Rand) []float64 {
	x := make([]float64, 0, n*r.dim)
	p := make([]float64, r.dim)
	for len(x) < n*r.dim {
		for a := range p {
			p[a] = float64(float32(2*rng.Float64() - 1))
			if rng.IntN(8) == 0 {
				p[a] = float64(float32(1.1+0.5*rng.Float64())) * math.Copysign(1, p[a])
			}
		}
		if !r.nearBoundary(p, 100*h) {
			x = append(x, p...)
		}
	}
	return x
}

func TestGradients(t *testing.T) {
	for ci, tc := range gradCases {
		t.Run(fmt.Sprintf("%dD/case%d", tc.dim, ci), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ci), 7))
			e, err := grid.New(tc.dim, tc.cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			randomise(e, rng)
			r := newRef(e)
			const n, h = 24, 1e-6
			x64 := testPoints(r, n, h, rng)
			x := make([]float32, len(x64))
			for i, v := range x64 {
				x[i] = float32(v)
			}
			width := e.OutDim()
			stride, off := width+3, 2
			g64 := make([]float64, n*width)
			dout := make([]float32, n*stride)
			for i := range n {
				for k := range width {
					v := float32(2*rng.Float64() - 1)
					g64[i*width+k] = float64(v)
					dout[i*stride+off+k] = v
				}
			}

			// Forward against the reference; untouched columns stay put.
			const sentinel = 7
			out := make([]float32, n*stride)
			for i := range out {
				out[i] = sentinel
			}
			w := e.NewWorker()
			w.Forward(out, stride, off, x, nil)
			for i := range n {
				want := r.encode(x64[i*tc.dim : (i+1)*tc.dim])
				for k := range stride {
					got := float64(out[i*stride+k])
					if k < off || k >= off+width {
						if got != sentinel {
							t.Fatalf("point %d column %d outside the features was written: %g", i, k, got)
						}
						continue
					}
					if d := math.Abs(got - want[k-off]); d > 1e-5*(1+math.Abs(want[k-off])) {
						t.Errorf("point %d feature %d: got %g, reference %g", i, k-off, got, want[k-off])
					}
				}
			}

			// Backward: parameter and input gradients.
			grads := make([][]float32, len(e.Params()))
			for l, p := range e.Params() {
				grads[l] = make([]float32, len(p.Data))
			}
			dx := make([]float32, n*tc.dim)
			for i := range dx {
				dx[i] = sentinel // Backward must overwrite, not add.
			}
			w.Backward(grads, dx, dout, stride, off)

			for l := range r.tabs {
				tab := r.tabs[l]
				maxAbs := 0.0
				num := make([]float64, len(tab))
				for k := range tab {
					v := tab[k]
					tab[k] = v + 0.5
					lp := r.loss(x64, g64)
					tab[k] = v - 0.5
					lm := r.loss(x64, g64)
					tab[k] = v
					num[k] = lp - lm // linear in the parameters: exact
					maxAbs = math.Max(maxAbs, math.Abs(num[k]))
				}
				if maxAbs == 0 {
					t.Fatalf("level %d: no parameter gradient at all", l)
				}
				for k := range tab {
					if d := math.Abs(float64(grads[l][k]) - num[k]); d > 1e-5*maxAbs {
						t.Errorf("level %d param %d: analytic %g, numeric %g", l, k, grads[l][k], num[k])
					}
				}
			}

			var zeroed int
			one := make([]float64, tc.dim)
			for i := range n {
				for a := range tc.dim {
					k := i*tc.dim + a
					copy(one, x64[i*tc.dim:(i+1)*tc.dim])
					gi := g64[i*width : (i+1)*width]
					one[a] = x64[k] + h
					lp := r.loss(one, gi)
					one[a] = x64[k] - h
					lm := r.loss(one, gi)
					num := (lp - lm) / (2 * h)
					got := float64(dx[k])
					if math.Abs(got-num) > 1e-3*(1+math.Abs(num)) {
						t.Errorf("point %d axis %d: dL/dx analytic %g, numeric %g", i, a, got, num)
					}
					if num == 0 {
						zeroed++
					}
				}
			}
			if zeroed == 0 || zeroed == n*tc.dim {
				t.Errorf("%d of %d input gradients are zero: the test points do not exercise both clamped and free axes", zeroed, n*tc.dim)
			}
		})
	}
}
