package rbf

import (
	"fmt"
	"math"
)

// normEps is the 1e-8 added to the normalisation denominator (docs/METHOD.md §1.3).
const normEps = 1e-8

// scaled returns the point x in the input-scaled frame, in float32 for the
// neighbour index and in float64 for the kernels.
func (e *Encoder) scaled(x []float32) (q32 [3]float32, q [3]float64) {
	for a := 0; a < e.dim; a++ {
		q32[a] = x[a] * e.sc32[a]
		q[a] = float64(x[a]) * e.scale[a]
	}
	return q32, q
}

// offset returns q − c_i.
func (e *Encoder) offset(q *[3]float64, i int32) (d [3]float64) {
	c := e.pos.Data[int(i)*e.dim : int(i)*e.dim+e.dim]
	for a, v := range c {
		d[a] = q[a] - float64(v)
	}
	return d
}

// point computes, for the scaled point q and its neighbours nb, the
// normalised kernel values φ̃ into phit and returns 1/(Σφ + 1e-8).
func (e *Encoder) point(q *[3]float64, nb []int32, phit []float64) float64 {
	k, dim, ss := e.cfg.Kernel, e.dim, e.ss
	sum := 0.0
	for i, c := range nb {
		d := e.offset(q, c)
		phit[i] = k.value(&d, e.shape.Data[int(c)*ss:int(c)*ss+ss], dim)
		sum += phit[i]
	}
	inv := 1 / (sum + normEps)
	for i := range phit {
		phit[i] *= inv
	}
	return inv
}

// sineArgs writes the K×F table of arguments φ̃_i m_j into basis, whose
// sines (nn.SincosSlice, in place) are the MSC basis. The arguments are
// reduced modulo 2π in float64 first: with image frequencies up to 2^12 a
// float32 argument would carry an absolute error of up to 2^-12, and the
// sine with it; reduced to [−π, π] it is below 2^-22.
func (e *Encoder) sineArgs(basis []float32, phit []float64) {
	nf := len(e.freqs)
	for i, p := range phit {
		row := basis[i*nf : i*nf+nf]
		for j, m := range e.freqs {
			a := p * m
			row[j] = float32(a - twoPi*math.RoundToEven(a*invTwoPi))
		}
	}
}

// twoPi and invTwoPi serve sineArgs' reduction.
const (
	twoPi    = 2 * math.Pi
	invTwoPi = 1 / (2 * math.Pi)
)

// combine writes g = Σ_i w_i ⊙ b_i into dst, where b_i is row i of basis
// (MSC) or φ̃_i in every channel (basis nil: no MSC).
func (e *Encoder) combine(dst []float32, nb []int32, phit []float64, basis []float32) {
	nf := len(dst)
	if rowAsm && basis != nil && nf%8 == 0 && len(nb) > 0 {
		e.checkIDs(nb)
		_ = basis[len(nb)*nf-1]
		combineAVX2(&dst[0], &e.w.Data[0], &nb[0], len(nb), &basis[0], nf)
		return
	}
	clear(dst)
	for i, c := range nb {
		w := e.w.Data[int(c)*nf : int(c)*nf+nf]
		if basis == nil {
			p := float32(phit[i])
			for j, v := range w {
				dst[j] += v * p
			}
			continue
		}
		b := basis[i*nf : i*nf+nf]
		for j, v := range w {
			dst[j] += v * b[j]
		}
	}
}

// scatter adds dL/dw_i = dout ⊙ b_i to the feature gradient dw.
func (e *Encoder) scatter(dw, dout []float32, nb []int32, phit []float64, basis []float32) {
	nf := len(dout)
	if rowAsm && basis != nil && nf%8 == 0 && len(nb) > 0 {
		e.checkIDs(nb)
		_ = dw[e.n*nf-1]
		_ = basis[len(nb)*nf-1]
		scatterAVX2(&dw[0], &nb[0], len(nb), &dout[0], &basis[0], nf)
		return
	}
	for i, c := range nb {
		g := dw[int(c)*nf : int(c)*nf+nf]
		if basis == nil {
			p := float32(phit[i])
			for j, v := range dout {
				g[j] += v * p
			}
			continue
		}
		b := basis[i*nf : i*nf+nf]
		for j, v := range dout {
			g[j] += v * b[j]
		}
	}
}

// checkIDs panics unless every id of nb names an RBF: the assembly row
// loops index memory without bounds checks.
func (e *Encoder) checkIDs(nb []int32) {
	for _, c := range nb {
		if uint32(c) >= uint32(e.n) {
			panic(fmt.Sprintf("rbf: neighbour id %d outside the %d RBFs", c, e.n))
		}
	}
}

// geometry back-propagates dout through φ̃ and φ for the scaled point q
// (exactly, including the normalisation denominator; inv = 1/(Σφ+1e-8)).
// It returns dL/dq and, when dpos and dshape are not nil, adds the centre
// and shape gradients to them. tmp is K float64s of scratch.
//
// With a_i = dL/dφ̃_i, φ̃_i = φ_i·inv gives dL/dφ_k = (a_k − Σ_i a_i φ̃_i)·inv.
func (e *Encoder) geometry(q *[3]float64, dout []float32, nb []int32, phit []float64, inv float64, dpos, dshape []float32, tmp []float64) (gq [3]float64) {
	nf := len(dout)
	s := 0.0
	for i, c := range nb {
		w := e.w.Data[int(c)*nf : int(c)*nf+nf]
		a := 0.0
		if e.cfg.NoMSC {
			for j, v := range w {
				a += float64(dout[j]) * float64(v)
			}
		} else {
			p := phit[i]
			for j, m := range e.freqs {
				a += float64(dout[j]) * float64(w[j]) * m * math.Cos(p*m)
			}
		}
		tmp[i] = a
		s += a * phit[i]
	}
	k, dim, ss := e.cfg.Kernel, e.dim, e.ss
	for i, c := range nb {
		g := (tmp[i] - s) * inv
		if g == 0 {
			continue
		}
		d := e.offset(q, c)
		sh := e.shape.Data[int(c)*ss : int(c)*ss+ss]
		gd, gs := k.grad(&d, sh, dim)
		for a := 0; a < dim; a++ {
			gq[a] += g * gd[a]
		}
		if dpos == nil {
			continue
		}
		for a := 0; a < dim; a++ {
			dpos[int(c)*dim+a] -= float32(g * gd[a])
		}
		for t := range sh {
			dshape[int(c)*ss+t] += float32(g * gs[t])
		}
	}
	return gq
}
