package nn

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/prefetch"
)

// powTable is the length of the tables of β1^Δ and β2^Δ a lazy update
// reads; a row idle for longer computes them with math.Pow.
const powTable = 1 << 12

// driftSpan is the length of the table of idle-move sums StepBegin makes
// for the step's touches (driftTable), and how many idle steps a row's
// catch-up counts: the moves shrink by driftRatio a step, so those later
// (driftRatio^driftSpan ≈ 1e-11 of the first) are left out.
const driftSpan = 256

// farSpan is how many steps back the whole idle moves of a row are kept
// (farDrift): a row idle longer, which no batch reached in all that time,
// catches up with approximate rates.
const farSpan = 1 << 16

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
// its momentum alone would have made, each idle step u with its own
// learning rate lrᵤ and bias corrections,
//
//	p ← p − m/√v · Σ_{u=s+1}^{t−1} lrᵤ/(1−β1ᵘ) · √(1−β2ᵘ) · (β1/√β2)^(u−s),
//
// then the decay of the moments and the step's own update:
//
//	m ← β1^(t−s)·m + (1−β1)·g,  v ← β2^(t−s)·v + (1−β2)·g²,
//	p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
//
// This is dense Adam given zero gradients on the idle steps, but for ε
// (1e-15) in the idle moves and for the moves more than driftSpan steps
// back, which are below 1e-11 of the first. The moves are deferred to the
// next touch, or made before a forward pass reads the row (CatchUpRows);
// Settle (and State) apply the pending ones. Without the moves (the plain
// lazy form of SparseAdam) rows that a batch reaches rarely learn as if at
// a smaller learning rate (docs/DECISIONS.md, "Sparse updates for the
// tables a batch reaches little of"). A row updated every step gets
// exactly dense Adam's values.
// It fails when the mask does not cover the parameter in whole rows.
func (a *Adam) SetLazy(k int, rows RowMask) error {
	p := a.params[k]
	if rows.Width < 1 || len(p.Data)%rows.Width != 0 || len(rows.Bits) != (len(p.Data)/rows.Width+63)/64 {
		return fmt.Errorf("nn: a row mask of %d words for rows of %d does not cover parameter %q of %d values", len(rows.Bits), rows.Width, p.Name, len(p.Data))
	}
	if a.lazy == nil {
		a.lazy = make([]lazyRows, len(a.params))
		a.rates = make([][]float64, len(a.params))
		a.drifts = make([][]float32, len(a.params))
		a.far = make([][]float32, len(a.params))
		for i, b := range []float64{AdamBeta1, AdamBeta2} {
			a.pow[i] = make([]float32, powTable)
			for d := range a.pow[i] {
				a.pow[i][d] = float32(math.Pow(b, float64(d)))
			}
		}
	}
	a.rates[k] = make([]float64, driftSpan)
	a.drifts[k] = make([]float32, driftSpan)
	a.far[k] = make([]float32, farSpan)
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

// driftTable fills dst[d], for d < driftSpan, with the sum of the idle
// moves that a row of lazy parameter k last updated at step touch−d makes
// before a touch at step touch, per unit of its m/√v:
//
//	dst[d] = Σ_{u=touch−d+1}^{touch−1} rateᵤ · (β1/√β2)^(u−touch+d),
//
// rateᵤ being lrᵤ/(1−β1ᵘ)·√(1−β2ᵘ) as recorded by StepBegin (the rates of
// steps up to touch−1 must be recorded). It runs the recurrence
// dst[d+1] = (β1/√β2)·(rate_{touch−d} + dst[d]) from dst[1] = 0.
func (a *Adam) driftTable(dst []float32, k, touch int) {
	r, sum := driftRatio, 0.0
	for d := range dst {
		dst[d] = float32(sum)
		if u := touch - d; d > 0 && u >= 1 {
			sum = r * (a.rates[k][u%driftSpan] + sum)
		}
	}
}

// farDrift records, once step T's rate is known, the whole idle moves of
// a row of parameter k last updated at s = T−driftSpan+1: the sum over its
// first driftSpan−1 idle steps, which hold all but 1e-11 of them, kept at
// s mod farSpan for touches at least driftSpan steps later.
func (a *Adam) farDrift(k int) {
	s := a.T - driftSpan + 1
	if s < 0 {
		return
	}
	w, sum := 1.0, 0.0
	for u := s + 1; u <= a.T; u++ {
		w *= driftRatio
		sum += a.rates[k][u%driftSpan] * w
	}
	a.far[k][s%farSpan] = float32(sum)
}

// driftOf returns the idle moves of a row of parameter k last updated d
// steps before a touch at step touch: table[d], table being driftTable's
// for that touch, or for d ≥ driftSpan what farDrift recorded. A row idle
// for farSpan steps or more gets the moves of its first driftSpan−1 idle
// steps at the rates of the steps before the touch, what farDrift recorded
// for it having been overwritten.
func (a *Adam) driftOf(table []float32, k, touch int, d int32) float32 {
	switch {
	case int(d) < len(table):
		return table[d]
	case int(d) < farSpan:
		return a.far[k][(touch-int(d))%farSpan]
	}
	return table[len(table)-1]
}

// decay returns β1^d and β2^d in float32.
func (a *Adam) decay(d int32) (float32, float32) {
	if d < powTable {
		return a.pow[0][d], a.pow[1][d]
	}
	return float32(math.Pow(AdamBeta1, float64(d))), float32(math.Pow(AdamBeta2, float64(d)))
}

// RowChunk is how many rows the lazy loops prefetch at a time, a chunk
// ahead of the one they work on (RowChunks): the rows a batch reaches
// lie far apart in big tables, and fetching several together overlaps
// their cache misses.
const RowChunk = 8

// StepRows applies the step's lazy update (see SetLazy) to the rows of
// params[k] whose bits lie in its mask's words [lo, hi), between StepBegin
// and StepEnd. Calls on disjoint word ranges may run concurrently.
func (a *Adam) StepRows(k, lo, hi int) {
	g, w := a.params[k].Grad, a.lazy[k].rows.Width
	ch := a.lazy[k].rows.Chunks(lo, hi, RowChunk)
	a.PrefetchRows(k, ch.Start())
	prefetch.Rows(g, ch.Cur(), w)
	for ids := ch.Cur(); len(ids) > 0; ids = ch.Advance() {
		a.PrefetchRows(k, ch.Ahead())
		prefetch.Rows(g, ch.Ahead(), w)
		a.StepRowsOf(k, ids)
	}
}

// PrefetchRows asks the CPU to fetch the values, moments and stamps of
// rows ids of lazy parameter k, ahead of StepRowsOf or a catch-up.
func (a *Adam) PrefetchRows(k int, ids []int32) {
	w := a.lazy[k].rows.Width
	prefetch.Rows(a.params[k].Data, ids, w)
	prefetch.Rows(a.m[k].Data, ids, w)
	prefetch.Rows(a.v[k].Data, ids, w)
	prefetch.Rows(a.lazy[k].last, ids, 1)
}

// StepRowsOf applies the step's lazy update to rows ids of params[k],
// which must be in its mask; StepRows calls it for each chunk of the mask.
// Calls on disjoint rows may run concurrently.
func (a *Adam) StepRowsOf(k int, ids []int32) {
	lz := &a.lazy[k]
	p, w, t := a.params[k], lz.rows.Width, int32(a.T)
	bc2, step := a.bc2, a.lr[k]
	mk, vk := a.m[k].Data, a.v[k].Data
	for _, r := range ids {
		d := t - lz.last[r]
		d1, d2 := a.decay(d)
		lz.last[r] = t
		s := int(r) * w
		if d > 1 {
			adamDrift(p.Data[s:s+w], mk[s:s+w], vk[s:s+w], a.driftOf(a.drifts[k], k, a.T, d))
		}
		adamUpdate(p.Data[s:s+w], p.Grad[s:s+w], mk[s:s+w], vk[s:s+w], d1, d2, step, bc2)
	}
}

// adamDrift moves x by f·m/(√v + ε): the momentum-only moves of idle
// steps, f being their drift sum (driftTable).
func adamDrift(x, m, v []float32, f float32) {
	m, v = m[:len(x)], v[:len(x)]
	for i := range x {
		x[i] -= f * m[i] / (float32(math.Sqrt(float64(v[i]))) + AdamEps)
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
	table := make([]float32, driftSpan)
	for k := range a.lazy {
		if !a.isLazy(k) {
			continue
		}
		a.driftTable(table, k, a.T+1) // the idle steps s+1 … T: those of a touch at T+1
		for r, s := range a.lazy[k].last {
			if s < t {
				a.settleRow(k, r, t, a.driftOf(table, k, a.T+1, t-s+1))
			}
		}
	}
}

// settleRow brings row r of lazy parameter k, last updated at step s, to
// step t > s: it makes the idle moves f (driftTable's sum for its span),
// decays the moments by β^(t−s) and stamps the row t.
func (a *Adam) settleRow(k, r int, t int32, f float32) {
	lz := &a.lazy[k]
	w := lz.rows.Width
	x, m, v := a.params[k].Data[r*w:r*w+w], a.m[k].Data[r*w:r*w+w], a.v[k].Data[r*w:r*w+w]
	d1, d2 := a.decay(t - lz.last[r])
	adamDrift(x, m, v, f)
	for j := range m {
		m[j] *= d1
		v[j] *= d2
	}
	lz.last[r] = t
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

// CatchUpRows brings the rows of params[k] set in rows, within its mask
// words [lo, hi), to where dense Adam would have left them at the end of
// step T−1, between StepBegin and the step's forward pass: the moves and
// the decay of their idle steps (as Settle does), stamped T−1. The step's own update (StepRows) then finds them idle for one step
// and only adds its gradient. A trainer calls it for the rows a batch is
// about to read, so that its forward pass sees them where dense Adam's
// would. Calls on disjoint word ranges may run concurrently.
func (a *Adam) CatchUpRows(k int, rows RowMask, lo, hi int) {
	last, t := a.lazy[k].last, int32(a.T)-1
	ch := rows.Chunks(lo, hi, RowChunk)
	a.PrefetchRows(k, ch.Start())
	for ids := ch.Cur(); len(ids) > 0; ids = ch.Advance() {
		a.PrefetchRows(k, ch.Ahead())
		for _, r := range ids {
			if s := last[r]; s < t {
				a.settleRow(k, int(r), t, a.driftOf(a.drifts[k], k, a.T, t-s+1))
			}
		}
	}
}
