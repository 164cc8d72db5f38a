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
}

// step applies step t's update to the rows in touched with gradients g and
// learning rate lr: a touched row decays its moments by β^(t−last), then
// takes Adam's step with the bias correction of t.
func (r *lazyRef) step(touched []int, g []float32, lr float64) {
	r.t++
	t := float64(r.t)
	bc1, bc2 := 1-math.Pow(AdamBeta1, t), 1-math.Pow(AdamBeta2, t)
	for _, row := range touched {
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
// skipped for different spans (one for longer than the power tables) and
// compares values and moments with the float64 reference, then checks that
// State settles the idle rows' moments to step T.
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
	ref := &lazyRef{w: w, x: make([]float64, len(p.Data)), m: make([]float64, len(p.Data)), v: make([]float64, len(p.Data)), last: make([]int, rows)}
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
		if step == 6 {
			opt.T += powTable + 5 // a long idle span: decays beyond the tables
			opt.stamped = opt.T
			ref.t += powTable + 5
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
		d := float64(ref.t - ref.last[r])
		for j := r * w; j < r*w+w; j++ {
			ref.m[j] *= math.Pow(AdamBeta1, d)
			ref.v[j] *= math.Pow(AdamBeta2, d)
		}
	}
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

// TestLazyAdamRestore: moments saved through State and written into a new
// optimiser whose T is then set continue exactly as the original, since
// State settles them and the restored rows take T as their last update.
func TestLazyAdamRestore(t *testing.T) {
	const rows, w = 40, 2
	newOpt := func() (*Adam, *Param, RowMask) {
		p := NewParam("tab", "g", rows*w)
		opt, err := NewAdam([]*Param{p}, map[string]Schedule{"g": {LR: 0.01}})
		if err != nil {
			t.Fatal(err)
		}
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
	saved := [][]float32{slices.Clone(pa.Data)}
	for _, st := range a.State() {
		saved = append(saved, slices.Clone(st.Data))
	}
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
