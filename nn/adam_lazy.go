package nn

import (
	"fmt"
	"math"
	"math/bits"
)

// powTable is the length of the tables of β1^Δ, β2^Δ and the drift sums a
// lazy update reads; a row idle for longer computes them with math.Pow.
const powTable = 1 << 12

// driftRatio is β1/√β2, the factor by which dense Adam's move of a value
// shrinks from one step to the next while its gradient is zero.
var driftRatio = AdamBeta1 / math.Sqrt(AdamBeta2)

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
// a row's bit unset only when its gradient is zero). A row idle since step
// s catches up on its next touch at step t with what dense Adam would have
// done on the idle steps, where its gradient was zero: first the moves
// its momentum alone would have made,
//
//	p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε) · Σ_{j=1}^{t−s−1} (β1/√β2)^j,
//
// then the decay of the moments and the step's own update:
//
//	m ← β1^(t−s)·m + (1−β1)·g,  v ← β2^(t−s)·v + (1−β2)·g²,
//	p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε),
//
// with the learning rate and bias corrections of step t. The catch-up is
// exact but for those (dense Adam uses each idle step's own, which differ
// little over the few steps the geometric sum weighs) and for ε, which is
// tiny. Its moves are deferred to the touch, which is harmless in
// training, since a step's forward pass reads only the rows it touches;
// Settle (and State) apply the pending ones. Without the moves (the plain lazy form of
// SparseAdam) rows that a batch reaches rarely learn as if at a smaller
// learning rate, which lost 1.8 dB against dense Adam at equal steps
// (docs/DECISIONS.md, "Sparse updates for the tables a batch reaches
// little of"); with them it still lost 2.3 dB on a 30M-parameter model,
// so the trainer leaves it off by default. A row updated every step gets
// exactly dense Adam's values.
// It fails when the mask does not cover the parameter in whole rows.
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
		a.drift = make([]float32, powTable)
		for d := range a.drift {
			a.drift[d] = float32(driftSum(d))
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

// driftSum is Σ_{j=1}^{d−1} (β1/√β2)^j, the sum of the momentum-only moves
// of the d−1 idle steps between two touches d steps apart, each in units of
// the first idle step's move undamped.
func driftSum(d int) float64 {
	if d < 2 {
		return 0
	}
	r := driftRatio
	return r * (1 - math.Pow(r, float64(d-1))) / (1 - r)
}

// driftOf returns driftSum(d) in float32.
func (a *Adam) driftOf(d int32) float32 {
	if d < powTable {
		return a.drift[d]
	}
	return float32(driftSum(int(d)))
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
			d := t - lz.last[r]
			d1, d2 := a.decay(d)
			lz.last[r] = t
			s := r * w
			if d > 1 {
				adamDrift(p.Data[s:s+w], mk[s:s+w], vk[s:s+w], step*a.driftOf(d), bc2)
			}
			adamUpdate(p.Data[s:s+w], p.Grad[s:s+w], mk[s:s+w], vk[s:s+w], d1, d2, step, bc2)
		}
	}
}

// adamDrift moves x by f·m/(√v·bc2 + ε): the momentum-only moves of idle
// steps, f being the learning-rate step times their drift sum.
func adamDrift(x, m, v []float32, f, bc2 float32) {
	m, v = m[:len(x)], v[:len(x)]
	for i := range x {
		x[i] -= f * m[i] / (float32(math.Sqrt(float64(v[i])))*bc2 + AdamEps)
	}
}

// Settle applies to every lazy row what its next touch would catch up on
// for the idle steps up to T (the moves, with step T's learning rate and
// bias corrections, and the decay), and stamps it with T: values and
// moments then hold dense Adam's form at step T. A trainer calls it when
// it stops, so that the rows its last steps did not reach are where dense
// Adam would have left them; it costs a pass over the lazy parameters.
func (a *Adam) Settle() {
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
		x, m, v := a.params[k].Data, a.m[k].Data, a.v[k].Data
		for r, s := range lz.last {
			if s == t {
				continue
			}
			d1, d2 := a.decay(t - s)
			// The idle steps s+1 … t: the sum of a touch at t+1.
			adamDrift(x[r*w:r*w+w], m[r*w:r*w+w], v[r*w:r*w+w], a.lr[k]*a.driftOf(t-s+1), a.bc2)
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
