package field

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/neurbf/neurbf/nn"
)

// chunk is how many samples a worker pushes through the model at once: small
// enough that a chunk's activations stay in cache, large enough that the
// matrix products run at speed.
const chunk = 2048

// Trainer fits a model to a task with Adam. The batch of every step is split
// into one contiguous range per thread; each thread runs the encoder, the
// decoder, the loss and both backward passes on its range in chunks, adding
// into its own gradient buffers, which are then summed in a fixed order: the
// result depends on the seed and the thread count, not on scheduling.
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
	params  []*nn.Param
	nEnc    int
	workers []*stepWorker
	src     [][]float32 // per-worker views of one parameter's gradient
}

// stepWorker is one thread's state.
type stepWorker struct {
	enc   EncoderWorker
	dec   *nn.MLPWorker
	grads [][]float32
	z     []float32
	dz    []float32
	out   []float32
	dout  []float32
	loss  float64
}

// NewTrainer returns a trainer with the model's optimiser settings.
func NewTrainer(m *Model, task Task, threads int) (*Trainer, error) {
	if task.Dim() != m.Encoder.InDim() || task.Channels() != m.Config.Channels {
		return nil, fmt.Errorf("task is %d-D with %d channels, model %d-D with %d", task.Dim(), task.Channels(), m.Encoder.InDim(), m.Config.Channels)
	}
	if threads < 1 {
		threads = 1
	}
	opt, err := nn.NewAdam(m.Params(), m.Config.Train.Schedules())
	if err != nil {
		return nil, err
	}
	t := &Trainer{
		Model:   m,
		Task:    task,
		Opt:     opt,
		Threads: threads,
		Steps:   m.Config.Train.Steps,
		rng:     rand.New(rand.NewPCG(m.Config.Train.Seed, 0x6e657572)),
		params:  m.Params(),
		nEnc:    len(m.Encoder.Params()),
	}
	for range threads {
		w := &stepWorker{enc: m.Encoder.NewWorker(), dec: m.Decoder.NewWorker()}
		for _, p := range t.params {
			w.grads = append(w.grads, make([]float32, len(p.Data)))
		}
		t.workers = append(t.workers, w)
	}
	return t, nil
}

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
	dim, ch := t.Task.Dim(), t.Task.Channels()
	n := b.N(dim)
	nn.Parallel(n, len(t.workers), func(wi, lo, hi int) {
		w := t.workers[wi]
		for _, g := range w.grads {
			clear(g)
		}
		w.loss = 0
		for c := lo; c < hi; c += chunk {
			e := min(c+chunk, hi)
			var idx []int32
			if b.Idx != nil {
				idx = b.Idx[c:e]
			}
			w.run(t, b.X[c*dim:e*dim], idx, b.Target[c*ch:e*ch], n)
		}
	})
	var loss float64
	for _, w := range t.workers {
		loss += w.loss
	}
	loss /= float64(n)
	t.reduce()
	t.Opt.Step()
	t.step++
	t.samples += int64(n)
	t.elapsed += time.Since(start)
	return loss
}

// run pushes one chunk through the model forward and backward.
func (w *stepWorker) run(t *Trainer, x []float32, idx []int32, target []float32, total int) {
	m := t.Model
	dim, ch := t.Task.Dim(), t.Task.Channels()
	n := len(x) / dim
	width := m.Encoder.OutDim()
	w.z = grow(w.z, n*width)
	w.dz = grow(w.dz, n*width)
	w.out = grow(w.out, n*ch)
	w.dout = grow(w.dout, n*ch)
	w.enc.Forward(x, idx, w.z, width, 0)
	w.dec.Forward(w.z, n, w.out)
	w.loss += t.Task.Loss(w.out, target, w.dout, total)
	w.dec.Backward(w.dout, w.grads[t.nEnc:], w.dz)
	w.enc.Backward(w.dz, width, 0, w.grads[:t.nEnc], nil)
}

// reduce sums the workers' gradients into the parameters, in worker order.
func (t *Trainer) reduce() {
	for k, p := range t.params {
		t.src = t.src[:0]
		for _, w := range t.workers {
			t.src = append(t.src, w.grads[k])
		}
		nn.SumInto(p.Grad, t.src)
	}
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

// grow returns s resliced to n, reallocating only when it is too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
