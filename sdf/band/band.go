package band

import (
	"math"
	"sync"
	"sync/atomic"

	"github.com/neurbf/neurbf/sdf/mc"
)

// Lattice is a narrow-band approximation of a signed distance field over
// [−1, 1]³ (see the package comment): the field's values on a regular
// lattice, interpolated in the cells the lattice decides and evaluated in
// the others. Its Eval is safe for concurrent use.
type Lattice struct {
	eval      mc.ScalarFunc
	res       int
	val       []float32 // res³ values, x fastest, then y, then z
	margin    float32
	undecided float64
	evals     *atomic.Int64 // points passed to eval, shared by every level
	pool      sync.Pool     // *scratch
}

// scratch is one goroutine's gather buffers.
type scratch struct {
	idx []int
	pts []float32
	out []float32
}

// DefaultResolutions are the lattices of the CLI's meshing and metrics:
// 65³ evaluated everywhere, then 257³ through it.
var DefaultResolutions = []int{65, 257}

// MaxUndecided is the largest fraction of undecided cells for which a
// lattice pays: a field that is not distance-like (an untrained model, say)
// leaves most cells undecided.
const MaxUndecided = 0.25

// New builds the lattices of eval at the given resolutions (samples per
// axis, corners aligned: sample i at −1 + 2i/(r−1)), coarse to fine, each
// through the previous one, stopping early when a lattice leaves more than
// MaxUndecided of its cells undecided, and returns the last one built. It
// returns ok false when even the coarsest leaves too many undecided: eval
// should then be used directly. eval must be safe for
// concurrent use. New panics when resolutions is empty or holds a value
// below 2.
func New(eval mc.ScalarFunc, resolutions []int) (f *Lattice, ok bool) {
	if len(resolutions) == 0 {
		panic("band: no lattice resolutions")
	}
	evals := new(atomic.Int64)
	counted := func(out, points []float32) {
		evals.Add(int64(len(out)))
		eval(out, points)
	}
	var b *Lattice
	for _, r := range resolutions {
		if r < 2 {
			panic("band: lattice resolution below 2")
		}
		if b != nil && b.undecided > MaxUndecided {
			break
		}
		through := counted
		if b != nil {
			through = b.Eval
		}
		next := &Lattice{eval: counted, res: r, val: make([]float32, r*r*r), evals: evals,
			margin: float32(1.5 * math.Sqrt(3) * 2 / float64(r-1))}
		slice := make([]float32, 3*r*r)
		for k := range r {
			for j := range r {
				for i := range r {
					q := 3 * (j*r + i)
					slice[q], slice[q+1], slice[q+2] = coord(i, r), coord(j, r), coord(k, r)
				}
			}
			mc.Evaluate(through, slice, next.val[k*r*r:(k+1)*r*r], 0, 0)
		}
		next.undecided = next.countUndecided()
		b = next
	}
	if b.undecided > MaxUndecided && b.res == resolutions[0] {
		return nil, false
	}
	return b, true
}

// coord is the coordinate of sample i of an r-sample axis over [−1, 1].
func coord(i, r int) float32 { return float32(-1 + 2*float64(i)/float64(r-1)) }

// Res returns the number of samples per axis of the finest lattice built.
func (b *Lattice) Res() int { return b.res }

// Undecided returns the fraction of cells of the finest lattice whose
// points Eval evaluates rather than interpolates.
func (b *Lattice) Undecided() float64 { return b.undecided }

// Evaluations returns the number of points passed to the field so far,
// building the lattices included.
func (b *Lattice) Evaluations() int64 { return b.evals.Load() }

// countUndecided returns the fraction of lattice cells that are undecided.
func (b *Lattice) countUndecided() float64 {
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

// Eval writes into out (n values) the field's value, or its interpolation
// where the finest lattice decides it, at each of the n points of points
// (row-major n×3): destination first, like the field it stands in for. It is safe for concurrent use and, after a goroutine's
// first calls, allocates nothing.
func (b *Lattice) Eval(out, points []float32) {
	s, _ := b.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{}
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
		b.eval(vals, pts)
		for q, p := range s.idx {
			out[p] = vals[q]
		}
	}
	b.pool.Put(s)
}

// interpolate returns the trilinear interpolation in lattice cell c at
// fractions f, and whether the cell is decided: all corners of one sign
// and beyond the margin.
func (b *Lattice) interpolate(c [3]int, f [3]float32) (float32, bool) {
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
