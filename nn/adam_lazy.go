package nn

import (
	"fmt"
	"math"
	"math/bits"
)

// powTable is the length of the tables of β1^Δ and β2^Δ a lazy update
// reads; a row idle for longer computes its decay with math.Pow.
const powTable = 1 << 12

// lazyRows is the lazy state of one parameter: the rows to update (a mask
// its owner fills before each Step) and the step at which each row was
// last updated.
type lazyRows struct {
	rows RowMask
	last []int32
}

// SetLazy makes the update of params[k] lazy, as PyTorch's SparseAdam and
// TensorFlow's LazyAdam: each Step updates only the rows set in rows when
// it runs (the caller owns the mask and fills it before each Step, leaving
// a row's bit unset only when its gradient is zero), and a row idle since
// step s decays its moments on its next touch at step t for the steps it
// missed, as dense Adam would have with zero gradients:
//
//	m ← β1^(t−s)·m + (1−β1)·g,  v ← β2^(t−s)·v + (1−β2)·g²,
//
// followed by dense Adam's update with the bias correction and learning
// rate of step t. What the lazy form drops is the movement dense Adam
// makes on the idle steps from the momentum alone. A row updated every
// step gets exactly dense Adam's values. It fails when the mask does not
// cover the parameter in whole rows.
func (a *Adam) SetLazy(k int, rows RowMask) error {
	p := a.params[k]
	if rows.Width < 1 || len(p.Data)%rows.Width != 0 || len(rows.Bits) != (len(p.Data)/rows.Width+63)/64 {
		return fmt.Errorf("nn: a row mask of %d words for rows of %d does not cover parameter %q of %d values", len(rows.Bits), rows.Width, p.Name, len(p.Data))
	}
	if a.lazy == nil {
		a.lazy = make([]lazyRows, len(a.params))
		for i, b := range []float64{AdamBeta1, AdamBeta2} {
			a.pow[i] = make([]float32, powTable)
			for d := range a.pow[i] {
				a.pow[i][d] = float32(math.Pow(b, float64(d)))
			}
		}
	}
	last := make([]int32, len(p.Data)/rows.Width)
	for r := range last {
		last[r] = int32(a.T)
	}
	a.lazy[k] = lazyRows{rows: rows, last: last}
	return nil
}

// isLazy reports whether params[k] is updated lazily.
func (a *Adam) isLazy(k int) bool { return a.lazy != nil && a.lazy[k].rows.Bits != nil }

// lazyValues is the number of values of the lazy parameters.
func (a *Adam) lazyValues() int {
	n := 0
	for k := range a.lazy {
		if a.isLazy(k) {
			n += len(a.params[k].Data)
		}
	}
	return n
}

// decay returns β1^d and β2^d in float32.
func (a *Adam) decay(d int32) (float32, float32) {
	if d < powTable {
		return a.pow[0][d], a.pow[1][d]
	}
	return float32(math.Pow(AdamBeta1, float64(d))), float32(math.Pow(AdamBeta2, float64(d)))
}

// StepRows applies the step's lazy update (see SetLazy) to the rows of
// params[k] whose bits lie in its mask's words [lo, hi), between StepBegin
// and StepEnd. Calls on disjoint word ranges may run concurrently.
func (a *Adam) StepRows(k, lo, hi int) {
	lz := &a.lazy[k]
	p, w, t := a.params[k], lz.rows.Width, int32(a.T)
	bc2, step := a.bc2, a.lr[k]
	mk, vk := a.m[k].Data, a.v[k].Data
	for i, word := range lz.rows.Bits[lo:hi] {
		for word != 0 {
			r := (lo+i)<<6 | bits.TrailingZeros64(word)
			word &= word - 1
			d1, d2 := a.decay(t - lz.last[r])
			lz.last[r] = t
			s := r * w
			adamUpdate(p.Data[s:s+w], p.Grad[s:s+w], mk[s:s+w], vk[s:s+w], d1, d2, step, bc2)
		}
	}
}

// settle applies to every lazy row the decay its next touch would apply
// for the steps since its last update, and stamps it with T: the moments
// then hold dense Adam's form at step T.
func (a *Adam) settle() {
	if a.T != a.stamped {
		a.restamp()
	}
	t := int32(a.T)
	for k := range a.lazy {
		if !a.isLazy(k) {
			continue
		}
		lz := &a.lazy[k]
		w := lz.rows.Width
		m, v := a.m[k].Data, a.v[k].Data
		for r, s := range lz.last {
			if s == t {
				continue
			}
			d1, d2 := a.decay(t - s)
			for j := r * w; j < r*w+w; j++ {
				m[j] *= d1
				v[j] *= d2
			}
			lz.last[r] = t
		}
	}
}

// restamp takes every lazy row as last updated at T: after T was set from
// outside (a restored optimiser), the moments are taken as settled there.
func (a *Adam) restamp() {
	for k := range a.lazy {
		for r := range a.lazy[k].last {
			a.lazy[k].last[r] = int32(a.T)
		}
	}
	a.stamped = a.T
}
