package grid

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/nn"
)

// Encoder is a multi-resolution grid encoder for points of [-1,1]^D, D = 2
// or 3. Its methods are safe for concurrent use; the per-goroutine state of
// a forward/backward pass lives in a worker (NewWorker).
type Encoder struct {
	dim    int
	cfg    Config
	levels []level
	params []*nn.Param
}

// level is one resolution of the grid.
type level struct {
	res    int     // vertices per axis
	scale  float32 // (res-1)/2: lattice units per unit of x
	rows   int     // table rows: res^dim when dense, 2^Log2Table when hashed
	hashed bool
	smooth bool // Config.Interp is InterpSmooth
}

// weight returns the weight a of the far corner along an axis at fraction
// t of the cell (the near corner's is 1 − a) and its derivative da/dt.
func (lv *level) weight(t float32) (a, da float32) {
	if lv.smooth {
		return t * t * (3 - 2*t), 6 * t * (1 - t)
	}
	return t, 1
}

// Level describes one level of an Encoder.
type Level struct {
	// Res is the number of vertices per axis.
	Res int
	// Rows is the number of table rows (feature vectors) of the level.
	Rows int
	// Hashed tells whether vertices are hashed into the table (true) or
	// stored densely, one row each (false).
	Hashed bool
}

// New returns a grid encoder for dim-dimensional points (dim 2 or 3) shaped
// by cfg (see Config for the defaults applied), with features drawn
// uniformly from [-InitScale, InitScale] using rng.
func New(dim int, cfg Config, rng *rand.Rand) (*Encoder, error) {
	if dim != 2 && dim != 3 {
		return nil, fmt.Errorf("grid: dimension %d not supported, want 2 or 3", dim)
	}
	if rng == nil {
		return nil, fmt.Errorf("grid: nil random source")
	}
	cfg = cfg.filled()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("grid: %w", err)
	}
	e := &Encoder{dim: dim, cfg: cfg}
	for l, r := range cfg.resolutions() {
		lv := level{res: r, scale: float32(r-1) / 2, smooth: cfg.Interp == InterpSmooth}
		lv.rows, lv.hashed = cfg.rows(r, dim)
		p := nn.NewParam(fmt.Sprintf("grid.L%d", l), "grid", lv.rows*cfg.Features)
		for i := range p.Data {
			p.Data[i] = float32((2*rng.Float64() - 1) * cfg.InitScale)
		}
		e.levels = append(e.levels, lv)
		e.params = append(e.params, p)
	}
	return e, nil
}

// InDim returns the dimension of the input points, 2 or 3.
func (e *Encoder) InDim() int { return e.dim }

// OutDim returns the number of features per point, Levels·Features.
func (e *Encoder) OutDim() int { return len(e.levels) * e.cfg.Features }

// Params returns one parameter per level, level 0 first.
func (e *Encoder) Params() []*nn.Param { return e.params }

// Config returns the configuration in use, with its defaults applied.
func (e *Encoder) Config() Config { return e.cfg }

// Levels describes the levels, coarsest first.
func (e *Encoder) Levels() []Level {
	ls := make([]Level, len(e.levels))
	for i, lv := range e.levels {
		ls[i] = Level{Res: lv.res, Rows: lv.rows, Hashed: lv.hashed}
	}
	return ls
}
