package field

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/neurbf/neurbf/nn"
)

// Trainer fits a model to a task with Adam.
//
// Parallelism and determinism: every step's batch is cut into equal
// shards, their number set by the batch size alone (two, or more of at
// least minShard samples each, up to gradShards), each with its own gradient buffers, and
// the shards are summed in shard order; the threads take shards as they come free. The
// result therefore depends on the seed alone, not on the thread count or
// on scheduling. The Threads−1 helper goroutines live as long as the
// trainer (Close ends them), so a step allocates nothing.
type Trainer struct {
	Model     *Model
	Task      Task
	Opt       *nn.Adam
	Threads   int
	Steps     int           // stop after this many steps (0: no limit)
	Budget    time.Duration // stop after this much training time (0: no limit)
	Recorders []Recorder

	step    int
	samples int64
	elapsed time.Duration
	rng     *rand.Rand
	*crew
}

// NewTrainer returns a trainer with the model's optimiser settings, running
// steps on threads goroutines (at least 1; more than gradShards do not
// help). Call Close when done with it.
func NewTrainer(m *Model, task Task, threads int) (*Trainer, error) {
	if task.Dim() != m.Encoder.InDim() || task.Channels() != m.Config.Channels {
		return nil, fmt.Errorf("task is %d-D with %d channels, model %d-D with %d", task.Dim(), task.Channels(), m.Encoder.InDim(), m.Config.Channels)
	}
	threads = max(threads, 1)
	opt, err := nn.NewAdam(m.Params(), m.Config.Train.Schedules())
	if err != nil {
		return nil, err
	}
	// The update is a fraction of a percent of a step (BenchmarkStepPhases256);
	// on one goroutine it allocates nothing.
	opt.Threads = 1
	t := &Trainer{
		Model:   m,
		Task:    task,
		Opt:     opt,
		Threads: threads,
		Steps:   m.Config.Train.Steps,
		rng:     rand.New(rand.NewPCG(m.Config.Train.Seed, 0x6e657572)),
		crew:    newCrew(m, task, threads),
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

// Elapsed is the training time so far.
func (t *Trainer) Elapsed() time.Duration { return t.elapsed }

// Step runs one optimisation step and returns its loss.
func (t *Trainer) Step() float64 {
	start := time.Now()
	b := t.Task.Sample(t.step, t.rng)
	n := b.N(t.Task.Dim())
	loss := t.crew.step(b, n) / float64(n)
	t.Opt.Step()
	t.step++
	t.samples += int64(n)
	t.elapsed += time.Since(start)
	return loss
}

// Run trains until the step limit, the time budget or the context ends,
// reporting to the recorders after every step. It returns ctx.Err() when
// stopped by the context (the model keeps what was trained).
func (t *Trainer) Run(ctx context.Context) error {
	if t.Steps <= 0 && t.Budget <= 0 {
		return fmt.Errorf("trainer: neither a step limit nor a time budget")
	}
	for (t.Steps <= 0 || t.step < t.Steps) && (t.Budget <= 0 || t.elapsed < t.Budget) {
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
			t.Opt.SetFraction(f)
		}
		loss := t.Step()
		p := Progress{Step: t.step, Steps: t.Steps, Loss: loss, Elapsed: t.elapsed, Budget: t.Budget, Samples: t.samples}
		if t.Model.Config.Task == TaskImage {
			p.PSNR = -10 * math.Log10(loss)
		}
		for _, r := range t.Recorders {
			r.Record(p)
		}
	}
	return nil
}
