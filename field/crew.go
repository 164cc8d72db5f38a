package field

import (
	"sync"

	"github.com/neurbf/neurbf/nn"
)

// chunk is how many samples a thread pushes through the model at once:
// small enough that a chunk's activations stay in cache, large enough that
// the matrix products run at speed.
const chunk = 2048

// gradShards is the largest number of shards a step's batch is cut into,
// each with its own gradient buffers; it bounds the useful thread count.
// The buffers cost 4 bytes per trainable parameter for each shard in use
// (shardsFor), allocated when a step first uses the shard.
const gradShards = 8

// minShard is the fewest samples a shard holds beyond the first two: a
// step uses min(gradShards, max(2, batch/minShard)) shards, a number that
// depends on the batch alone, so results still do not depend on the
// thread count (two shards at least, so that two cores always share a
// step). Every shard's dense buffers are cleared and summed each step,
// which costs in proportion to their parameter count, so small batches of
// a large dense model must not be cut into many shards (see
// docs/DECISIONS.md, "Trainer shards of at least 8,192 samples"); sparse
// tables (sparseTables) cost in proportion to the rows reached.
const minShard = 8192

// shardsFor is the number of shards a batch of n samples is cut into.
func shardsFor(n int) int { return min(max(n/minShard, 2), gradShards) }

// reduceParts is the number of jobs the gradient sum is cut into.
const reduceParts = 8

// crew runs a trainer's steps: a queue of jobs (first the shards of the
// batch, then the parts of the gradient sum) worked off by the calling
// goroutine and threads−1 long-lived helpers, each with its own model
// scratch. It holds no reference to the Trainer, so that a trainer dropped
// without Close can be collected and its cleanup can end the helpers.
//
// It is the one parallel loop of the module that does not use
// internal/parallel: For and Workers start goroutines on every call, which
// allocates, while a training step must allocate nothing
// (TestStepAllocatesNothing), so the crew keeps its helpers for the
// trainer's lifetime and hands them work over a channel.
type crew struct {
	model  *Model
	task   Task
	params []*nn.Param
	nEnc   int // encoder parameters come first in params
	// rows[k] is the row width of parameter k when its gradient is kept
	// sparse (sparseTables), else 0, decided at the first step (sparsify);
	// union[k] is then the set of its rows that the last step's batch
	// reached, whose Grad rows alone may be non-zero (the rows lazy Adam
	// updates).
	rows   []int
	union  []nn.RowMask
	sparse sparseChoice
	opt    *nn.Adam // stepped part by part in the gradient sum
	lazy   bool     // opt updates the sparse tables lazily (lazyDefault)
	// pre[k] is, when lazy, the set of rows of sparse parameter k that the
	// step's batch will reach, marked before its forward pass (catchUp).
	pre   []nn.RowMask
	phase phase // what the shard and part jobs of the queue do

	shards []shard
	hands  []*hand // hands[0] is the calling goroutine's
	jobs   chan int
	wg     sync.WaitGroup
	once   sync.Once

	batch *Batch // the step in progress
	n     int
	used  int // shards in use this step
}

// shard is one equal part of a batch: its gradient buffers and loss, and
// for the sparse parameters the rows its buffers may hold non-zero.
type shard struct {
	grads [][]float32
	masks []nn.RowMask
	loss  float64
	nbs   nn.Neighbours // with lazy updates, the neighbours markShard found
}

// hand is one goroutine's scratch.
type hand struct {
	enc  nn.EncoderWorker
	dec  *nn.MLPWorker
	z    []float32
	dz   []float32
	out  []float32
	dout []float32
	src  [][]float32
	dst  [][]float32
	mark nn.RowMarker    // enc as a RowMarker when some parameter is sparse
	pre  nn.RowPreMarker // enc as a RowPreMarker when lazy
}

// phase is what a step's jobs do: with lazy updates, first mark the rows
// each shard will reach and catch them up (catchUp), then train.
type phase int8

const (
	phaseTrain phase = iota // shards: forward and backward; parts: the gradient sum
	phaseMark               // shards: mark the rows they will reach
	phaseCatch              // parts: catch the marked rows up
)

func newCrew(m *Model, task Task, threads int) *crew {
	c := &crew{model: m, task: task, params: m.Params(), nEnc: len(m.Encoder.Params()),
		jobs: make(chan int, gradShards+reduceParts)}
	c.shards = make([]shard, gradShards) // buffers allocated on first use (step)
	for h := range min(threads, gradShards) {
		c.hands = append(c.hands, &hand{enc: m.Encoder.NewWorker(), dec: m.decoder.NewWorker(),
			src: make([][]float32, gradShards), dst: make([][]float32, gradShards)})
		if h > 0 {
			go c.help(c.hands[h])
		}
	}
	return c
}

// help works off jobs until the queue is closed.
func (c *crew) help(h *hand) {
	for j := range c.jobs {
		c.do(h, j)
	}
}

// close ends the helpers.
func (c *crew) close() { c.once.Do(func() { close(c.jobs) }) }

// step runs the forward and backward passes of batch b (n samples),
// leaves the summed gradients in the parameters and returns the summed
// loss. The optimiser's step must have begun (nn.Adam.StepBegin): the
// gradient sum applies it, each part of a parameter's values (or rows) as
// soon as they are summed, while they are in cache and on every thread.
func (c *crew) step(b *Batch, n int) float64 {
	c.batch, c.n = b, n
	c.used = shardsFor(n)
	for s := range c.shards[:c.used] {
		if sh := &c.shards[s]; sh.grads == nil { // only the first step of a batch size allocates
			for k, p := range c.params {
				sh.grads = append(sh.grads, make([]float32, len(p.Data)))
				var mask nn.RowMask
				if c.rows[k] > 0 {
					mask = nn.NewRowMask(len(p.Data), c.rows[k])
				}
				sh.masks = append(sh.masks, mask)
			}
		}
	}
	if c.lazy {
		c.phase = phaseMark
		c.run(0, c.used)
		c.phase = phaseCatch
		c.run(gradShards, gradShards+reduceParts)
		c.phase = phaseTrain
	}
	c.run(0, c.used)
	c.run(gradShards, gradShards+reduceParts)
	c.batch = nil
	var loss float64
	for s := range c.shards[:c.used] {
		loss += c.shards[s].loss
	}
	return loss
}

// run queues jobs lo..hi−1, works on them itself too, and waits for all.
func (c *crew) run(lo, hi int) {
	c.wg.Add(hi - lo)
	for j := lo; j < hi; j++ {
		c.jobs <- j
	}
	for {
		select {
		case j := <-c.jobs:
			c.do(c.hands[0], j)
			continue
		default:
		}
		break
	}
	c.wg.Wait()
}

// do runs job j with h's scratch: shard j, or part j−gradShards of the
// gradient sum.
func (c *crew) do(h *hand, j int) {
	defer c.wg.Done()
	switch {
	case j < gradShards && c.phase == phaseMark:
		c.markShard(h, j)
		return
	case j < gradShards:
		c.runShard(h, j)
		return
	case c.phase == phaseCatch:
		c.catchUp(j - gradShards)
		return
	}
	r := j - gradShards
	for k, p := range c.params {
		if c.rows[k] > 0 {
			c.reduceRows(h, k, r)
			continue
		}
		lo, hi := r*len(p.Grad)/reduceParts, (r+1)*len(p.Grad)/reduceParts
		for s := range c.used {
			h.src[s] = c.shards[s].grads[k][lo:hi]
		}
		nn.SumInto(p.Grad[lo:hi], h.src[:c.used])
		c.opt.StepValues(k, lo, hi)
	}
}

// runShard pushes shard s of the batch through the model in chunks.
func (c *crew) runShard(h *hand, s int) {
	sh := &c.shards[s]
	for k, g := range sh.grads {
		if c.rows[k] == 0 { // the gradient sum zeroed the sparse ones
			clear(g)
		}
	}
	sh.loss = 0
	b, n := c.batch, c.n
	dim, ch := c.task.Dim(), c.task.Channels()
	lo, hi := s*n/c.used, (s+1)*n/c.used
	for a := lo; a < hi; a += chunk {
		e := min(a+chunk, hi)
		var idx []int32
		if b.Idx != nil {
			idx = b.Idx[a:e]
		}
		if c.lazy {
			h.pre.UseNeighbours(&sh.nbs, a-lo)
		}
		sh.loss += c.pass(h, sh, b.X[a*dim:e*dim], idx, b.Target[a*ch:e*ch])
	}
}

// pass runs one chunk forward and backward, adding its gradients to the
// shard's (and marking the rows of its sparse parameters they reach), and
// returns its summed loss.
func (c *crew) pass(h *hand, sh *shard, x []float32, idx []int32, target []float32) float64 {
	m := c.model
	dim, ch := c.task.Dim(), c.task.Channels()
	n := len(x) / dim
	width := m.Encoder.OutDim()
	h.z = grow(h.z, n*width)
	h.dz = grow(h.dz, n*width)
	h.out = grow(h.out, n*ch)
	h.dout = grow(h.dout, n*ch)
	h.enc.Forward(h.z, width, 0, x, idx)
	h.dec.Forward(h.out, h.z, n)
	loss := c.task.Loss(h.dout, h.out, target, c.n)
	h.dec.Backward(sh.grads[c.nEnc:], h.dz, h.dout)
	h.enc.Backward(sh.grads[:c.nEnc], nil, h.dz, width, 0)
	if h.mark != nil && !c.lazy { // lazy: markShard marked them
		h.mark.MarkRows(sh.masks[:c.nEnc])
	}
	return loss
}

// grow returns s resliced to n, reallocating only when it is too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// markShard marks, in shard s's masks, the rows of the sparse parameters
// that its samples will reach, without a forward pass, and keeps the
// neighbours it searched for the shard's forward passes.
func (c *crew) markShard(h *hand, s int) {
	sh := &c.shards[s]
	b, n, dim := c.batch, c.n, c.task.Dim()
	lo, hi := s*n/c.used, (s+1)*n/c.used
	var idx []int32
	if b.Idx != nil {
		idx = b.Idx[lo:hi]
	}
	h.pre.PreMarkRows(sh.masks[:c.nEnc], b.X[lo*dim:hi*dim], idx, &sh.nbs)
}

// catchUp is part r of bringing the rows the step's shards marked up to
// date (nn.Adam.CatchUpRows) before the forward passes read them: their
// union over the part's mask words, caught up with the momentum-only
// moves dense Adam would have made while they were idle.
func (c *crew) catchUp(r int) {
	for k, w := range c.rows {
		if w == 0 {
			continue
		}
		u := c.pre[k].Bits
		lo, hi := r*len(u)/reduceParts, (r+1)*len(u)/reduceParts
		copy(u[lo:hi], c.shards[0].masks[k].Bits[lo:hi])
		for s := 1; s < c.used; s++ {
			m := c.shards[s].masks[k].Bits[lo:hi]
			for i := range m {
				u[lo+i] |= m[i]
			}
		}
		c.opt.CatchUpRows(k, c.pre[k], lo, hi)
	}
}
