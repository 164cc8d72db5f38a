package field

import (
	"context"
	"testing"
	"time"

	"github.com/neurbf/neurbf/pixels"
)

// TestRunClockCountsRecorders: a recorder that takes time between steps
// spends the budget too. With a budget of 300 ms and a recorder sleeping
// 20 ms per step, the run must stop by the budget on the wall (within one
// iteration), Elapsed must match the wall time of Run, and StepTime must
// leave the recorder's time out.
func TestRunClockCountsRecorders(t *testing.T) {
	img := pixels.New(8, 6, 3)
	for i := range img.Pix {
		img.Pix[i] = float32(i%17) / 16
	}
	cfg := Config{Params: 3000}
	cfg.MLP.Hidden = 16
	m, err := NewImageModel(cfg, img)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, NewImageTask(img, 0), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	const budget, nap = 300 * time.Millisecond, 20 * time.Millisecond
	tr.Steps, tr.Budget = 0, budget
	var last Progress
	tr.Recorders = append(tr.Recorders, RecorderFunc(func(p Progress) { time.Sleep(nap); last = p }))
	start := time.Now()
	if err := tr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	wall := time.Since(start)
	// One iteration is a step (well under a millisecond here) and a nap;
	// allow a few for a loaded machine.
	slack := 4 * nap
	if wall > budget+slack {
		t.Errorf("Run took %v on the wall with a %v budget", wall, budget)
	}
	if d := wall - tr.Elapsed(); d < 0 || d > 10*time.Millisecond {
		t.Errorf("Elapsed %v, Run's wall time %v", tr.Elapsed(), wall)
	}
	if n := tr.StepsDone(); n < 3 || time.Duration(n)*nap > budget+slack {
		t.Errorf("%d steps of at least %v each in a %v budget", n, nap, budget)
	}
	if tr.StepTime() >= tr.Elapsed()-time.Duration(tr.StepsDone())*nap+time.Millisecond {
		t.Errorf("StepTime %v includes the recorder's %d naps (Elapsed %v)", tr.StepTime(), tr.StepsDone(), tr.Elapsed())
	}
	if last.Step != tr.StepsDone() || last.Elapsed > tr.Elapsed() || last.Budget != budget {
		t.Errorf("last progress %+v", last)
	}
}
