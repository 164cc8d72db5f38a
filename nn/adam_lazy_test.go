package nn

import (
	"math"
	"slices"
	"testing"
)

// lazyRef is a float64 model of lazy Adam on one parameter of rows of width w.
type lazyRef struct {
	x, m, v []float64
	last    []int
	w, t    int
	lrs     []float64 // lrs[u] is step u's learning rate
}

// idle makes, one by one, the moves of row's idle steps from its last
// update to step end (its momentum alone, each with the learning rate and
// bias corrections of its own step): dense Adam given zero gradients.
func (r *lazyRef) idle(row, end int) {
	for j := row * r.w; j < row*r.w+r.w; j++ {
		for u := r.last[row] + 1; u <= end; u++ {
			i := float64(u - r.last[row])
			bc1, bc2 := 1-math.Pow(AdamBeta1, float64(u)), 1-math.Pow(AdamBeta2, float64(u))
			m, v := math.Pow(AdamBeta1, i)*r.m[j], math.Pow(AdamBeta2, i)*r.v[j]
			r.x[j] -= r.lrs[u] / bc1 * m / (math.Sqrt(v/bc2) + AdamEps)
		}
	}
}

// step applies step t's update to the rows in touched with gradients g and
// learning rate lr: a touched row first makes the moves of its idle steps
// (idle), decays its moments by β^(t−last), then takes Adam's step with the
// bias corrections of t.
func (r *lazyRef) step(touched []int, g []float32, lr float64) {
	r.t++
	r.lrs = append(r.lrs, lr)
	t := float64(r.t)
	bc1, bc2 := 1-math.Pow(AdamBeta1, t), 1-math.Pow(AdamBeta2, t)
	for _, row := range touched {
		r.idle(row, r.t-1)
		d := float64(r.t - r.last[row])
		r.last[row] = r.t
		for j := row * r.w; j < row*r.w+r.w; j++ {
			gj := float64(g[j])
			r.m[j] = math.Pow(AdamBeta1, d)*r.m[j] + (1-AdamBeta1)*gj
			r.v[j] = math.Pow(AdamBeta2, d)*r.v[j] + (1-AdamBeta2)*gj*gj
			r.x[j] -= lr / bc1 * r.m[j] / (math.Sqrt(r.v[j]/bc2) + AdamEps)
		}
	}
}

// TestLazyAdamReference runs lazy Adam for several steps in which rows are
// skipped for different spans (one for longer than the power tables),
// with a decaying learning rate, and compares values and moments with the
// float64 reference, then checks that State settles the idle rows to step
// T.
func TestLazyAdamReference(t *testing.T) {
	const rows, w = 70, 3
	p := NewParam("tab", "g", rows*w)
	for i := range p.Data {
		p.Data[i] = float32(math.Sin(float64(i)))
	}
	opt, err := NewAdam([]*Param{p}, map[string]Schedule{"g": {LR: 0.01, Final: 0.001, Steps: 12}})
	if err != nil {
		t.Fatal(err)
	}
	mask := NewRowMask(len(p.Data), w)
	if err := opt.SetLazy(0, mask); err != nil {
		t.Fatal(err)
	}
	ref := &lazyRef{w: w, x: make([]float64, len(p.Data)), m: make([]float64, len(p.Data)), v: make([]float64, len(p.Data)), last: make([]int, rows), lrs: []float64{0}}
	for i, v := range p.Data {
		ref.x[i] = float64(v)
	}
	// Tolerances: float32 rounding relative to each quantity's scale
	// (values about 1, gradients about 0.1, so m about 1e-2 and v 1e-4;
	// cancellation in m leaves a few float32 ulps of its scale).
	check := func(what string, got []float32, want []float64, atol float64) {
		t.Helper()
		for i := range got {
			if !closeTo(float64(got[i]), want[i], 1e-6, atol) {
				t.Fatalf("%s[%d] = %.9g, want %.9g", what, i, got[i], want[i])
			}
		}
	}
	for step := range 12 {
		if step == 6 { // a long idle span: decays beyond the tables
			for range powTable + 5 {
				lr := opt.LR(0)
				clear(mask.Bits)
				opt.Step()
				ref.step(nil, nil, lr)
			}
		}
		var touched []int
		clear(mask.Bits)
		clear(p.Grad)
		for r := range rows {
			if (r+step)%3 == 0 || r%7 == step%7 || (step == 0 && r < 64) { // row 69 waits until step 1, and so on
				touched = append(touched, r)
				mask.Set(r)
				for j := r * w; j < r*w+w; j++ {
					p.Grad[j] = float32(math.Cos(float64(j*(step+1)))) * 0.1
				}
			}
		}
		lr := opt.LR(0)
		opt.Step()
		ref.step(touched, p.Grad, lr)
		check("value", p.Data, ref.x, 1e-6)
		check("m", opt.m[0].Data, ref.m, 1e-9)
		check("v", opt.v[0].Data, ref.v, 1e-11)
	}
	st := opt.State() // settles every row to step T
	for r := range rows {
		ref.idle(r, ref.t)
		d := ref.t - ref.last[r]
		for j := r * w; j < r*w+w; j++ {
			ref.m[j] *= math.Pow(AdamBeta1, float64(d))
			ref.v[j] *= math.Pow(AdamBeta2, float64(d))
		}
	}
	check("settled value", p.Data, ref.x, 1e-6)
	check("settled m", st[0].Data, ref.m, 1e-9)
	check("settled v", st[1].Data, ref.v, 1e-11)
}

// TestLazyAdamEveryRowIsDense: with every row touched every step, the lazy
// update gives dense Adam's values exactly.
func TestLazyAdamEveryRowIsDense(t *testing.T) {
	var res [][]float32
	for _, lazy := range []bool{false, true} {
		p := NewParam("tab", "g", 128*4+4)
		for i := range p.Data {
			p.Data[i] = float32(i%9) - 4
		}
		opt, err := NewAdam([]*Param{p}, map[string]Schedule{"g": {LR: 0.01, Final: 0.001, Steps: 5}})
		if err != nil {
			t.Fatal(err)
		}
		mask := NewRowMask(len(p.Data), 4)
		if lazy {
			if err := opt.SetLazy(0, mask); err != nil {
				t.Fatal(err)
			}
		}
		for s := range 5 {
			for i := range p.Grad {
				p.Grad[i] = float32(math.Sin(float64(i*(s+3)))) * 0.01
			}
			for r := range len(p.Data) / 4 {
				mask.Set(r)
			}
			opt.Step()
		}
		res = append(res, slices.Concat(p.Data, opt.m[0].Data, opt.v[0].Data))
	}
	if !slices.Equal(res[0], res[1]) {
		t.Error("lazy Adam with every row touched differs from dense Adam")
	}
}

// TestLazyAdamRestore: values and moments saved through State and written
// into a new optimiser whose T is then set continue as the original, since
// State settles them and the restored rows take T as their last update.
// The steps start at 1000, where the bias corrections no longer change
// (settling makes the idle steps' moves with step T's corrections, the
// uninterrupted run with those of the next touch).
func TestLazyAdamRestore(t *testing.T) {
	const rows, w = 40, 2
	newOpt := func() (*Adam, *Param, RowMask) {
		p := NewParam("tab", "g", rows*w)
		opt, err := NewAdam([]*Param{p}, map[string]Schedule{"g": {LR: 0.01}})
		if err != nil {
			t.Fatal(err)
		}
		opt.T = 1000
		mask := NewRowMask(len(p.Data), w)
		if err := opt.SetLazy(0, mask); err != nil {
			t.Fatal(err)
		}
		return opt, p, mask
	}
	step := func(opt *Adam, p *Param, mask RowMask, s int) {
		clear(mask.Bits)
		clear(p.Grad)
		for r := s % 5; r < rows; r += 5 {
			mask.Set(r)
			p.Grad[r*w], p.Grad[r*w+1] = float32(r)*0.01, -0.02
		}
		opt.Step()
	}
	a, pa, ma := newOpt()
	for s := range 7 {
		step(a, pa, ma, s)
	}
	var saved [][]float32
	for _, st := range a.State() {
		saved = append(saved, slices.Clone(st.Data))
	}
	saved = append([][]float32{slices.Clone(pa.Data)}, saved...)
	b, pb, mb := newOpt()
	copy(pb.Data, saved[0])
	for i, st := range b.State() {
		copy(st.Data, saved[i+1])
	}
	b.T = a.T
	for s := 7; s < 12; s++ {
		step(a, pa, ma, s)
		step(b, pb, mb, s)
	}
	for i := range pa.Data {
		if !closeTo(float64(pb.Data[i]), float64(pa.Data[i]), 1e-6, 1e-9) {
			t.Fatalf("value %d: %g resumed, %g uninterrupted", i, pb.Data[i], pa.Data[i])
		}
	}
}

// TestLazyAdamMatchesDense: a lazy parameter whose rows are skipped on some
// steps tracks dense Adam given zero gradients on those steps, to float32
// rounding, from the first step (where the bias corrections change fast)
// under a decaying learning rate: each touched row caught up before the
// step (CatchUpRows) against dense Adam's values before it, each touched
// row right after its update, and every row after State settles them.
func TestLazyAdamMatchesDense(t *testing.T) {
	const rows, w = 50, 4
	var ps [2]*Param
	var opts [2]*Adam
	mask := NewRowMask(rows*w, w)
	for i := range ps {
		ps[i] = NewParam("tab", "g", rows*w)
		for j := range ps[i].Data {
			ps[i].Data[j] = float32(math.Cos(float64(j)))
		}
		var err error
		if opts[i], err = NewAdam([]*Param{ps[i]}, map[string]Schedule{"g": {LR: 0.01, Final: 0.001, Steps: 40}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := opts[1].SetLazy(0, mask); err != nil {
		t.Fatal(err)
	}
	for step := range 40 {
		clear(mask.Bits)
		var touched []int
		for r := range rows {
			if (r*7+step*3)%(2+r%9) == 0 {
				touched = append(touched, r)
				mask.Set(r)
			}
		}
		for _, p := range ps {
			clear(p.Grad)
			for _, r := range touched {
				for j := r * w; j < r*w+w; j++ {
					p.Grad[j] = float32(math.Sin(float64(j+step*31))) * 0.1
				}
			}
		}
		opts[1].StepBegin()
		opts[1].CatchUpRows(0, mask, 0, len(mask.Bits))
		for _, r := range touched {
			for j := r * w; j < r*w+w; j++ {
				if !closeTo(float64(ps[1].Data[j]), float64(ps[0].Data[j]), 1e-5, 1e-6) {
					t.Fatalf("step %d row %d caught up: %.7g lazy, %.7g dense", step, r, ps[1].Data[j], ps[0].Data[j])
				}
			}
		}
		opts[1].StepRows(0, 0, len(mask.Bits))
		opts[1].StepEnd()
		opts[0].Step()
		for _, r := range touched {
			for j := r * w; j < r*w+w; j++ {
				if !closeTo(float64(ps[1].Data[j]), float64(ps[0].Data[j]), 1e-5, 1e-6) {
					t.Fatalf("step %d row %d: %.7g lazy, %.7g dense", step, r, ps[1].Data[j], ps[0].Data[j])
				}
			}
		}
	}
	opts[1].State()
	for j := range ps[0].Data {
		if !closeTo(float64(ps[1].Data[j]), float64(ps[0].Data[j]), 1e-5, 1e-6) {
			t.Fatalf("settled value %d: %.7g lazy, %.7g dense", j, ps[1].Data[j], ps[0].Data[j])
		}
	}
}
