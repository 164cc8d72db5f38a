//go:build viewer

package main

import (
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// liveBatch is the batch of a live image fit: the clock decides its
// length, as in `neurbf fit`'s runs against the clock, whose batch this is
// (see docs/DECISIONS.md, "One-minute image fit: 2^14-pixel batches").
const liveBatch = 1 << 14

// trainConfig is the config of a live fit from the flags.
func trainConfig(o options) field.Config {
	return field.Config{Params: o.params, Train: field.TrainConfig{Steps: o.steps, Seed: o.seed}}
}

// fitImage initialises a model of img (stored in *m) and its trainer; the
// returned func closes the trainer.
func fitImage(m **field.Model, img *pixels.Image, o options) (*field.Trainer, func(), error) {
	cfg := trainConfig(o)
	if o.steps == 0 && img.W*img.H > liveBatch {
		cfg.Train.Batch = liveBatch
	}
	model, err := field.NewImageModel(cfg, img)
	if err != nil {
		return nil, nil, err
	}
	task := field.NewImageTask(img, model.Config.Train.Batch)
	if _, err := model.Encoder.Fix(task.Points()); err != nil {
		return nil, nil, err
	}
	tr, err := newTrainer(model, task, o)
	if err != nil {
		return nil, nil, err
	}
	*m = model
	return tr, tr.Close, nil
}

// fitMesh initialises a model of src's SDF (in *m), the normalised mesh
// (in *gt) and the trainer; the returned func closes the trainer and the
// task.
func fitMesh(m **field.Model, gt **mesh.Mesh, src *mesh.Mesh, o options) (*field.Trainer, func(), error) {
	model, err := field.NewSDFModel(trainConfig(o), src)
	if err != nil {
		return nil, nil, err
	}
	task, err := field.NewSDFTask(model.Config, src, field.SDFTaskOptions{Threads: o.threads})
	if err != nil {
		return nil, nil, err
	}
	tr, err := newTrainer(model, task, o)
	if err != nil {
		task.Close()
		return nil, nil, err
	}
	*m, *gt = model, task.Mesh
	return tr, func() { tr.Close(); task.Close() }, nil
}

// newTrainer returns the trainer with the flags' limits: --steps, or the
// --time budget alone.
func newTrainer(m *field.Model, task field.Task, o options) (*field.Trainer, error) {
	tr, err := field.NewTrainer(m, task, o.threads)
	if err != nil {
		return nil, err
	}
	tr.Budget = o.budget
	if o.steps == 0 {
		tr.Steps = 0
	}
	return tr, nil
}
