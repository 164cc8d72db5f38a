package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/neurbf/neurbf/field"
)

// replayTask serves the recorded SDF batches of an exported case in
// order, cycling, with the SDF loss (MAPE): the samples the PyTorch side
// trains on, so that both implementations see the same data.
type replayTask struct {
	x, d       []float32 // Batches×Batch×3 coordinates, Batches×Batch distances
	n, batches int
	b          field.Batch
}

func (t *replayTask) Dim() int      { return 3 }
func (t *replayTask) Channels() int { return 1 }

func (t *replayTask) Sample(step int, _ *rand.Rand) *field.Batch {
	k := step % t.batches
	t.b.X = t.x[k*t.n*3 : (k+1)*t.n*3]
	t.b.Target = t.d[k*t.n : (k+1)*t.n]
	return &t.b
}

func (t *replayTask) Loss(dpred, pred, target []float32, total int) float64 {
	return field.MAPE(dpred, pred, target, total)
}

// fitSDF trains the exported SDF model of dir for steps steps on its
// recorded batches and saves it to save (for `neurbf eval --mesh`).
func fitSDF(dir string, meta Meta, steps, threads int, save string) error {
	if save == "" {
		return fmt.Errorf("%w: fit of an SDF case needs -save FILE (score it with neurbf eval --mesh)", errUsage)
	}
	m, _, err := field.Load(filepath.Join(dir, modelFile))
	if err != nil {
		return err
	}
	task := &replayTask{n: meta.Batch, batches: meta.Batches}
	if task.x, err = readFloats(filepath.Join(dir, meta.Points), meta.Batches*meta.Batch*3); err != nil {
		return err
	}
	if task.d, err = readFloats(filepath.Join(dir, meta.Distances), meta.Batches*meta.Batch); err != nil {
		return err
	}
	tr, err := field.NewTrainer(m, task, threads)
	if err != nil {
		return err
	}
	defer tr.Close()
	start := time.Now()
	for range steps {
		tr.Step()
	}
	sec := time.Since(start).Seconds()
	if err := m.Save(save, steps, sec); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(FitResult{Impl: "go", Steps: steps, Seconds: sec})
}
