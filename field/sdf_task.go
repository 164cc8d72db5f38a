package field

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync/atomic"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/sdf/dist"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// SDFTaskOptions size an SDFTask's pool of off-surface samples. A zero
// field takes its default.
type SDFTaskOptions struct {
	// Pool is the number of off-surface samples (near-surface and uniform,
	// 3 : 1) kept with their exact signed distances; default 2^17.
	Pool int
	// Blocks is the number of equal blocks the pool is refreshed by, one
	// at a time; default 8.
	Blocks int
	// Refresh is the number of steps between block refreshes; default 64.
	// A negative value never refreshes.
	Refresh int
	// Threads is the number of goroutines computing the initial pool, 0
	// meaning all CPUs (internal/parallel.Count). Refreshes use one.
	Threads int

	// Shift, when positive, is the number of steps over which the
	// off-surface half of the batch moves from the default mix towards
	// the surface: the share drawn from the uniform pool goes linearly
	// from 1/4 at step 0 to UniformEnd at step Shift and stays there, and
	// the near-surface noise of the pool blocks swapped in goes linearly
	// from σ = 0.01 to SigmaEnd by the step they are installed at. Zero
	// (the default) keeps the constant 4 : 3 : 1 mix and σ. An experiment
	// of issue #16 (see docs/DECISIONS.md, "SDF sampling schedule and
	// curvature-weighted centres"); Shift 1 with SigmaEnd gives a constant
	// σ from the first refresh on.
	Shift int
	// UniformEnd is the uniform share of the off-surface samples from
	// step Shift on, in [0, 1]; with Shift set, 0 means 1/4 (no change).
	UniformEnd float64
	// SigmaEnd is the near-surface σ of blocks installed from step Shift
	// on; with Shift set, 0 means nearSigma (no change).
	SigmaEnd float64

	// NearSigma is the near-surface σ of every pool block swapped in by a
	// refresh (the initial pool keeps the paper's 0.01, so the first steps
	// see the wider band); 0 means DefaultNearSigma, and 0.01 gives the
	// paper's sampling. It does not depend on the run's length, unlike
	// Shift. Ignored when Shift is set.
	NearSigma float64
	// Importance is the share, in [0, 1], of the near-surface draws of
	// each batch taken in proportion to the pool samples' last seen loss
	// (raised to ImportancePower) instead of uniformly; 0 (the default)
	// draws them all uniformly. Each sample's estimate is the MAPE term it
	// had when last drawn; samples not yet drawn carry the mean term.
	Importance float64
	// ImportancePower is the exponent α of the importance weights
	// loss^α; 0 means 1.
	ImportancePower float64
	// SurfaceImportance is the share, in [0, 1], of each batch's surface
	// points that are, instead of fresh area-weighted points, the surface
	// points the near-pool samples drawn by importance were placed around
	// (target 0): where the near-surface loss is high, the surface is
	// sampled more. It needs Importance > 0; 0 (the default) keeps every
	// surface point fresh.
	SurfaceImportance float64
	// SurfaceWeight multiplies the loss (and so the gradient) of the
	// surface points (target 0) of each batch; 0 means 1, the paper's
	// unweighted MAPE. An experiment of issue #16.
	SurfaceWeight float64
}

// Defaults of SDFTaskOptions. Exact distances cost microseconds of CPU
// each (sdf/dist), too much to draw fresh off-surface samples every step;
// the pool and its refresh are sized so that the initial pool is quick to
// compute, each sample is reused a few times (at the default batch of
// 2^12, 2K off-surface samples a step, about 8 times in the pool's
// lifetime of 512 steps) and one background goroutine keeps up with the
// training threads (see docs/DECISIONS.md, "SDF sample pool: 2^17
// samples, a block of 2^14 renewed every 64 steps").
const (
	defaultPool    = 1 << 17
	defaultBlocks  = 8
	defaultRefresh = 64
)

// sdfStream is the PCG stream word of pool block generation g is
// sdfStream + g.
const sdfStream = 0x7364660000000000

// SDFTask fits the signed distance field of a mesh with the MAPE loss
// (docs/METHOD.md §3). Each step's batch holds, in the ratio 4 : 3 : 1, fresh
// area-weighted surface points (sdf = 0), near-surface points (surface
// points plus N(0, 0.01²) per coordinate) and points uniform in [−1, 1]³,
// the last two drawn with replacement from a pool with exact ground truth
// (sdf/dist, positive outside).
//
// Refresh: the pool is split into Blocks blocks, initially generations 0
// to Blocks−1; before step k·Refresh (k = 1, 2, …) generation Blocks−1+k
// replaces block (Blocks−1+k) mod Blocks. A generation's points depend only
// on the seed and its number, and it is computed by a background goroutine
// started as soon as the previous one is swapped in; if it is not ready in
// time, Sample waits for it. Training is therefore reproducible for a seed
// and thread count whatever the timing. Call Close when done.
type SDFTask struct {
	// Mesh is the normalised mesh whose field is fitted.
	Mesh  *mesh.Mesh
	Batch int

	opt     SDFTaskOptions
	seed    uint64
	tree    *dist.Tree
	surface *mesh.SurfaceSampler

	near, uni     []float32 // pool coordinates (n×3)
	nearGT, uniGT []float32 // their signed distances
	base          []float32 // the surface point of each near sample (SurfaceImportance only)
	nearPer       int       // near samples per block
	uniPer        int       // uniform samples per block

	b   Batch
	pts [][3]float64 // surface-sample scratch

	gen     int           // the generation being computed in the background
	next    poolBlock     // its samples
	pending chan struct{} // closed when next is ready
	stop    atomic.Bool

	imp *nearImportance // nil unless Importance > 0
}

// poolBlock is one generation of pool samples: nearPer near-surface then
// uniPer uniform points, with their signed distances.
type poolBlock struct {
	xyz  []float32
	gt   []float32
	base []float32 // the near samples' surface points, or nil
}

// NewSDFTask returns the task of fitting the SDF of m, a mesh in its own
// units, normalised with cfg.Frame (set by NewSDFModel), with
// cfg.Train.Batch samples a step and cfg.Train.Seed seeding the pool. It
// computes the initial pool before returning.
func NewSDFTask(cfg Config, m *mesh.Mesh, o SDFTaskOptions) (*SDFTask, error) {
	if cfg.Frame == nil {
		return nil, errors.New("sdf task: the config has no mesh frame (make the model with NewSDFModel first)")
	}
	if cfg.Train.Batch < 8 {
		return nil, fmt.Errorf("sdf task: batch %d is below 8, too small for the 4:3:1 sample ratio", cfg.Train.Batch)
	}
	o = o.withDefaults()
	if o.Shift < 0 || !(o.UniformEnd >= 0 && o.UniformEnd <= 1) || !(o.SigmaEnd >= 0 && o.SigmaEnd <= 1) {
		return nil, fmt.Errorf("sdf task: sampling schedule (shift %d, uniform share %v, σ %v) out of range", o.Shift, o.UniformEnd, o.SigmaEnd)
	}
	if !(o.NearSigma > 0 && o.NearSigma <= 1) || !(o.Importance >= 0 && o.Importance <= 1) || !(o.ImportancePower > 0 && o.ImportancePower <= 8) {
		return nil, fmt.Errorf("sdf task: near σ %v, importance share %v or power %v out of range", o.NearSigma, o.Importance, o.ImportancePower)
	}
	if !(o.SurfaceWeight > 0 && o.SurfaceWeight <= 100) {
		return nil, fmt.Errorf("sdf task: surface weight %v out of range", o.SurfaceWeight)
	}
	if !(o.SurfaceImportance >= 0 && o.SurfaceImportance <= 1) || (o.SurfaceImportance > 0 && o.Importance == 0) {
		return nil, fmt.Errorf("sdf task: surface importance share %v out of range or without Importance", o.SurfaceImportance)
	}
	if o.Pool < 4*o.Blocks {
		return nil, fmt.Errorf("sdf task: a pool of %d samples cannot fill %d blocks", o.Pool, o.Blocks)
	}
	nm := cfg.Frame.Normalize(m)
	tree, err := dist.New(nm)
	if err != nil {
		return nil, err
	}
	surface, err := mesh.NewSurfaceSampler(nm)
	if err != nil {
		return nil, err
	}
	t := &SDFTask{Mesh: nm, Batch: cfg.Train.Batch, opt: o, seed: cfg.Train.Seed, tree: tree, surface: surface}
	nNear := o.Pool * 3 / 4
	t.nearPer, t.uniPer = nNear/o.Blocks, (o.Pool-nNear)/o.Blocks
	t.near, t.nearGT = make([]float32, 3*t.nearPer*o.Blocks), make([]float32, t.nearPer*o.Blocks)
	t.uni, t.uniGT = make([]float32, 3*t.uniPer*o.Blocks), make([]float32, t.uniPer*o.Blocks)
	if o.Importance > 0 {
		t.imp = newNearImportance(len(t.nearGT), t.Batch, o.ImportancePower)
	}
	t.next = poolBlock{xyz: make([]float32, 3*(t.nearPer+t.uniPer)), gt: make([]float32, t.nearPer+t.uniPer)}
	if o.SurfaceImportance > 0 {
		t.base, t.next.base = make([]float32, len(t.near)), make([]float32, 3*t.nearPer)
	}
	for g := range o.Blocks {
		t.generate(g, &t.next, o.Threads)
		t.install(g, &t.next)
	}
	t.pts = make([][3]float64, t.Batch/2)
	t.gen = o.Blocks
	if o.Refresh > 0 {
		t.startNext()
	}
	return t, nil
}

func (o SDFTaskOptions) withDefaults() SDFTaskOptions {
	if o.Pool == 0 {
		o.Pool = defaultPool
	}
	if o.Blocks == 0 {
		o.Blocks = defaultBlocks
	}
	if o.Refresh == 0 {
		o.Refresh = defaultRefresh
	}
	if o.UniformEnd == 0 {
		o.UniformEnd = 0.25
	}
	if o.SigmaEnd == 0 {
		o.SigmaEnd = nearSigma
	}
	if o.ImportancePower == 0 {
		o.ImportancePower = 1
	}
	if o.NearSigma == 0 {
		o.NearSigma = DefaultNearSigma
	}
	if o.SurfaceWeight == 0 {
		o.SurfaceWeight = 1
	}
	o.Threads = parallel.Count(o.Threads)
	return o
}

// Dim is 3.
func (t *SDFTask) Dim() int { return 3 }

// Channels is 1.
func (t *SDFTask) Channels() int { return 1 }

// Loss is MAPE. With Importance set it also records each row's term for
// the next Sample.
func (t *SDFTask) Loss(dpred, pred, target []float32, total int) float64 {
	if t.imp != nil {
		t.imp.record(t.b.Target, pred, target)
	}
	if w := float32(t.opt.SurfaceWeight); w != 1 {
		return weightedMAPE(dpred, pred, target, total, w)
	}
	return MAPE(dpred, pred, target, total)
}

// Close stops the background refresh and waits for it. The task keeps
// sampling from its current pool afterwards.
func (t *SDFTask) Close() {
	t.stop.Store(true)
	if t.pending != nil {
		<-t.pending
		t.pending = nil
	}
}

// Sample returns step's batch: Batch/2 surface points, 3·Batch/8 from the
// near-surface pool and the rest from the uniform pool (with Shift set,
// the near and uniform counts follow the schedule), after swapping in the
// refresh due at this step.
func (t *SDFTask) Sample(step int, rng *rand.Rand) *Batch {
	if t.imp != nil {
		t.imp.fold()
	}
	if r := t.opt.Refresh; r > 0 && step > 0 && step%r == 0 && t.pending != nil && !t.stop.Load() {
		<-t.pending
		t.install(t.gen, &t.next)
		t.gen++
		t.startNext()
	}
	n := t.Batch
	nS, nN := n/2, 3*n/8
	if t.opt.Shift > 0 {
		u := lerpShift(0.25, t.opt.UniformEnd, step, t.opt.Shift)
		nN = n - nS - int(math.Round(u*float64(n-nS)))
	}
	b := &t.b
	b.X = grow(b.X, 3*n)
	b.Target = grow(b.Target, n)
	nF := nS // fresh surface points
	if t.base != nil {
		nF = nS - int(math.Round(t.opt.SurfaceImportance*float64(nS)))
	}
	t.surface.Sample(t.pts[:nF], nil, rng)
	for i, p := range t.pts[:nF] {
		b.X[3*i], b.X[3*i+1], b.X[3*i+2] = float32(p[0]), float32(p[1]), float32(p[2])
		b.Target[i] = 0
	}
	for i := nF; i < nS; i++ {
		j := t.imp.tree.draw(rng)
		copy(b.X[3*i:3*i+3], t.base[3*j:3*j+3])
		b.Target[i] = 0
	}
	draw := func(lo, hi int, xyz, gt []float32) {
		for i := lo; i < hi; i++ {
			j := rng.IntN(len(gt))
			copy(b.X[3*i:3*i+3], xyz[3*j:3*j+3])
			b.Target[i] = gt[j]
		}
	}
	if im := t.imp; im != nil {
		nI := int(math.Round(t.opt.Importance * float64(nN)))
		for i := nS; i < nS+nN; i++ {
			var j int
			if i < nS+nI {
				j = im.tree.draw(rng)
			} else {
				j = rng.IntN(len(t.nearGT))
			}
			copy(b.X[3*i:3*i+3], t.near[3*j:3*j+3])
			b.Target[i] = t.nearGT[j]
			im.drawn[i] = int32(j)
		}
	} else {
		draw(nS, nS+nN, t.near, t.nearGT)
	}
	draw(nS+nN, n, t.uni, t.uniGT)
	return b
}

// startNext computes generation t.gen into t.next in the background.
func (t *SDFTask) startNext() {
	done := make(chan struct{})
	t.pending = done
	g := t.gen
	go func() {
		defer close(done)
		t.generate(g, &t.next, 1)
	}()
}

// queryChunk is how many ground-truth queries generate runs between checks
// of the stop flag: large enough for SignedBatch's Morton ordering to pay
// (see docs/DECISIONS.md, "Exact signed distances: lattice sizes and query
// chunks"), small enough that Close returns promptly.
const queryChunk = 1 << 14

// generate fills blk with generation g's samples and their exact signed
// distances, using threads goroutines for the queries. It returns early,
// leaving blk partly filled, once Close was called.
func (t *SDFTask) generate(g int, blk *poolBlock, threads int) {
	rng := rand.New(rand.NewPCG(t.seed, sdfStream+uint64(g)))
	xyz := blk.xyz
	var p [1][3]float64
	sigma := nearSigma
	if g >= t.opt.Blocks {
		sigma = t.opt.NearSigma
	}
	if t.opt.Shift > 0 {
		// Generation g is installed before step (g − Blocks + 1)·Refresh.
		sigma = lerpShift(nearSigma, t.opt.SigmaEnd, max(g-t.opt.Blocks+1, 0)*max(t.opt.Refresh, 0), t.opt.Shift)
	}
	for i := range t.nearPer {
		t.surface.Sample(p[:], nil, rng)
		if blk.base != nil {
			for a := range 3 {
				blk.base[3*i+a] = float32(p[0][a])
			}
		}
		for a := range 3 {
			xyz[3*i+a] = float32(p[0][a] + sigma*rng.NormFloat64())
		}
	}
	for i := 3 * t.nearPer; i < len(xyz); i++ {
		xyz[i] = float32(2*rng.Float64() - 1)
	}
	for lo := 0; lo < len(blk.gt); lo += queryChunk {
		if t.stop.Load() {
			return
		}
		hi := min(lo+queryChunk, len(blk.gt))
		t.tree.SignedBatch(blk.gt[lo:hi], xyz[3*lo:3*hi], threads)
	}
}

// nearSigma is the paper's standard deviation of the near-surface noise,
// that of the initial pool.
const nearSigma = 0.01

// DefaultNearSigma is the near-surface σ of the pool blocks swapped in by
// refreshes (SDFTaskOptions.NearSigma). Deviation (docs/METHOD.md §6): a
// third of the paper's 0.01 fitted the Armadillo better at equal steps on
// two seeds, by 0.1° of METHOD's NAE (see docs/DECISIONS.md, "SDF
// sampling: the narrow near-surface σ becomes the default").
const DefaultNearSigma = 0.0033

// lerpShift goes linearly from a at step 0 to b at step shift > 0, and is b
// after.
func lerpShift(a, b float64, step, shift int) float64 {
	f := min(float64(step)/float64(shift), 1)
	return a + (b-a)*f
}

// install copies blk into pool block g mod Blocks.
func (t *SDFTask) install(g int, blk *poolBlock) {
	k := g % t.opt.Blocks
	nn, nu := t.nearPer, t.uniPer
	copy(t.near[3*k*nn:3*(k+1)*nn], blk.xyz[:3*nn])
	if t.base != nil {
		copy(t.base[3*k*nn:3*(k+1)*nn], blk.base)
	}
	copy(t.nearGT[k*nn:(k+1)*nn], blk.gt[:nn])
	if t.imp != nil {
		t.imp.reset(k*nn, (k+1)*nn)
	}
	copy(t.uni[3*k*nu:3*(k+1)*nu], blk.xyz[3*nn:])
	copy(t.uniGT[k*nu:(k+1)*nu], blk.gt[nn:])
}
