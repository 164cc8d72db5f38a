package nn

import (
	"math"
	"testing"
)

// TestAdamTwoSteps checks two steps against values worked out by hand (and
// confirmed in float64 Python): two groups, one with a 2-step cosine decay
// 0.1 → 0.001 (step lrs 0.1 and 0.0505), one constant at 0.01.
//
// Step 1 of Adam moves every value by exactly lr·sign(g). Step 2 for a[0]:
// m = 0.9·0.05 + 0.1·0.1 = 0.055, v = 0.99·0.0025 + 0.01·0.01 = 0.002575,
// p = 0.9 − 0.0505·(0.055/0.19)/√(0.002575/0.0199) = 0.8593614327.
func TestAdamTwoSteps(t *testing.T) {
	a := &Param{Name: "a", Group: "x", Data: []float32{1, -2}, Grad: make([]float32, 2)}
	b := &Param{Name: "b", Group: "y", Data: []float32{0.5}, Grad: make([]float32, 1)}
	opt, err := NewAdam([]*Param{a, b}, map[string]Schedule{
		"x": {LR: 0.1, Final: 0.001, Steps: 2},
		"y": {LR: 0.01},
	})
	if err != nil {
		t.Fatal(err)
	}
	if lr := opt.LR(0); lr != 0.1 {
		t.Errorf("first lr %g, want 0.1", lr)
	}
	copy(a.Grad, []float32{0.5, -1})
	copy(b.Grad, []float32{2})
	opt.Step()
	want := [][]float32{{0.9, -1.9}, {0.49}}
	for k, p := range []*Param{a, b} {
		for i, v := range p.Data {
			if !closeTo(float64(v), float64(want[k][i]), 1e-6, 0) {
				t.Errorf("step 1 %s[%d] = %.9g, want %.9g", p.Name, i, v, want[k][i])
			}
		}
	}
	if lr := opt.LR(0); math.Abs(lr-0.0505) > 1e-12 {
		t.Errorf("second lr %g, want 0.0505", lr)
	}
	copy(a.Grad, []float32{0.1, 0.2})
	copy(b.Grad, []float32{-1})
	opt.Step()
	want = [][]float32{{0.8593614327, -1.8741390936}, {0.4873330057}}
	for k, p := range []*Param{a, b} {
		for i, v := range p.Data {
			if !closeTo(float64(v), float64(want[k][i]), 1e-6, 0) {
				t.Errorf("step 2 %s[%d] = %.9g, want %.9g", p.Name, i, v, want[k][i])
			}
		}
	}
	if opt.T != 2 {
		t.Errorf("T = %d after two steps", opt.T)
	}
	st := opt.State()
	if len(st) != 4 || st[0].Name != "a.adam_m" || st[3].Name != "b.adam_v" {
		t.Fatalf("state tensors %d, first %q", len(st), st[0].Name)
	}
	if m := st[0].Data[0]; !closeTo(float64(m), 0.055, 1e-6, 0) {
		t.Errorf("first moment %g, want 0.055", m)
	}
	if v := st[2].Data[0]; !closeTo(float64(v), 0.002575, 1e-6, 0) {
		t.Errorf("second moment %g, want 0.002575", v)
	}
}

// TestAdamThreads checks that the parallel update equals the serial one.
func TestAdamThreads(t *testing.T) {
	n := 3*adamChunk + 17
	var res [][]float32
	for _, threads := range []int{1, 2, 3} {
		p := NewParam("p", "g", n)
		q := NewParam("q", "g", 100)
		for i := range p.Data {
			p.Data[i] = float32(i%13) - 6
			p.Grad[i] = float32(i%7) - 3.5
		}
		opt, err := NewAdam([]*Param{p, q}, map[string]Schedule{"g": {LR: 0.01}})
		if err != nil {
			t.Fatal(err)
		}
		opt.Threads = threads
		opt.Step()
		opt.Step()
		res = append(res, p.Data)
	}
	for i := range res[0] {
		if res[1][i] != res[0][i] || res[2][i] != res[0][i] {
			t.Fatalf("value %d: %g serial, %g and %g parallel", i, res[0][i], res[1][i], res[2][i])
		}
	}
}

func TestAdamMissingGroup(t *testing.T) {
	p := NewParam("mlp.w0", "mlp", 4)
	if _, err := NewAdam([]*Param{p}, map[string]Schedule{"grid": {LR: 1}}); err == nil {
		t.Error("no error for a group without a schedule")
	}
}

func TestScheduleAt(t *testing.T) {
	s := Schedule{LR: 1e-2, Final: 1e-4, Steps: 1000}
	for _, c := range []struct {
		step int
		want float64
	}{
		{-5, 1e-2}, {0, 1e-2}, {500, (1e-2 + 1e-4) / 2}, {250, 1e-4 + (1e-2-1e-4)*(1+math.Sqrt(0.5))/2},
		{1000, 1e-4}, {5000, 1e-4},
	} {
		if got := s.At(c.step); !closeTo(got, c.want, 1e-12, 0) {
			t.Errorf("At(%d) = %g, want %g", c.step, got, c.want)
		}
	}
	if got := (Schedule{LR: 3}).At(100); got != 3 {
		t.Errorf("constant schedule: %g", got)
	}
}

func BenchmarkAdamStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run([]string{"", "threads=1", "threads=2"}[threads], func(b *testing.B) {
			const n = 128 << 10
			ps := []*Param{NewParam("a", "g", n/2), NewParam("b", "g", n/4), NewParam("c", "g", n/4)}
			for _, p := range ps {
				for i := range p.Grad {
					p.Grad[i] = float32(i%11) - 5
				}
			}
			opt, err := NewAdam(ps, map[string]Schedule{"g": {LR: 1e-3, Final: 1e-5, Steps: 1000}})
			if err != nil {
				b.Fatal(err)
			}
			opt.Threads = threads
			b.ReportAllocs()
			for b.Loop() {
				opt.Step()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "params/s")
		})
	}
}

func TestAdamSetFraction(t *testing.T) {
	p := NewParam("p", "g", 1)
	a, err := NewAdam([]*Param{p}, map[string]Schedule{"g": {LR: 1, Final: 0.01, Steps: 100}})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.LR(0); got != 1 {
		t.Errorf("LR at step 0 = %v", got)
	}
	a.SetFraction(0.5)
	if got, want := a.LR(0), 0.505; math.Abs(got-want) > 1e-12 {
		t.Errorf("LR at half way = %v, want %v", got, want)
	}
	a.SetFraction(7)
	if got := a.LR(0); math.Abs(got-0.01) > 1e-12 {
		t.Errorf("LR past the end = %v, want the final 0.01", got)
	}
}
