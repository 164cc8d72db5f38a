package field

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSDFTaskShift checks the sampling schedule of SDFTaskOptions.Shift:
// step 0 draws exactly what the default task draws; once the schedule has
// ended, the off-surface half of the batch is split by UniformEnd (near
// samples all within a few SigmaEnd of the sphere, the uniform ones mostly
// far from it) and every pool block swapped in since has the narrower
// noise.
func TestSDFTaskShift(t *testing.T) {
	const n, sigmaEnd = 800, 0.002
	o := SDFTaskOptions{Pool: 1 << 10, Blocks: 4, Refresh: 2}
	base, _ := sphereTask(t, n, 5, o)
	o.Shift, o.UniformEnd, o.SigmaEnd = 4, 0.5, sigmaEnd
	sh, _ := sphereTask(t, n, 5, o)
	ra, rb := rand.New(rand.NewPCG(7, 7)), rand.New(rand.NewPCG(7, 7))
	ba, bb := base.Sample(0, ra), sh.Sample(0, rb)
	if !equal32(ba.X, bb.X) || !equal32(ba.Target, bb.Target) {
		t.Fatal("step 0: the shifted task's batch differs from the default one")
	}
	// Refreshes at steps 2, 4, …, 12 install generations 4 to 9; the four
	// blocks then hold generations 6 to 9, installed at steps 6 to 12, all
	// past the shift.
	var b *Batch
	for step := 1; step <= 12; step++ {
		b = sh.Sample(step, rb)
	}
	const tess = 2e-3 // the 48-segment sphere's deviation from the true one
	nearMax := 6*sigmaEnd*math.Sqrt(3) + tess
	for i, g := range sh.nearGT {
		if math.Abs(float64(g)) > nearMax {
			t.Fatalf("near pool sample %d has |sdf| %g, beyond 6·σ_end·√3", i, g)
		}
	}
	far := func(lo, hi int) int {
		c := 0
		for _, g := range b.Target[lo:hi] {
			if math.Abs(float64(g)) > 0.05 {
				c++
			}
		}
		return c
	}
	// Half of the 400 off-surface samples are near, half uniform; about
	// 15 % of the cube lies within 0.05 of the sphere.
	if c := far(n/2, 3*n/4); c != 0 {
		t.Errorf("%d of the near samples are farther than 0.05 from the surface", c)
	}
	if c := far(3*n/4, n); c < 140 {
		t.Errorf("only %d of the 200 uniform samples are farther than 0.05 from the surface", c)
	}
}

// TestSDFTaskShiftRejectsBadSchedules requires an error, not a panic, for
// schedules out of range.
func TestSDFTaskShiftRejectsBadSchedules(t *testing.T) {
	m, _ := sphereTask(t, 64, 1, SDFTaskOptions{Pool: 1 << 8, Refresh: -1})
	_, frame := NormalizedCopy(m.Mesh)
	cfg := Config{Task: TaskSDF, Frame: &frame}
	cfg.Train.Batch = 64
	for _, o := range []SDFTaskOptions{
		{Pool: 1 << 8, Shift: -1},
		{Pool: 1 << 8, Shift: 10, UniformEnd: 1.5},
		{Pool: 1 << 8, Shift: 10, SigmaEnd: math.NaN()},
		{Pool: 1 << 8, Shift: 10, UniformEnd: -0.1},
	} {
		if task, err := NewSDFTask(cfg, m.Mesh, o); err == nil {
			task.Close()
			t.Errorf("%+v accepted", o)
		}
	}
}

// TestSDFTaskNearSigma checks SDFTaskOptions.NearSigma and its default by
// the share of near samples farther than 2.6·DefaultNearSigma from the
// sphere (about 1 % of normal noise at DefaultNearSigma, 39 % at 0.01):
// high in the initial pool (the paper's σ), low once refreshes have
// replaced every block of the default task, and still high for a task
// with NearSigma 0.01.
func TestSDFTaskNearSigma(t *testing.T) {
	const tess = 2e-3 // the 48-segment sphere's deviation from the true one
	cut := float32(2.6*DefaultNearSigma + tess)
	share := func(task *SDFTask) float64 {
		c := 0
		for _, g := range task.nearGT {
			if g > cut || -g > cut {
				c++
			}
		}
		return float64(c) / float64(len(task.nearGT))
	}
	o := SDFTaskOptions{Pool: 1 << 12, Blocks: 4, Refresh: 2}
	def, _ := sphereTask(t, 64, 5, o)
	o.NearSigma = nearSigma
	paper, _ := sphereTask(t, 64, 5, o)
	if s := share(def); s < 0.25 {
		t.Errorf("initial pool: %.3f of near samples beyond %g, want the paper's wider σ", s, cut)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for step := 0; step <= 8; step++ { // refreshes at 2, 4, 6, 8 replace the 4 blocks
		def.Sample(step, rng)
		paper.Sample(step, rng)
	}
	if s := share(def); s > 0.05 {
		t.Errorf("after the refreshes %.3f of the default task's near samples lie beyond %g", s, cut)
	}
	if s := share(paper); s < 0.25 {
		t.Errorf("after the refreshes only %.3f of near samples at NearSigma 0.01 lie beyond %g", s, cut)
	}
}
