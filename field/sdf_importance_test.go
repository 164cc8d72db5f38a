package field

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestLossTreeDraws compares lossTree's draw frequencies with the weights,
// before and after updates, with a non-power-of-two size and zero weights.
func TestLossTreeDraws(t *testing.T) {
	const n, draws = 37, 400_000
	rng := rand.New(rand.NewPCG(3, 4))
	tr := newLossTree(n)
	w := make([]float64, n)
	for i := range w {
		if i%5 != 0 {
			w[i] = rng.Float64() * 3
		}
		tr.set(i, w[i])
	}
	check := func() {
		t.Helper()
		var tot float64
		for _, x := range w {
			tot += x
		}
		count := make([]int, n)
		for range draws {
			count[tr.draw(rng)]++
		}
		for i, c := range count {
			p := w[i] / tot
			sd := math.Sqrt(draws * p * (1 - p))
			if math.Abs(float64(c)-draws*p) > 5*sd+1 {
				t.Errorf("index %d drawn %d times, want %.0f ± %.0f", i, c, draws*p, sd)
			}
		}
	}
	check()
	for i := 0; i < n; i += 3 {
		w[i] = float64(i % 7)
		tr.set(i, w[i])
	}
	check()
}

// TestSDFTaskImportanceFollowsLoss trains nothing but feeds the task's
// Loss, in two chunks as the crew does, a MAPE term of 4 for near-pool
// samples with x > 0 and 1 for the others; once every sample has been
// seen, the share of near draws with x > 0 must be the importance mix of
// the loss-proportional and the uniform share, the surface points drawn by
// SurfaceImportance must follow the loss-proportional share, and Loss on a slice that is
// not the batch's must be ignored.
func TestSDFTaskImportanceFollowsLoss(t *testing.T) {
	for _, share := range []float64{1, 0.5} {
		const n = 800
		task, _ := sphereTask(t, n, 5, SDFTaskOptions{Pool: 1 << 10, Blocks: 4, Refresh: -1, Importance: share, SurfaceImportance: 0.5})
		n1 := 0
		for j := range task.nearGT {
			if task.near[3*j] > 0 {
				n1++
			}
		}
		n0 := len(task.nearGT) - n1
		rng := rand.New(rand.NewPCG(1, 1))
		pred := make([]float32, n)
		dpred := make([]float32, n)
		other := make([]float32, n)
		hit, near, sHit, sDrawn := 0, 0, 0, 0
		for step := range 400 {
			b := task.Sample(step, rng)
			if step >= 100 {
				for i := n / 4; i < n/2; i++ { // the surface rows drawn by importance
					sDrawn++
					if b.X[3*i] > 0 {
						sHit++
					}
				}
				for i := n / 2; i < n/2+3*n/8; i++ {
					near++
					if b.X[3*i] > 0 {
						hit++
					}
				}
			}
			for i, g := range b.Target {
				k := float32(1)
				if b.X[3*i] > 0 {
					k = 4
				}
				pred[i] = g + k*(float32(math.Abs(float64(g)))+mapeEps)
			}
			copy(other, b.Target)
			task.Loss(dpred, pred, other, n) // ignored: not the batch's slice
			const cut = 333
			task.Loss(dpred[:cut], pred[:cut], b.Target[:cut], n)
			task.Loss(dpred[cut:], pred[cut:], b.Target[cut:], n)
		}
		imp := 4 * float64(n1) / float64(4*n1+n0)
		// A near sample's surface point can lie across x = 0 from it.
		if got := float64(sHit) / float64(sDrawn); math.Abs(got-imp) > 0.02 {
			t.Errorf("importance share %v: %.4f of the surface importance draws at x > 0, want %.4f", share, got, imp)
		}
		want := share*imp + (1-share)*float64(n1)/float64(n1+n0)
		got := float64(hit) / float64(near)
		if math.Abs(got-want) > 0.01 {
			t.Errorf("importance share %v: %.4f of near draws at x > 0, want %.4f (%d of %d pool samples)", share, got, want, n1, n0+n1)
		}
	}
}

// TestSDFTaskImportanceNoAllocs requires Sample and Loss with importance
// sampling on to allocate nothing once the task is built.
func TestSDFTaskImportanceNoAllocs(t *testing.T) {
	const n = 512
	task, _ := sphereTask(t, n, 5, SDFTaskOptions{Pool: 1 << 10, Blocks: 4, Refresh: -1, Importance: 0.5, ImportancePower: 0.5, SurfaceImportance: 0.25})
	rng := rand.New(rand.NewPCG(1, 1))
	pred, dpred := make([]float32, n), make([]float32, n)
	step := 0
	allocs := testing.AllocsPerRun(20, func() {
		b := task.Sample(step, rng)
		task.Loss(dpred, pred, b.Target, n)
		step++
	})
	if allocs != 0 {
		t.Errorf("%v allocations a step", allocs)
	}
}

// BenchmarkSDFTaskSampleLoss times one step's Sample and Loss (the whole
// batch in one call) without and with importance sampling, the part of a
// step importance sampling adds to.
func BenchmarkSDFTaskSampleLoss(b *testing.B) {
	for _, o := range []struct {
		name string
		opt  SDFTaskOptions
	}{
		{"uniform", SDFTaskOptions{Refresh: -1}},
		{"importance", SDFTaskOptions{Refresh: -1, Importance: 0.5}},
	} {
		b.Run(o.name, func(b *testing.B) {
			task, _ := sphereTask(b, 4096, 5, o.opt)
			rng := rand.New(rand.NewPCG(1, 1))
			pred, dpred := make([]float32, 4096), make([]float32, 4096)
			step := 0
			for b.Loop() {
				bt := task.Sample(step, rng)
				for i, g := range bt.Target {
					pred[i] = g + 0.01*float32(i%7)
				}
				task.Loss(dpred, pred, bt.Target, 4096)
				step++
			}
		})
	}
}

// TestWeightedMAPE compares weightedMAPE with MAPE: surface rows (target
// 0) weighted by w in the loss and the gradient, the others unchanged.
func TestWeightedMAPE(t *testing.T) {
	pred := []float32{0.02, -0.01, 0.3, 0.1}
	target := []float32{0, 0, 0.2, -0.1}
	d0, d1 := make([]float32, 4), make([]float32, 4)
	l0 := MAPE(d0, pred, target, 4)
	l1 := weightedMAPE(d1, pred, target, 4, 3)
	// surface terms: 0.02/0.01 = 2 and 0.01/0.01 = 1, weighted by 3.
	if want := l0 + 2*(2+1); math.Abs(l1-want) > 1e-5 {
		t.Errorf("weighted loss %v, want %v", l1, want)
	}
	for i := range d0 {
		w := float32(1)
		if target[i] == 0 {
			w = 3
		}
		if math.Abs(float64(d1[i]-w*d0[i])) > 1e-6 {
			t.Errorf("row %d: dpred %v, want %v", i, d1[i], w*d0[i])
		}
	}
}
