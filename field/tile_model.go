package field

import (
	"fmt"
	"sync"

	"github.com/neurbf/neurbf/nn"
)

// Tiling describes how a merged model's tiles make one field: the grid
// they were cut by, the image they were fitted to, and each tile's own
// config and training record. It is the "tiling" object of a multi-tile
// snapshot's header (docs/SNAPSHOT.md).
type Tiling struct {
	Grid TileGrid `json:"grid"`
	// ImageSHA256 is the hex SHA-256 of the image file's bytes every tile
	// was fitted to.
	ImageSHA256 string       `json:"image_sha256"`
	Tiles       []TileRecord `json:"tiles"`
}

// TileRecord is one tile of a merged model: its index, the config of its
// model (fitted to its region as an image of its own) and how it was
// trained.
type TileRecord struct {
	Index      int         `json:"index"`
	Config     Config      `json:"config"`
	Steps      int         `json:"steps"`
	Seconds    float64     `json:"seconds"`
	Provenance *Provenance `json:"provenance,omitempty"`
}

// TileOf is what a tile's own snapshot (one tile, before merging) records
// about its place: the "tile" object of its header. Its config describes
// the tile's region as an image of its own.
type TileOf struct {
	Index       int      `json:"index"`
	Grid        TileGrid `json:"grid"`
	ImageSHA256 string   `json:"image_sha256"`
	// Params is the tile's share of the whole image's budget.
	Params int `json:"params"`
}

// tiled is what a merged model holds instead of an encoder and decoder.
type tiled struct {
	info    Tiling
	models  []*Model
	regions []Rect
	pool    sync.Pool // *tiledWorker
}

// Tiling returns the tiling of a merged model, or nil for a model of one
// piece. The caller must not change it.
func (m *Model) Tiling() *Tiling {
	if m.tiles == nil {
		return nil
	}
	return &m.tiles.info
}

// TileModels returns a merged model's tiles, each a model of its region's
// pixels in its own coordinates (nil for a model of one piece).
func (m *Model) TileModels() []*Model {
	if m.tiles == nil {
		return nil
	}
	return m.tiles.models
}

// Merge makes one model of the fitted tiles of an image: tiles[i] is tile
// i of info.Grid, fitted to its region, and info.Tiles holds their
// records (whose configs Merge fills in). The merged model's Config
// describes the whole image, its Params and RBFs summed over the tiles;
// it evaluates the field at a point by blending the tiles that cover it
// (TileGrid). Its Encoder has no parts: the tiles' encoders are their own.
func Merge(info Tiling, tiles []*Model) (*Model, error) {
	g := info.Grid
	if err := g.Check(); err != nil {
		return nil, err
	}
	if len(tiles) != g.Count() || len(info.Tiles) != g.Count() {
		return nil, fmt.Errorf("a %s grid has %d tiles, got %d models and %d records", g, g.Count(), len(tiles), len(info.Tiles))
	}
	t := &tiled{info: info, models: tiles}
	t.info.Tiles = append([]TileRecord(nil), info.Tiles...)
	cfg := tiles[0].Config
	cfg.Width, cfg.Height = g.Width, g.Height
	cfg.Params, cfg.RBFs = 0, 0
	for i, tm := range tiles {
		r := g.Region(i)
		tc := tm.Config
		switch {
		case tm.tiles != nil:
			return nil, fmt.Errorf("tile %d is itself a merged model", i)
		case tc.Task != TaskImage || tc.Width != r.W || tc.Height != r.H:
			return nil, fmt.Errorf("tile %d is a %s model of %d×%d, its region of the %s grid is %d×%d", i, tc.Task, tc.Width, tc.Height, g, r.W, r.H)
		case tc.Channels != cfg.Channels:
			return nil, fmt.Errorf("tile %d has %d channel(s), tile 0 has %d", i, tc.Channels, cfg.Channels)
		case info.Tiles[i].Index != i:
			return nil, fmt.Errorf("tile record %d has index %d", i, info.Tiles[i].Index)
		}
		t.info.Tiles[i].Config = tc
		t.regions = append(t.regions, r)
		cfg.Params += tc.Params
		cfg.RBFs += tc.RBFs
	}
	return &Model{Config: cfg, Encoder: &Hybrid{bias: nn.NewParam("bias", "bias", 0)}, tiles: t}, nil
}

// tileList is the points of one chunk that one tile weighs on.
type tileList struct {
	idx []int32   // the points' positions in the chunk
	w   []float32 // the tile's weight at each
	dw  []float32 // its gradient (d/dx, d/dy) at each, for EvalGrad
	x   []float32 // the points in the tile's coordinates
	v   []float32 // the tile's values there
	g   []float32 // its gradients there, for EvalGrad
}

// tiledWorker is a merged model's evaluation scratch for one goroutine.
type tiledWorker struct{ lists []tileList }

// route sorts the n points of x (image coordinates in [-1, 1]) into the
// lists of the tiles weighing on them, in those tiles' coordinates.
// With grads it also records each weight's gradient.
func (t *tiled) route(w *tiledWorker, x []float32, grads bool) {
	g := t.info.Grid
	for k := range w.lists {
		l := &w.lists[k]
		l.idx, l.w, l.dw, l.x = l.idx[:0], l.w[:0], l.dw[:0], l.x[:0]
	}
	W, H := float64(g.Width), float64(g.Height)
	var ax, ay [2]axisWeight
	for i := range len(x) / 2 {
		px, py := (float64(x[2*i])+1)/2*W, (float64(x[2*i+1])+1)/2*H
		nx := axisWeights(px, g.Cols, g.Width, g.Overlap, &ax)
		ny := axisWeights(py, g.Rows, g.Height, g.Overlap, &ay)
		for _, wy := range ay[:ny] {
			for _, wx := range ax[:nx] {
				wt := wx.w * wy.w
				if wt == 0 {
					continue
				}
				k := wy.cell*g.Cols + wx.cell
				r := t.regions[k]
				l := &w.lists[k]
				l.idx = append(l.idx, int32(i))
				l.w = append(l.w, float32(wt))
				l.x = append(l.x, float32(2*(px-float64(r.X))/float64(r.W)-1), float32(2*(py-float64(r.Y))/float64(r.H)-1))
				if grads {
					// d(weight)/d(image coordinate) = d/dp · dp/dx, dp/dx = W/2.
					l.dw = append(l.dw, float32(wx.dw*wy.w*W/2), float32(wx.w*wy.dw*H/2))
				}
			}
		}
	}
}

// worker returns a worker from the pool, or a new one.
func (t *tiled) worker() *tiledWorker {
	w, _ := t.pool.Get().(*tiledWorker)
	if w == nil {
		w = &tiledWorker{lists: make([]tileList, len(t.models))}
	}
	return w
}

// eval is Model.Eval of a merged model: each point's value is the
// weighted sum of the values of the tiles weighing on it.
func (t *tiled) eval(out, x []float32, ch int) {
	w := t.worker()
	n := len(x) / 2
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		o := out[lo*ch : hi*ch]
		clear(o)
		t.route(w, x[2*lo:2*hi], false)
		for k := range w.lists {
			l := &w.lists[k]
			if len(l.idx) == 0 {
				continue
			}
			l.v = grow(l.v, len(l.idx)*ch)
			t.models[k].Eval(l.v, l.x)
			for j, p := range l.idx {
				for c := range ch {
					o[int(p)*ch+c] += l.w[j] * l.v[j*ch+c]
				}
			}
		}
	}
	t.pool.Put(w)
}

// evalGrad is Model.EvalGrad of a merged one-channel model: the value as
// eval, and its gradient by the product rule, Σ w·∇v + v·∇w, with each
// tile's gradient taken back from its coordinates to the image's.
func (t *tiled) evalGrad(out, grad, x []float32) {
	w := t.worker()
	n := len(x) / 2
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		o, gr := out[lo:hi], grad[2*lo:2*hi]
		clear(o)
		clear(gr)
		t.route(w, x[2*lo:2*hi], true)
		for k := range w.lists {
			l := &w.lists[k]
			if len(l.idx) == 0 {
				continue
			}
			l.v = grow(l.v, len(l.idx))
			l.g = grow(l.g, 2*len(l.idx))
			t.models[k].EvalGrad(l.v, l.g, l.x)
			r := t.regions[k]
			// The tile's coordinate is 2(p−X)/w − 1 with p = (x+1)W/2.
			sx := float32(t.info.Grid.Width) / float32(r.W)
			sy := float32(t.info.Grid.Height) / float32(r.H)
			for j, p := range l.idx {
				v := l.v[j]
				o[p] += l.w[j] * v
				gr[2*p] += l.w[j]*l.g[2*j]*sx + v*l.dw[2*j]
				gr[2*p+1] += l.w[j]*l.g[2*j+1]*sy + v*l.dw[2*j+1]
			}
		}
	}
	t.pool.Put(w)
}

// params lists every tile's parameters, tile by tile.
func (t *tiled) params() []*nn.Param {
	var ps []*nn.Param
	for _, m := range t.models {
		ps = append(ps, m.Params()...)
	}
	return ps
}

// frozen is the number of frozen values over the tiles.
func (t *tiled) frozen() int {
	n := 0
	for _, m := range t.models {
		n += m.FrozenValues()
	}
	return n
}

// clone is a deep copy of the tiles, merged again.
func (t *tiled) clone(cfg Config) *Model {
	ms := make([]*Model, len(t.models))
	for i, m := range t.models {
		ms[i] = m.Clone()
	}
	c, err := Merge(t.info, ms)
	if err != nil {
		// The tiles were merged once already.
		panic(fmt.Sprintf("field: cloning a merged model: %v", err))
	}
	c.Config = cfg
	return c
}
