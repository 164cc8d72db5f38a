package field

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/nn"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/rbf"
)

// Model is a neural field: a hybrid encoder and the NeuRBF decoder.
type Model struct {
	Config  Config
	Encoder *Hybrid

	decoder  *nn.MLP
	pool     sync.Pool // *evalWorker
	gradPool sync.Pool // *gradWorker
	// tiles is set for a merged model (Merge): it then evaluates its tiles
	// and has no decoder, and its Encoder has no parts.
	tiles *tiled
}

// evalWorker is inference scratch for one goroutine.
type evalWorker struct {
	enc nn.EncoderWorker
	dec *nn.MLPWorker
	z   []float32
}

// evalChunk is the number of points Eval pushes through the model at once.
const evalChunk = 1024

// Params lists the trainable parameters: the encoder's, then the decoder's.
func (m *Model) Params() []*nn.Param {
	if m.tiles != nil {
		return m.tiles.params()
	}
	return append(m.Encoder.Params(), m.decoder.Params()...)
}

// TrainableParams is the number of trainable values.
func (m *Model) TrainableParams() int { return nn.Count(m.Params()) }

// FrozenValues is the number of stored values that are not trained (the
// RBF centres and shapes, unless they are trained).
func (m *Model) FrozenValues() int {
	if m.tiles != nil {
		return m.tiles.frozen()
	}
	return nn.Count(m.Encoder.State())
}

// GroupCount is the number of trainable values in one optimiser group.
type GroupCount struct {
	Group string
	Count int
}

// GroupCounts lists the trainable values per optimiser group, in the order
// the groups first appear.
func (m *Model) GroupCounts() []GroupCount {
	var gs []GroupCount
	for _, p := range m.Params() {
		i := slices.IndexFunc(gs, func(g GroupCount) bool { return g.Group == p.Group })
		if i < 0 {
			gs = append(gs, GroupCount{Group: p.Group})
			i = len(gs) - 1
		}
		gs[i].Count += len(p.Data)
	}
	return gs
}

// Eval evaluates the field at the n = len(x)/Dim points of x into out
// (n×Channels), destination first. It is safe for concurrent use, and a point's value does not
// depend on the other points: render.ImageFunc can be m.Eval. A merged
// model (Merge) blends the values of the tiles covering each point.
func (m *Model) Eval(out, x []float32) {
	if m.tiles != nil {
		m.tiles.eval(out, x, m.Config.Channels)
		return
	}
	w, _ := m.pool.Get().(*evalWorker)
	if w == nil {
		w = &evalWorker{enc: m.Encoder.NewWorker(), dec: m.decoder.NewWorker()}
	}
	dim, ch, width := m.Encoder.InDim(), m.Config.Channels, m.Encoder.OutDim()
	n := len(x) / dim
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		w.z = grow(w.z, (hi-lo)*width)
		w.enc.Forward(w.z, width, 0, x[lo*dim:hi*dim], nil)
		w.dec.Infer(out[lo*ch:hi*ch], w.z, hi-lo)
	}
	m.pool.Put(w)
}

// NewImageModel initialises a model for fitting img: the grid and the
// decoder at random (docs/METHOD.md §2), the RBF centres by weighted K-means of the
// pixel centres with Sobel-magnitude weights, their shapes from the
// clusters, and as many RBFs as the parameter budget pays for.
func NewImageModel(cfg Config, img *pixels.Image) (*Model, error) {
	cfg.Task = TaskImage
	cfg.Width, cfg.Height, cfg.Channels = img.W, img.H, img.C
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	init := func(rc rbf.Config, n int, rng *rand.Rand) (*rbf.Encoder, error) {
		return rbf.InitImage(rc, n, PixelCenters(img.W, img.H), pixels.SobelMagnitude(img), img.W, img.H, rng)
	}
	return build(cfg, init)
}

// rbfMaker makes the RBF encoder of n RBFs, from data or from a snapshot.
type rbfMaker func(cfg rbf.Config, n int, rng *rand.Rand) (*rbf.Encoder, error)

// build assembles a model from a resolved config. The random stream is
// consumed in a fixed order (grid, decoder, bias, RBFs), so a seed gives
// the same model every time.
func build(cfg Config, makeRBF rbfMaker) (*Model, error) {
	rng := rand.New(rand.NewPCG(cfg.Train.Seed, 0x6669656c64))
	dim := cfg.dim()
	var parts []Encoder
	width := 0
	if cfg.Encoder != EncoderRBF {
		g, err := grid.New(dim, cfg.Grid, rng)
		if err != nil {
			return nil, fmt.Errorf("grid: %w", err)
		}
		parts = append(parts, g)
		width += g.OutDim()
	}
	useRBF := cfg.Encoder != EncoderGrid
	if useRBF {
		width += cfg.RBF.Features
	}
	dec, err := nn.NewMLP(nn.MLPConfig{
		In: width, Hidden: cfg.MLP.Hidden, Out: cfg.Channels,
		Freqs: nn.LogSpace(cfg.MLP.FreqMin, cfg.MLP.FreqMax, cfg.MLP.Hidden),
	}, rng)
	if err != nil {
		return nil, err
	}
	bias := nn.NewParam("bias", "bias", width)
	for i := range bias.Data {
		bias.Data[i] = float32((2*rng.Float64() - 1) * biasInitScale)
	}
	if useRBF {
		other := nn.Count(dec.Params()) + width
		for _, p := range parts {
			other += nn.Count(p.Params())
		}
		if cfg.RBFs == 0 {
			// Params counts trainable values only, for every task
			// (docs/METHOD.md §2 and §6): frozen centres and shapes are not
			// charged to the budget.
			cfg.RBFs = rbf.CountForTrainable(cfg.Params, other, dim, cfg.RBF.Features, cfg.RBF.Kernel, cfg.RBF.TrainShapes)
			if cfg.Task == TaskImage {
				// More RBFs than a quarter of the pixels cannot be placed by
				// K-means sensibly; only tiny images reach this cap.
				cfg.RBFs = min(cfg.RBFs, cfg.Width*cfg.Height/4)
			}
		}
		if cfg.RBFs <= 0 {
			return nil, fmt.Errorf("a budget of %d parameters leaves nothing for RBFs: the grid, decoder and bias take %d", cfg.Params, other)
		}
		r, err := makeRBF(cfg.RBF, cfg.RBFs, rng)
		if err != nil {
			return nil, fmt.Errorf("rbf: %w", err)
		}
		parts = append(parts, r)
	}
	h, err := newHybrid(parts, bias)
	if err != nil {
		return nil, err
	}
	return &Model{Config: cfg, Encoder: h, decoder: dec}, nil
}

// biasInitScale is the half-width of the bias's uniform initialisation
// (docs/METHOD.md §2: features, grid embeddings and b in ±1e-4).
const biasInitScale = 1e-4
