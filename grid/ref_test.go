package grid_test

import (
	"math"

	"github.com/neurbf/neurbf/grid"
)

// ref is a straightforward float64 implementation of the grid encoding,
// written independently of the package's kernels, used as the reference in
// the tests.
type ref struct {
	dim, nf int
	levels  []grid.Level
	tabs    [][]float64
	smooth  bool // weights s(t) = t²(3 − 2t) (grid.InterpSmooth)
}

// newRef copies e's layout and parameter values.
func newRef(e *grid.Encoder) *ref {
	r := &ref{dim: e.InDim(), nf: e.Config().Features, levels: e.Levels(), smooth: e.Config().Interp == grid.InterpSmooth}
	for _, p := range e.Params() {
		t := make([]float64, len(p.Data))
		for i, v := range p.Data {
			t[i] = float64(v)
		}
		r.tabs = append(r.tabs, t)
	}
	return r
}

// row returns the table row of vertex v in level lv.
func (r *ref) row(lv grid.Level, v []int) int {
	if !lv.Hashed {
		k, m := 0, 1
		for _, c := range v {
			k += c * m
			m *= lv.Res
		}
		return k
	}
	primes := []uint32{1, 2654435761, 805459861}
	var h uint32
	for a, c := range v {
		h ^= uint32(c) * primes[a]
	}
	return int(h % uint32(lv.Rows))
}

// encode returns the features of point p (level-major).
func (r *ref) encode(p []float64) []float64 {
	out := make([]float64, len(r.levels)*r.nf)
	base := make([]int, r.dim)
	frac := make([]float64, r.dim)
	v := make([]int, r.dim)
	for l, lv := range r.levels {
		for a, x := range p {
			x = math.Max(-1, math.Min(1, x))
			u := (x + 1) / 2 * float64(lv.Res-1)
			i := math.Min(math.Floor(u), float64(lv.Res-2))
			base[a], frac[a] = int(i), u-i
			if r.smooth {
				t := frac[a]
				frac[a] = t * t * (3 - 2*t)
			}
		}
		for b := 0; b < 1<<r.dim; b++ {
			w := 1.0
			for a := range v {
				if b>>a&1 == 1 {
					v[a], w = base[a]+1, w*frac[a]
				} else {
					v[a], w = base[a], w*(1-frac[a])
				}
			}
			k := r.row(lv, v)
			for f := 0; f < r.nf; f++ {
				out[l*r.nf+f] += w * r.tabs[l][k*r.nf+f]
			}
		}
	}
	return out
}

// loss returns Σ_i g_i · encode(x_i) for the points of x.
func (r *ref) loss(x, g []float64) float64 {
	n := len(x) / r.dim
	w := len(r.levels) * r.nf
	s := 0.0
	for i := range n {
		for k, v := range r.encode(x[i*r.dim : (i+1)*r.dim]) {
			s += g[i*w+k] * v
		}
	}
	return s
}

// nearBoundary reports whether any coordinate of p lies within h of a cell
// boundary (or of the domain's edge) at some level, where the reference is
// not differentiable.
func (r *ref) nearBoundary(p []float64, h float64) bool {
	for _, lv := range r.levels {
		for _, x := range p {
			if math.Abs(math.Abs(x)-1) < h {
				return true
			}
			u := (x + 1) / 2 * float64(lv.Res-1)
			if d := math.Abs(u - math.Round(u)); d < h*float64(lv.Res) {
				return true
			}
		}
	}
	return false
}
