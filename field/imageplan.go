package field

import (
	"fmt"
	"strings"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/pixels"
)

// How an image fit finds each sample's RBF neighbours, fastest first.
const (
	// NeighboursCacheSines keeps, per pixel, the K neighbours, their
	// normalised kernel values and the K×F sines of the feature
	// composition: a step is a gather.
	NeighboursCacheSines = "cached with sines"
	// NeighboursCache keeps the neighbours and kernel values per pixel and
	// computes the sines per batch.
	NeighboursCache = "cached"
	// NeighboursOnTheFly keeps nothing per pixel: each batch's neighbours
	// are found in the RBF index.
	NeighboursOnTheFly = "found on the fly"
	// NeighboursNone is the plan of a model without RBFs (the grid-only
	// ablation): there are no neighbours to find.
	NeighboursNone = "none (no RBFs)"
)

// MemoryPart is one item of a memory plan.
type MemoryPart struct {
	Name  string
	Bytes int64
}

// MemoryPlan is how a fit of an image will use memory, decided from the
// file's header and the config before anything big is allocated.
type MemoryPlan struct {
	// Neighbours is one of the Neighbours… plans.
	Neighbours string
	// Config is the resolved config the plan was made for; its
	// RBF.MaxCacheBytes admits exactly the planned cache.
	Config Config
	// Parts lists what the peak is made of.
	Parts []MemoryPart
	// Peak is the planned largest use; Limit what it had to fit under.
	Peak, Limit int64
	// Reduced is true when the default budget was lowered to fit.
	Reduced bool
	// KMeansSample is how many pixels the K-means of the RBF
	// initialisation runs on: every pixel when that fits under the peak
	// and training will visit each pixel at least once on average (a
	// sample of all the pixels shapes the RBFs better; docs/DECISIONS.md,
	// "The K-means sample: every pixel when it costs no memory"), else
	// imageKMeansPerRBF pixels an RBF, so that a gigapixel's set-up follows
	// its RBF count.
	KMeansSample int64
}

// NewModel initialises the model the plan was made for, on img (whose
// size must be the planned one), with the planned K-means sample.
func (p MemoryPlan) NewModel(img *pixels.Raster) (*Model, error) {
	if img.W != p.Config.Width || img.H != p.Config.Height {
		return nil, fmt.Errorf("a plan for %d×%d pixels given a %d×%d image", p.Config.Width, p.Config.Height, img.W, img.H)
	}
	return newRasterModel(p.Config, img, p.KMeansSample)
}

// Cached reports whether the plan keeps per-pixel neighbours, i.e. whether
// the encoder is to be fixed on the pixel centres and batches carry
// indices.
func (p MemoryPlan) Cached() bool {
	return p.Neighbours != NeighboursOnTheFly && p.Neighbours != NeighboursNone
}

// String is the plan in one line.
func (p MemoryPlan) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "memory plan: %d trainable parameters", p.Config.Params)
	if p.Reduced {
		b.WriteString(" (default budget lowered to fit)")
	}
	fmt.Fprintf(&b, ", neighbours %s; peak %s of %s allowed (", p.Neighbours, pixels.FormatBytes(p.Peak), pixels.FormatBytes(p.Limit))
	for i, part := range p.Parts {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %s", part.Name, pixels.FormatBytes(part.Bytes))
	}
	b.WriteString(")")
	return b.String()
}

// cacheVisits is how many times training must visit each pixel, on
// average, for a per-pixel neighbour cache to be planned: building it
// costs about one forward pass per pixel, so fewer visits do not repay it.
const cacheVisits = 8

// Estimates behind a plan, in bytes. They are upper estimates of what the
// code allocates (TestMemoryPlanMatchesHeap measures them).
const (
	// planPerParam: value, gradient and Adam's two moments.
	planPerParam = 16
	// planPerRBF: frozen centre and shape, and the index's share.
	planPerRBF = 96
	// planPerRBFInit: what initialising one RBF holds at once: K-means'
	// per-centre sums, seeds and index, the shape moments, and the
	// encoder's own copy.
	planPerRBFInit = 256
	// planPerKMeansSample: coordinates, weight and assignment of one
	// K-means sample (planPerKMeansScaled more when the image is not
	// square: the coordinates scaled to its aspect are a copy).
	planPerKMeansSample, planPerKMeansScaled = 16, 8
	// planPerThread: one goroutine's encoder and decoder scratch for a
	// chunk of samples.
	planPerThread = 16 << 20
	// planRuntime: the Go runtime, code, and small allocations.
	planRuntime = 256 << 20
	// planPreviewSide bounds the side of the outputs' preview pictures.
	planPreviewSide = 4096
	// planBandPixels bounds a band of rows rendered at once for the
	// outputs of a big image, and planTileSide is its pyramid's tile side.
	planBandPixels, planTileSide = 4 << 20, 256
)

// PlanImage plans the fit of the picture described by h (whose file has
// fileSize bytes) with cfg, threads goroutines (0: all CPUs) and at most
// limit bytes: the fastest neighbour plan that fits. A per-pixel cache
// costs a neighbour search at every pixel before training starts, which
// pays only when training visits each pixel a few times: the cached plans
// are considered only when samples, the number of training samples the
// run expects (0: unknown), is at least cacheVisits times the pixel count. A zero cfg.Params means the
// default budget, which is lowered as far as needed for the leanest plan
// to fit; an explicit budget that cannot fit is refused, naming the
// largest that would. It fails, with one line, only when even the leanest
// plan at the smallest model cannot fit.
func PlanImage(cfg Config, h pixels.Header, fileSize int64, threads int, limit, samples int64) (MemoryPlan, error) {
	threads = parallel.Count(threads)
	cfg.Task = TaskImage
	cfg.Width, cfg.Height, cfg.Channels = h.W, h.H, h.C
	explicit := cfg.Params != 0
	base := cfg
	rc, err := cfg.Resolve()
	if err != nil {
		return MemoryPlan{}, err
	}
	if explicit && rc.Encoder != EncoderGrid && rc.RBFs <= 0 {
		return MemoryPlan{}, fmt.Errorf("a budget of %d parameters leaves nothing for RBFs: the grid, decoder and bias take more", rc.Params)
	}
	plans := []string{NeighboursCacheSines, NeighboursCache, NeighboursOnTheFly}
	if samples > 0 && samples < cacheVisits*int64(h.W)*int64(h.H) || rc.Encoder == EncoderGrid {
		plans = plans[2:] // for the grid, planFor names it NeighboursNone
	}
	for _, nb := range plans {
		p := planFor(rc, h, fileSize, threads, nb, samples)
		if p.Peak <= limit {
			p.Limit = limit
			return p, nil
		}
	}
	lean := planFor(rc, h, fileSize, threads, NeighboursOnTheFly, samples)
	// The largest budget whose leanest plan fits, by bisection.
	fits := func(params int) (MemoryPlan, bool) {
		c := base
		c.Params = params
		r, err := c.Resolve()
		if err != nil || r.RBFs <= 0 && r.Encoder != EncoderGrid {
			return MemoryPlan{}, false
		}
		p := planFor(r, h, fileSize, threads, NeighboursOnTheFly, samples)
		return p, p.Peak <= limit
	}
	lo, hi := minImageBudget, rc.Params
	best, ok := fits(lo)
	if !ok {
		return MemoryPlan{}, fmt.Errorf("a %d×%d image needs at least %s even with the smallest model and neighbours found on the fly (the pixels alone take %s), more than the %s allowed",
			h.W, h.H, pixels.FormatBytes(max(best.Peak, h.RasterBytes())), pixels.FormatBytes(h.RasterBytes()), pixels.FormatBytes(limit))
	}
	for hi-lo > max(lo/100, 1) {
		mid := lo + (hi-lo)/2
		if p, ok := fits(mid); ok {
			lo, best = mid, p
		} else {
			hi = mid
		}
	}
	if explicit {
		return MemoryPlan{}, fmt.Errorf("%d trainable parameters need %s with neighbours found on the fly, more than the %s allowed; at most about %d fit",
			rc.Params, pixels.FormatBytes(lean.Peak), pixels.FormatBytes(limit), lo)
	}
	best.Limit, best.Reduced = limit, true
	return best, nil
}

// planFor computes the parts and peak of one neighbour plan for a resolved
// config. The peak is the largest of three phases: loading (pixels and
// decoding), initialisation (pixels, parameter values, the RBFs' transient
// state, the K-means sample) and training with its outputs (pixels, model,
// optimiser, gradient shards, neighbour cache, scratch, previews). samples
// is the number of training samples the run expects (0: unknown), which
// decides the K-means sample (MemoryPlan.KMeansSample).
func planFor(c Config, h pixels.Header, fileSize int64, threads int, nb string, samples int64) MemoryPlan {
	if c.Encoder == EncoderGrid {
		nb = NeighboursNone
	}
	n := int64(h.W) * int64(h.H)
	k, f := int64(c.RBF.K), int64(c.RBF.Features)
	trainable := int64(c.paramCount())
	batch := int64(c.Train.Batch)
	if batch <= 0 || batch > n {
		batch = n
	}
	model := trainable*planPerParam + int64(c.RBFs)*planPerRBF
	shards := trainable * 4 * int64(shardsFor(int(batch)))
	var cache int64
	switch nb {
	case NeighboursCacheSines:
		cache = n*(k*12+8) + n*k*f*4
	case NeighboursCache:
		cache = n * (k*12 + 8)
	}

	if cache > 0 {
		cache += n * 8 // the pixel centres Fix reads, held while it runs
		c.RBF.MaxCacheBytes = cache
	}
	if nb == NeighboursCache {
		c.RBF.MaxCacheBytes = n*(k*12+8) + n*8 // the sines must not fit
	}
	if batch == n { // full batches hold every centre and target
		cache += n * (8 + int64(h.C)*4 + 4)
	}
	scratch := int64(min(threads, gradShards))*planPerThread + batch*int64(2+h.C+1)*4
	side := int64(planPreviewSide)
	outPix := min(n, side*side)
	outputs := outPix * (int64(h.C)*4*2 + 4*4)
	if n > outPix { // bands of rows in flight, and a pyramid's pending rows of tiles
		outputs += (planBandPixels + 2*int64(h.W)*planTileSide) * int64(h.C) * 4
	}
	perSample := int64(planPerKMeansSample)
	if h.W != h.H {
		perSample += planPerKMeansScaled
	}
	sample := min(n, int64(imageKMeansPerRBF)*int64(c.RBFs))
	raster := h.RasterBytes()
	load := h.DecodeBytes(fileSize)
	// Initialising holds the parameters' values (not yet their gradients
	// and moments), the RBFs' transient state and the K-means sample.
	initWith := func(sample int64) int64 { return trainable*4 + int64(c.RBFs)*planPerRBFInit + sample*perSample }
	train := model + shards + cache + scratch + outputs
	if sample < n && samples >= n && initWith(n) <= max(load, train) {
		sample = n
	}
	if c.Encoder == EncoderGrid {
		sample = 0
	}
	kmeans, init := sample*perSample, initWith(sample)
	peak := raster + max(load, init, train) + planRuntime
	parts := []MemoryPart{
		{"pixels", raster},
		{"model and Adam", model},
		{"gradient shards", shards},
		{"neighbour cache", cache},
		{"K-means", kmeans},
		{"scratch", scratch},
		{"outputs", outputs},
	}
	if !h.Streams {
		parts = append(parts, MemoryPart{"decoding", load})
	}
	return MemoryPlan{Neighbours: nb, Config: c, Parts: parts, Peak: peak, KMeansSample: sample}
}

// paramCount is the number of trainable values of the model a resolved
// image config builds: grid, decoder, bias and RBF features (and centres
// and shapes when they are trained).
func (c Config) paramCount() int {
	in, total := 0, 0
	if c.Encoder != EncoderRBF {
		in += c.Grid.Levels * c.Grid.Features
		total += c.Grid.ParamCount(2)
	}
	if c.Encoder != EncoderGrid {
		in += c.RBF.Features
		per := c.RBF.Features
		if c.RBF.TrainShapes {
			per += 2 + c.RBF.Kernel.ShapeSize(2)
		}
		total += c.RBFs * per
	}
	return total + c.decoderParams(in) + in
}
