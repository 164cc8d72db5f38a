package field

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/nn"
)

// Trainer fits a model to a task with Adam.
//
// Parallelism and determinism: every step's batch is cut into equal
// shards, their number set by the batch size alone (two, or more of at
// least minShard samples each, up to gradShards), each with its own gradient buffers, and
// the shards are summed in shard order; the threads take shards as they come free. The
// result therefore depends on the seed alone, not on the thread count or
// on scheduling. The threads−1 helper goroutines live as long as the
// trainer (Close ends them), so a step allocates nothing.
type Trainer struct {
	Model     *Model
	Task      Task
	Steps     int           // stop after this many steps (0: no limit)
	Budget    time.Duration // stop before the training clock (Elapsed) passes this (0: no limit)
	Recorders []Recorder

	step     int
	samples  int64
	elapsed  time.Duration // the training clock (see Elapsed)
	stepTime time.Duration // time inside steps alone (see StepTime)
	lastStep time.Duration // the last step's duration, to stop before the budget
	rng      *rand.Rand
	opt      *nn.Adam
	*crew
}

// NewTrainer returns a trainer with the model's optimiser settings, running
// steps on threads goroutines, 0 meaning all CPUs (internal/parallel.Count;
// more than gradShards do not help). Call Close when done with it.
func NewTrainer(m *Model, task Task, threads int) (*Trainer, error) {
	if task.Dim() != m.Encoder.InDim() || task.Channels() != m.Config.Channels {
		return nil, fmt.Errorf("task is %d-D with %d channels, model %d-D with %d", task.Dim(), task.Channels(), m.Encoder.InDim(), m.Config.Channels)
	}
	threads = parallel.Count(threads)
	opt, err := nn.NewAdam(m.Params(), m.Config.Train.Schedules())
	if err != nil {
		return nil, err
	}
	// The crew applies the update part by part in the gradient sum; a
	// direct Step, on one goroutine, allocates nothing.
	opt.Threads = 1
	t := &Trainer{
		Model: m,
		Task:  task,
		Steps: m.Config.Train.Steps,
		rng:   rand.New(rand.NewPCG(m.Config.Train.Seed, 0x6e657572)),
		opt:   opt,
		crew:  newCrew(m, task, threads),
	}
	// A trainer dropped without Close still ends its helpers.
	runtime.AddCleanup(t, (*crew).close, t.crew)
	return t, nil
}

// Close ends the trainer's helper goroutines. The trainer must not step
// afterwards; Close may be called more than once.
func (t *Trainer) Close() { t.crew.close() }

// StepsDone is the number of steps taken so far.
func (t *Trainer) StepsDone() int { return t.step }

// Samples is the number of training samples processed so far.
func (t *Trainer) Samples() int64 { return t.samples }

// Elapsed is the training clock, the time that Budget bounds and that
// drives the learning-rate decay against a clock. Under Run it is
// wall-clock time from the start of the first step to the end of the last
// step's recorders: whatever the recorders do between steps (measurements,
// checkpoints, progress) is training time, so a budget bounds the whole
// run, not just its arithmetic. Step called directly adds its own duration.
func (t *Trainer) Elapsed() time.Duration { return t.elapsed }

// StepTime is the time spent inside steps alone, recorders excluded: the
// denominator of a throughput (samples per second of stepping).
func (t *Trainer) StepTime() time.Duration { return t.stepTime }

// Step runs one optimisation step and returns its loss.
func (t *Trainer) Step() float64 {
	loss, d := t.timedStep()
	t.elapsed += d
	return loss
}

// timedStep runs one step and returns its loss and duration, which it adds
// to StepTime but not to the clock.
func (t *Trainer) timedStep() (float64, time.Duration) {
	start := time.Now()
	b := t.Task.Sample(t.step, t.rng)
	n := b.size(t.Task.Dim())
	if t.crew.rows == nil {
		t.crew.sparsify(n, t.opt)
	}
	t.opt.StepBegin() // the crew's gradient sum applies the step
	loss := t.crew.step(b, n) / float64(n)
	t.step++
	t.samples += int64(n)
	d := time.Since(start)
	t.stepTime += d
	t.lastStep = d
	return loss, d
}

// Run trains until the step limit, the time budget or the context ends,
// reporting to the recorders after every step. The clock (Elapsed) runs
// on the wall from Run's first step, recorders included, and a step is not
// started when the last one's duration would carry the clock past Budget,
// so a timed run ends at its budget, later only by what its last step and
// recorders took beyond the step before.
// It returns ctx.Err() when stopped by the context (the model keeps what
// was trained).
func (t *Trainer) Run(ctx context.Context) error {
	if t.Steps <= 0 && t.Budget <= 0 {
		return fmt.Errorf("trainer: neither a step limit nor a time budget")
	}
	// Lazy rows the last steps did not reach catch up when training stops
	// (nn.Adam.Settle); until then a recorder sees them short of their
	// last momentum-only moves.
	defer t.opt.Settle()
	base, start := t.elapsed, time.Now()
	for (t.Steps <= 0 || t.step < t.Steps) && (t.Budget <= 0 || t.elapsed+t.lastStep < t.Budget) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if t.Budget > 0 {
			// Against a clock, the learning rates decay with whichever
			// limit is nearer, so they reach their final values at the end.
			f := t.elapsed.Seconds() / t.Budget.Seconds()
			if t.Steps > 0 {
				f = max(f, float64(t.step)/float64(t.Steps))
			}
			t.opt.SetFraction(f)
		}
		loss, _ := t.timedStep()
		t.elapsed = base + time.Since(start)
		p := Progress{Step: t.step, Steps: t.Steps, Loss: loss, Elapsed: t.elapsed, Budget: t.Budget, Samples: t.samples}
		if t.Model.Config.Task == TaskImage {
			p.PSNR = -10 * math.Log10(loss)
		}
		for _, r := range t.Recorders {
			r.Record(p)
		}
		t.elapsed = base + time.Since(start)
	}
	return nil
}
