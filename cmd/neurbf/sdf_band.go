package main

import (
	"math"
	"sync"

	"github.com/neurbf/neurbf/sdf/mc"
)

// bandedField evaluates a fitted SDF in a narrow band around its zero set
// and interpolates it elsewhere, so that marching cubes at 512³ and IoU
// over millions of points need a few million model evaluations rather than
// hundreds of millions.
//
// It holds the field on a lattice over [−1, 1]³, built coarse to fine: the
// coarsest lattice is evaluated everywhere, each finer one through the
// coarser one's banded field. A query point whose lattice cell has all
// eight corner values of one sign and larger in magnitude than margin (1.5
// cell diagonals) gets the trilinear interpolation of the corners, which
// has that sign; any other point, or one outside the box, is evaluated.
//
// Deviation from METHOD §4, which evaluates the field everywhere: this
// assumes the fitted field is distance-like (|∇f| below ~1.5) away from
// its surface, as a MAPE-trained SDF is; a spurious blob of the field
// smaller than a cell of the coarsest lattice (1/32 of the box) far from
// every corner could be missed. --exact turns it off.
type bandedField struct {
	eval   mc.Field
	res    int
	val    []float32 // res³ values, x fastest
	margin float32
	pool   sync.Pool // *bandScratch
}

// bandScratch is one goroutine's gather buffers.
type bandScratch struct {
	idx []int
	pts []float32
	out []float32
}

// bandLattices are the lattice resolutions of newBandedField.
var bandLattices = []int{65, 257}

// maxUndecided is the largest fraction of undecided cells for which a
// lattice pays: a field that is not distance-like (an untrained model, say)
// leaves most cells undecided.
const maxUndecided = 0.25

// newBandedField builds the lattices of eval at the given resolutions,
// coarse to fine, stopping early when a lattice leaves more than
// maxUndecided of its cells undecided. It returns nil when even the
// coarsest does: eval should then be used directly.
func newBandedField(eval mc.Field, resolutions []int) *bandedField {
	var b *bandedField
	for _, r := range resolutions {
		if b != nil && b.undecided() > maxUndecided {
			break
		}
		through := eval
		if b != nil {
			through = b.Eval
		}
		next := &bandedField{eval: eval, res: r, val: make([]float32, r*r*r),
			margin: float32(1.5 * math.Sqrt(3) * 2 / float64(r-1))}
		slice := make([]float32, 3*r*r)
		at := func(i int) float32 { return float32(-1 + 2*float64(i)/float64(r-1)) }
		for k := range r {
			for j := range r {
				for i := range r {
					q := 3 * (j*r + i)
					slice[q], slice[q+1], slice[q+2] = at(i), at(j), at(k)
				}
			}
			mc.Evaluate(through, slice, next.val[k*r*r:(k+1)*r*r], 0, true)
		}
		b = next
	}
	if b.undecided() > maxUndecided && b.res == resolutions[0] {
		return nil
	}
	return b
}

// undecided returns the fraction of lattice cells that Eval evaluates.
func (b *bandedField) undecided() float64 {
	r := b.res
	n := 0
	var f [3]float32
	for k := range r - 1 {
		for j := range r - 1 {
			for i := range r - 1 {
				if _, ok := b.interpolate([3]int{i, j, k}, f); !ok {
					n++
				}
			}
		}
	}
	return float64(n) / float64((r-1)*(r-1)*(r-1))
}

// Eval writes the field's value (or its interpolation, see bandedField)
// at each point into out. It is safe for concurrent use.
func (b *bandedField) Eval(points, out []float32) {
	s, _ := b.pool.Get().(*bandScratch)
	if s == nil {
		s = &bandScratch{}
	}
	s.idx = s.idx[:0]
	r := b.res
	scale := float32(r-1) / 2
	for p := range out {
		x := points[3*p : 3*p+3]
		var c [3]int
		var f [3]float32
		ok := true
		for a := range 3 {
			if !(x[a] >= -1 && x[a] <= 1) {
				ok = false
				break
			}
			u := (x[a] + 1) * scale
			c[a] = min(int(u), r-2)
			f[a] = u - float32(c[a])
		}
		if ok {
			if v, decided := b.interpolate(c, f); decided {
				out[p] = v
				continue
			}
		}
		s.idx = append(s.idx, p)
	}
	if n := len(s.idx); n > 0 {
		if cap(s.pts) < 3*n {
			s.pts, s.out = make([]float32, 3*n), make([]float32, n)
		}
		pts, vals := s.pts[:3*n], s.out[:n]
		for q, p := range s.idx {
			copy(pts[3*q:3*q+3], points[3*p:3*p+3])
		}
		b.eval(pts, vals)
		for q, p := range s.idx {
			out[p] = vals[q]
		}
	}
	b.pool.Put(s)
}

// interpolate returns the trilinear interpolation in lattice cell c at
// fractions f, and whether the cell is decided: all corners of one sign
// and beyond the margin.
func (b *bandedField) interpolate(c [3]int, f [3]float32) (float32, bool) {
	r := b.res
	base := (c[2]*r+c[1])*r + c[0]
	var v float32
	neg, pos := 0, 0
	for k := range 8 {
		o := base + (k & 1) + (k>>1&1)*r + (k>>2)*r*r
		cv := b.val[o]
		switch {
		case cv > b.margin:
			pos++
		case cv < -b.margin:
			neg++
		default:
			return 0, false
		}
		w := float32(1)
		for a := range 3 {
			if k>>a&1 == 1 {
				w *= f[a]
			} else {
				w *= 1 - f[a]
			}
		}
		v += w * cv
	}
	return v, pos == 8 || neg == 8
}
