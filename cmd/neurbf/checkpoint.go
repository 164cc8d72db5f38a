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
// curve can be measured afterwards (neurbf eval on each) without slowing
// the training it records. Saving is not counted as training time.
type checkpointer struct {
	m     *field.Model
	dir   string
	every time.Duration
	next  time.Duration
	err   error // the first failed save; later saves are skipped
}

// addCheckpoints adds a checkpointer to tr when --checkpoint was given;
// its error must be checked after training.
func (f trainFlags) addCheckpoints(tr *field.Trainer, m *field.Model) (*checkpointer, error) {
	if f.checkpoint <= 0 {
		return nil, nil
	}
	dir := filepath.Join(f.out, "checkpoints")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("checkpoint directory: %w", err)
	}
	c := &checkpointer{m: m, dir: dir, every: f.checkpoint, next: f.checkpoint}
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
	c.err = c.m.Save(path, p.Step, p.Elapsed.Seconds())
}

// Err returns the first failed save, if any (nil for a nil checkpointer).
func (c *checkpointer) Err() error {
	if c == nil {
		return nil
	}
	return c.err
}
