package nn

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/parallel"
)

// Adam's constants (docs/METHOD.md §3); there is no weight decay.
const (
	// AdamBeta1 is the decay rate of the first moment estimate.
	AdamBeta1 = 0.9
	// AdamBeta2 is the decay rate of the second moment estimate.
	AdamBeta2 = 0.99
	// AdamEps is added to the denominator; tiny, as in the reference code.
	AdamEps = 1e-15
)

// adamChunk is the number of values one goroutine updates at least; below
// it the update runs on the calling goroutine.
const adamChunk = 1 << 15

// Adam is the Adam optimiser with bias correction, each parameter group
// following its own learning-rate Schedule.
type Adam struct {
	// T is the number of steps taken; the next Step uses the schedules at T.
	// A snapshot saves it together with State.
	T int
	// Threads is how many goroutines Step may use, 0 meaning all CPUs
	// (the module's convention, internal/parallel.Count). Updates smaller
	// than two chunks of adamChunk values run on the calling goroutine
	// whatever it says. The result does not depend on it.
	Threads int

	params   []*Param
	sched    []Schedule
	fraction float64 // the schedules' position set by SetFraction, or < 0
	m, v     []*Param
	offs     []int               // offs[k] is the first flat index of params[k]; offs[len] is the total
	lr       []float32           // per parameter: the step's lr/(1−β1ᵗ)
	bc2      float32             // the step's 1/√(1−β2ᵗ)
	update   func(w, lo, hi int) // updateRange, bound once so Step does not allocate it

	lazy    []lazyRows   // per parameter, set by SetLazy; nil until then
	stamped int          // T when the lazy rows' stamps were last consistent with it
	pow     [2][]float32 // β1^Δ and β2^Δ
	// For lazy parameter k: rates[k] holds the last driftSpan steps' rates
	// lr/(1−β1ᵘ)·√(1−β2ᵘ) (step u at u mod driftSpan; 0 for steps before
	// SetLazy or a restore), drifts[k] the sums of idle moves that step
	// T's touches catch up on (driftTable), and far[k] the whole idle moves
	// of rows idle since each of the last farSpan steps (farDrift).
	rates  [][]float64
	drifts [][]float32
	far    [][]float32
}

// NewAdam returns an optimiser for params, taking each parameter's learning
// rate from groups[p.Group]. It fails if a group has no schedule.
func NewAdam(params []*Param, groups map[string]Schedule) (*Adam, error) {
	a := &Adam{fraction: -1, params: params, offs: make([]int, len(params)+1), lr: make([]float32, len(params))}
	for k, p := range params {
		s, ok := groups[p.Group]
		if !ok {
			return nil, fmt.Errorf("nn: no learning-rate schedule for group %q of parameter %q", p.Group, p.Name)
		}
		if len(p.Grad) != len(p.Data) {
			return nil, fmt.Errorf("nn: parameter %q has %d values but %d gradients", p.Name, len(p.Data), len(p.Grad))
		}
		a.sched = append(a.sched, s)
		a.m = append(a.m, &Param{Name: p.Name + ".adam_m", Group: p.Group, Data: make([]float32, len(p.Data))})
		a.v = append(a.v, &Param{Name: p.Name + ".adam_v", Group: p.Group, Data: make([]float32, len(p.Data))})
		a.offs[k+1] = a.offs[k] + len(p.Data)
	}
	a.update = a.updateRange
	return a, nil
}

// State returns the first and then the second moment estimates, one tensor
// per parameter in parameter order, named after the parameter with suffixes
// ".adam_m" and ".adam_v" (their Grad is nil). Writing into their Data
// restores a saved optimiser; set T as well.
//
// With lazy parameters (SetLazy), State first brings every row's values
// and moments to step T (the catch-up a row would get on its next touch,
// applied now), so that the parameters and the moments it returns are in
// dense Adam's form; after the caller writes saved moments and sets T, the
// next Step takes every row as last updated at the new T.
func (a *Adam) State() []*Param {
	a.Settle()
	return append(append([]*Param(nil), a.m...), a.v...)
}

// LR returns the learning rate the next Step uses for params[k].
func (a *Adam) LR(k int) float64 {
	if a.fraction >= 0 {
		return a.sched[k].AtFraction(a.fraction)
	}
	return a.sched[k].At(a.T)
}

// SetFraction makes the following Steps take their learning rates a
// fraction f ∈ [0,1] of the way through the schedules, instead of at step
// T: a trainer with a time budget decays the rates with the clock.
func (a *Adam) SetFraction(f float64) { a.fraction = min(max(f, 0), 1) }

// Step updates every parameter from its Grad, which it leaves unchanged:
//
//	m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
//	p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
//
// (the form PyTorch's Adam uses, which the reference code trains with).
//
// A lazy parameter (SetLazy) is updated only on the rows of its mask, and
// a row's moments first decay for the steps it missed (StepRows).
//
// Step is StepBegin, StepRows over every lazy parameter's mask, and
// StepEnd; a caller may instead make those calls itself, or StepValues in
// place of StepEnd, to spread the update over its own goroutines.
func (a *Adam) Step() {
	a.StepBegin()
	for k := range a.lazy {
		if a.isLazy(k) {
			a.StepRows(k, 0, len(a.lazy[k].rows.Bits))
		}
	}
	a.StepEnd()
}

// StepBegin starts a step: it advances T and sets the step's learning
// rates and bias corrections. After it, StepRows must update every lazy
// parameter's rows, each mask word exactly once, and StepEnd, or
// StepValues over every value exactly once, the dense parameters.
func (a *Adam) StepBegin() {
	if a.T != a.stamped {
		a.restamp()
	}
	a.T++
	a.stamped = a.T
	t := float64(a.T)
	bc1 := 1 - math.Pow(AdamBeta1, t)
	a.bc2 = float32(1 / math.Sqrt(1-math.Pow(AdamBeta2, t)))
	for k := range a.params {
		lr := a.sched[k].At(a.T - 1)
		if a.fraction >= 0 {
			lr = a.sched[k].AtFraction(a.fraction)
		}
		a.lr[k] = float32(lr / bc1)
	}
	for k := range a.lazy {
		if a.isLazy(k) {
			a.rates[k][a.T%driftSpan] = float64(a.lr[k]) * math.Sqrt(1-math.Pow(AdamBeta2, t))
			a.driftTable(a.drifts[k], k, a.T)
			a.farDrift(k)
		}
	}
}

// StepValues applies the step begun by StepBegin to the values [lo, hi) of
// the dense parameter params[k]. Calls on disjoint ranges may run
// concurrently; the result does not depend on how the values are split.
func (a *Adam) StepValues(k, lo, hi int) {
	p := a.params[k]
	adamUpdate(p.Data[lo:hi], p.Grad[lo:hi], a.m[k].Data[lo:hi], a.v[k].Data[lo:hi], AdamBeta1, AdamBeta2, a.lr[k], a.bc2)
}

// StepEnd ends a step begun by StepBegin: it updates the dense parameters.
func (a *Adam) StepEnd() {
	total := a.offs[len(a.params)]
	threads := min(parallel.Count(a.Threads), (total-a.lazyValues())/adamChunk)
	if threads < 2 {
		a.updateRange(0, 0, total)
		return
	}
	parallel.For(total, threads, a.update)
}

// updateRange applies the update to the flat indices [lo, hi).
func (a *Adam) updateRange(_, lo, hi int) {
	for k := range a.params {
		s, e := max(lo, a.offs[k]), min(hi, a.offs[k+1])
		if s >= e || a.isLazy(k) {
			continue
		}
		a.StepValues(k, s-a.offs[k], e-a.offs[k])
	}
}

// adamUpdate applies Adam's update to the values x with gradients g and
// moments m and v (as long as x), decaying the moments by d1 and d2 (β1 and
// β2 on a step, their powers on a lazy row's catch-up), with step the
// learning rate over 1−β1ᵗ and bc2 = 1/√(1−β2ᵗ).
func adamUpdate(x, g, m, v []float32, d1, d2, step, bc2 float32) {
	const b1, b2 = AdamBeta1, AdamBeta2
	g, m, v = g[:len(x)], m[:len(x)], v[:len(x)]
	for i := range x {
		gi := g[i]
		mi := d1*m[i] + (1-b1)*gi
		vi := d2*v[i] + (1-b2)*gi*gi
		m[i], v[i] = mi, vi
		x[i] -= step * mi / (float32(math.Sqrt(float64(vi)))*bc2 + AdamEps)
	}
}
