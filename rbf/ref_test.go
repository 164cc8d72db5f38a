package rbf_test

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/neurbf/neurbf/rbf"
)

// ref is a straightforward float64 implementation of the encoder's forward
// pass, written independently of the package: brute-force neighbours, full
// symmetric matrices, explicit products.
type ref struct {
	dim, k  int
	kernel  rbf.Kernel
	noMSC   bool
	freqs   []float64
	scale   []float64
	pos     []float64 // N×dim
	shape   []float64 // N×ShapeSize
	w       []float64 // N×F
	nf, nrb int
}

func newRef(e *rbf.Encoder) *ref {
	cfg := e.Config()
	r := &ref{dim: e.InDim(), k: cfg.K, kernel: cfg.Kernel, noMSC: cfg.NoMSC, nf: e.OutDim(), nrb: e.Len()}
	r.freqs = append(r.freqs, e.Frequencies()...)
	for a := 0; a < r.dim; a++ {
		s := 1.0
		if len(cfg.InputScale) > 0 {
			s = float64(cfg.InputScale[a])
		}
		r.scale = append(r.scale, s)
	}
	r.pos = to64(e.Centers())
	r.shape = to64(e.Shapes())
	r.w = to64(e.Params()[0].Data)
	return r
}

func to64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// neighbours returns the K nearest centres of the scaled point q, nearest
// first, and the gap between the squared distances of the (K+1)-th and
// K-th (infinite when there is no (K+1)-th).
func (r *ref) neighbours(q []float64) ([]int, float64) {
	type nd struct {
		i int
		d float64
	}
	all := make([]nd, r.nrb)
	for i := range all {
		d := 0.0
		for a := 0; a < r.dim; a++ {
			t := q[a] - r.pos[i*r.dim+a]
			d += t * t
		}
		all[i] = nd{i, d}
	}
	sort.Slice(all, func(a, b int) bool { return all[a].d < all[b].d })
	ids := make([]int, r.k)
	for i := range ids {
		ids[i] = all[i].i
	}
	gap := math.Inf(1)
	if r.nrb > r.k {
		gap = all[r.k].d - all[r.k-1].d
	}
	return ids, gap
}

// phi evaluates the kernel of RBF i at offset d.
func (r *ref) phi(i int, d []float64) float64 {
	if r.kernel == rbf.NLinS {
		s := r.shape[i]
		v := 1.0
		for _, x := range d {
			v *= math.Max(0, 1-math.Abs(x)*s)
		}
		return v
	}
	ss := r.dim * (r.dim + 1) / 2
	m := make([][]float64, r.dim)
	t := 0
	for a := range m {
		m[a] = make([]float64, r.dim)
	}
	for a := 0; a < r.dim; a++ {
		for b := a; b < r.dim; b++ {
			m[a][b] = r.shape[i*ss+t]
			m[b][a] = r.shape[i*ss+t]
			t++
		}
	}
	q := 0.0
	for a := 0; a < r.dim; a++ {
		for b := 0; b < r.dim; b++ {
			q += d[a] * m[a][b] * d[b]
		}
	}
	if r.kernel == rbf.IVQA {
		return 1 / (1 + q)
	}
	return math.Exp(-q / 2)
}

func (r *ref) scaled(x []float64) []float64 {
	q := make([]float64, r.dim)
	for a := range q {
		q[a] = x[a] * r.scale[a]
	}
	return q
}

// forward returns the F features of point x, its neighbours and their
// kernel values.
func (r *ref) forward(x []float64) (g []float64, ids []int, phis []float64) {
	q := r.scaled(x)
	ids, _ = r.neighbours(q)
	phis = make([]float64, len(ids))
	sum := 0.0
	for n, i := range ids {
		d := make([]float64, r.dim)
		for a := range d {
			d[a] = q[a] - r.pos[i*r.dim+a]
		}
		phis[n] = r.phi(i, d)
		sum += phis[n]
	}
	g = make([]float64, r.nf)
	for n, i := range ids {
		pt := phis[n] / (sum + 1e-8)
		for j := 0; j < r.nf; j++ {
			b := pt
			if !r.noMSC {
				b = math.Sin(pt * r.freqs[j])
			}
			g[j] += r.w[i*r.nf+j] * b
		}
	}
	return g, ids, phis
}

// loss is Σ_p Σ_j dout[p][j]·g_j(x_p).
func (r *ref) loss(x []float64, dout []float32) float64 {
	l := 0.0
	for p := 0; p < len(x)/r.dim; p++ {
		g, _, _ := r.forward(x[p*r.dim : (p+1)*r.dim])
		for j, v := range g {
			l += float64(dout[p*r.nf+j]) * v
		}
	}
	return l
}

// safe reports whether a point is good for finite differences: a clear
// gap before the (K+1)-th neighbour, no tent kink within margin, and a
// normalisation sum well above 1e-8.
func (r *ref) safe(x []float64, margin float64) bool {
	q := r.scaled(x)
	ids, gap := r.neighbours(q)
	if gap < margin {
		return false
	}
	sum := 0.0
	for _, i := range ids {
		d := make([]float64, r.dim)
		for a := range d {
			d[a] = q[a] - r.pos[i*r.dim+a]
			if r.kernel == rbf.NLinS && (math.Abs(d[a]) < margin || math.Abs(1-math.Abs(d[a])*r.shape[i]) < margin) {
				return false
			}
		}
		sum += r.phi(i, d)
	}
	return sum > 1e-2
}

// randomShapes returns well-conditioned shapes for n RBFs: S = c(I + ½BBᵀ)
// with B uniform in ±1, or a tent parameter in [1, 2].
func randomShapes(k rbf.Kernel, dim, n int, rng *rand.Rand) []float32 {
	ss := k.ShapeSize(dim)
	out := make([]float32, n*ss)
	for i := 0; i < n; i++ {
		if k == rbf.NLinS {
			out[i] = float32(1 + rng.Float64())
			continue
		}
		var b [3][3]float64
		for a := 0; a < dim; a++ {
			for c := 0; c < dim; c++ {
				b[a][c] = 2*rng.Float64() - 1
			}
		}
		t := 0
		for a := 0; a < dim; a++ {
			for c := a; c < dim; c++ {
				v := 0.0
				for l := 0; l < dim; l++ {
					v += b[a][l] * b[c][l]
				}
				v *= 0.5
				if a == c {
					v++
				}
				out[i*ss+t] = float32(6 * v)
				t++
			}
		}
	}
	return out
}

func uniform(n int, lo, hi float64, rng *rand.Rand) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(lo + (hi-lo)*rng.Float64())
	}
	return out
}
