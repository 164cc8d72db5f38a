package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/neurbf/neurbf/field"
)

// checkpointer is a recorder that saves the model every interval of
// training time as DIR/checkpoints/step-NNNNNN.nrbf, so that a quality
// curve can be measured afterwards (neurbf eval on each) without
// measuring during training. Saving takes training time: the clock
// (field.Trainer.Elapsed) is the wall clock, and a --time budget includes
// the saves.
type checkpointer struct {
	m     *field.Model
	dir   string
	every time.Duration
	next  time.Duration
	prov  field.Provenance // of the run; each checkpoint records it
	err   error            // the first failed save; later saves are skipped
}

// addCheckpoints adds a checkpointer to tr when --checkpoint was given;
// its error must be checked after training.
func (f trainFlags) addCheckpoints(tr *field.Trainer, m *field.Model, prov *field.Provenance) (*checkpointer, error) {
	if f.checkpoint <= 0 {
		return nil, nil
	}
	dir := filepath.Join(f.out, "checkpoints")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("checkpoint directory: %w", err)
	}
	c := &checkpointer{m: m, dir: dir, every: f.checkpoint, next: f.checkpoint, prov: *prov}
	tr.Recorders = append(tr.Recorders, c)
	return c, nil
}

// Record saves the model when the training time has passed the next
// checkpoint.
func (c *checkpointer) Record(p field.Progress) {
	if c.err != nil || p.Elapsed < c.next {
		return
	}
	for c.next <= p.Elapsed {
		c.next += c.every
	}
	path := filepath.Join(c.dir, fmt.Sprintf("step-%06d.nrbf", p.Step))
	c.err = c.m.SaveWithHeader(path, field.SnapshotHeader{Steps: p.Step, Seconds: p.Elapsed.Seconds(), Provenance: &c.prov})
}

// Err returns the first failed save, if any (nil for a nil checkpointer).
func (c *checkpointer) Err() error {
	if c == nil {
		return nil
	}
	return c.err
}
