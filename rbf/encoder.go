package rbf

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/neurbf/neurbf/internal/knn"
	"github.com/neurbf/neurbf/nn"
)

// Encoder is the adaptive RBF encoder: N RBFs with centres, shapes and
// F-wide features. It maps points of dimension InDim to OutDim = F
// features.
type Encoder struct {
	cfg   Config // defaults applied, validated
	dim   int
	n     int // number of RBFs
	ss    int // shape values per RBF
	freqs []float64
	scale [3]float64 // per-axis input scale (1 when unset)
	sc32  [3]float32

	w, pos, shape *nn.Param
	index         knn.Index
	// reach2 is the squared distance beyond which every RBF's kernel is
	// exactly zero (+Inf for kernels of unbounded support, or when shapes
	// are trained): neighbours farther away contribute nothing, to the
	// features or to any gradient, so queries need not find them.
	reach2 float32
	fix    *fixCache // nil until Fix
}

// Names of the encoder's tensors in Params and State (snapshot keys).
const (
	FeaturesName = "rbf.w"
	CentersName  = "rbf.pos"
	ShapesName   = "rbf.shape"
)

// New returns an encoder of dimension dim (2 or 3) with the given centres
// (row-major N×dim) and shapes (N×Kernel.ShapeSize(dim)), both in the
// input-scaled frame and copied, and features drawn uniformly in
// ±InitScale from rng (docs/METHOD.md §2). Zero fields of cfg take the
// defaults of the dimension (ImageDefaults in 2-D, SDFDefaults in 3-D).
// It returns an error for an invalid configuration, mismatched lengths,
// fewer RBFs than K, non-finite centres or invalid shapes (a matrix S that
// is not positive definite, a tent parameter that is not positive).
func New(cfg Config, dim int, centres, shapes []float32, rng *rand.Rand) (*Encoder, error) {
	if dim != 2 && dim != 3 {
		return nil, fmt.Errorf("rbf encoder: dimension %d is not 2 or 3", dim)
	}
	cfg = cfg.WithDefaults(defaultsFor(dim))
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("rbf encoder: %w", err)
	}
	if len(cfg.InputScale) != 0 && len(cfg.InputScale) != dim {
		return nil, fmt.Errorf("rbf encoder: %d input scale factors for dimension %d", len(cfg.InputScale), dim)
	}
	if len(centres)%dim != 0 {
		return nil, fmt.Errorf("rbf encoder: %d centre coordinates is not a multiple of the dimension %d", len(centres), dim)
	}
	n, ss := len(centres)/dim, cfg.Kernel.ShapeSize(dim)
	if n < cfg.K {
		return nil, fmt.Errorf("rbf encoder: %d RBFs, fewer than the K = %d neighbours", n, cfg.K)
	}
	if len(shapes) != n*ss {
		return nil, fmt.Errorf("rbf encoder: %d shape values for %d RBFs of kernel %s (want %d)", len(shapes), n, cfg.Kernel, n*ss)
	}
	for i, v := range centres {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("rbf encoder: centre %d has a non-finite coordinate", i/dim)
		}
	}
	for i := 0; i < n; i++ {
		if err := cfg.Kernel.checkShape(shapes[i*ss:i*ss+ss], dim); err != nil {
			return nil, fmt.Errorf("rbf encoder: RBF %d: %w", i, err)
		}
	}
	e := &Encoder{cfg: cfg, dim: dim, n: n, ss: ss,
		w:     nn.NewParam(FeaturesName, "rbf", n*cfg.Features),
		pos:   nn.NewParam(CentersName, "rbf.pos", n*dim),
		shape: nn.NewParam(ShapesName, "rbf.shape", n*ss)}
	copy(e.pos.Data, centres)
	copy(e.shape.Data, shapes)
	for _, m := range nn.LogSpace(cfg.FreqMin, cfg.FreqMax, cfg.Features) {
		e.freqs = append(e.freqs, float64(m))
	}
	for a := range e.scale {
		e.scale[a], e.sc32[a] = 1, 1
		if a < len(cfg.InputScale) {
			e.scale[a], e.sc32[a] = float64(cfg.InputScale[a]), cfg.InputScale[a]
		}
	}
	for i := range e.w.Data {
		e.w.Data[i] = float32(cfg.InitScale * (2*rng.Float64() - 1))
	}
	e.buildIndex()
	return e, nil
}

// InDim is the dimension of the input points.
func (e *Encoder) InDim() int { return e.dim }

// OutDim is the number of features per point, F.
func (e *Encoder) OutDim() int { return e.cfg.Features }

// Len is the number of RBFs.
func (e *Encoder) Len() int { return e.n }

// Config returns the configuration in use, defaults applied.
func (e *Encoder) Config() Config { return e.cfg }

// Frequencies returns the MSC frequencies m.
func (e *Encoder) Frequencies() []float64 { return e.freqs }

// Centers returns the centres (N×InDim, row-major, in the input-scaled
// frame). The slice is the encoder's own storage.
func (e *Encoder) Centers() []float32 { return e.pos.Data }

// Shapes returns the shape values (N×Kernel.ShapeSize(InDim)). The slice
// is the encoder's own storage.
func (e *Encoder) Shapes() []float32 { return e.shape.Data }

// Params lists the trainable parameters: the features "rbf.w" (N×F, group
// "rbf") and, with TrainShapes, the centres "rbf.pos" (group "rbf.pos")
// and shapes "rbf.shape" (group "rbf.shape").
func (e *Encoder) Params() []*nn.Param {
	if e.cfg.TrainShapes {
		return []*nn.Param{e.w, e.pos, e.shape}
	}
	return []*nn.Param{e.w}
}

// State lists the frozen centres and shapes, which a snapshot must keep;
// it is empty when TrainShapes makes them parameters.
func (e *Encoder) State() []*nn.Param {
	if e.cfg.TrainShapes {
		return nil
	}
	return []*nn.Param{e.pos, e.shape}
}

// Reindex rebuilds the neighbour index from the current centres. With
// TrainShapes the index (and any Fix cache) keeps the neighbour structure
// of the centres it was built from until Reindex (and Fix) are called
// again; as centres move little this is a fair approximation, and the
// kernel values always use the current centres. It must not run
// concurrently with workers.
func (e *Encoder) Reindex() { e.buildIndex() }

// buildIndex builds the neighbour index of the current centres and
// shapes: the reach, and in 3-D, where every query searches the index
// (fresh SDF samples), the lattice of candidate lists for the K nearest
// within it (knn.Cells), which answers as the tree does at about twice its
// rate.
func (e *Encoder) buildIndex() {
	e.reach2 = e.reach()
	e.index = knn.New(e.pos.Data, e.dim).WithCells(e.cfg.K, e.reach2, 0)
}

// reach computes reach2: the largest support radius, widened by a relative
// 1e-4 so that float32 rounding of distances never drops a neighbour whose
// kernel is (barely) non-zero.
func (e *Encoder) reach() float32 {
	if e.cfg.TrainShapes {
		return float32(math.Inf(1))
	}
	r2 := 0.0
	for i := 0; i < e.n; i++ {
		r2 = max(r2, e.cfg.Kernel.supportRadius2(e.shape.Data[i*e.ss:(i+1)*e.ss], e.dim))
	}
	return float32(r2 * (1 + 1e-4))
}
