// Package tiles is the geometry and bookkeeping of the viewer's tiled
// image view, without OpenGL or cgo, so that it is tested by a plain
// `go test`: a pyramid of zoom levels cut into square tiles (Pyramid), the
// tiles a view shows and the ones it still needs (Pyramid.Plan), a
// least-recently-used cache of finished tiles under a byte budget (Cache)
// and the queue background workers take tiles from (Queue).
//
// A view of a big image evaluates the field only on the tiles of the
// window, at about one sample per window pixel, and keeps what it
// evaluated, so that panning back costs nothing.
package tiles

import (
	"fmt"
	"math"
	"sort"

	"github.com/neurbf/neurbf/render"
)

// Size is the side of a tile in samples. Small tiles waste few samples
// past the window's edges and keep a worker's unit of work short (a tile
// is four render.MaxBatch calls); larger ones mean fewer textures.
const Size = 128

// MinLevel is the finest level: a sample spans 2^MinLevel image pixels,
// 1/64, so zooming in past 64 window pixels per image pixel magnifies
// the samples instead of evaluating ever more of them.
const MinLevel = -6

// Key names a tile: of layer Layer (what the tile shows; the pyramid
// does not care), at level Level (a sample spans 2^Level image pixels
// along each axis), in column I and row J of that level's tiles.
type Key struct {
	Layer       int8
	Level, I, J int
}

// String returns the key as layer/level/column,row.
func (k Key) String() string { return fmt.Sprintf("%d/%d/%d,%d", k.Layer, k.Level, k.I, k.J) }

// Rect is a rectangle in image pixels: x from X0 to X1, y from Y0 (top)
// to Y1, the image being [0, W]×[0, H].
type Rect struct{ X0, Y0, X1, Y1 float64 }

// Pyramid is the tile geometry of a W×H image. Level k samples the image
// every 2^k pixels: its sample (a, b) is the point (a+0.5, b+0.5)·2^k in
// pixels, the centre of a 2^k×2^k block for k ≥ 0, so level 0's samples
// are the image's pixel centres and level k's are those of
// `neurbf render --scale 2^−k` (render.PixelWindow's rasters). Levels run
// from MinLevel to Max, the first whose one tile holds the whole image.
type Pyramid struct {
	W, H int
	Max  int
}

// NewPyramid returns the pyramid of a w×h image; both must be positive.
func NewPyramid(w, h int) (Pyramid, error) {
	if w <= 0 || h <= 0 {
		return Pyramid{}, fmt.Errorf("tiles: image of %d×%d pixels", w, h)
	}
	p := Pyramid{W: w, H: h}
	for float64(Size)*p.step(p.Max) < float64(max(w, h)) {
		p.Max++
	}
	return p, nil
}

// step returns 2^k, the image pixels per sample at level k.
func (p Pyramid) step(k int) float64 { return math.Ldexp(1, k) }

// LevelFor returns the level whose samples are nearest in size to the
// pixels of a view at zoom window pixels per image pixel: 2^k closest to
// 1/zoom in ratio, so that a view evaluates between half and twice as
// many samples as it has pixels (before the tiles' overhang), clamped to
// [MinLevel, Max].
func (p Pyramid) LevelFor(zoom float64) int {
	if !(zoom > 0) {
		return p.Max
	}
	k := int(math.Round(-math.Log2(zoom)))
	return min(max(k, MinLevel), p.Max)
}

// Tiles returns the number of columns and rows of tiles at level k.
func (p Pyramid) Tiles(k int) (nx, ny int) {
	s := float64(Size) * p.step(k)
	return int(math.Ceil(float64(p.W) / s)), int(math.Ceil(float64(p.H) / s))
}

// Samples returns the size in samples of tile key: Size×Size, or less at
// the right and bottom edges, where the last sample is the first whose
// block reaches the image's edge.
func (p Pyramid) Samples(key Key) (w, h int) {
	s := p.step(key.Level)
	side := func(n, i int) int {
		left := float64(n) - float64(i)*Size*s // image pixels from the tile's start to the edge
		return max(0, min(Size, int(math.Ceil(left/s))))
	}
	return side(p.W, key.I), side(p.H, key.J)
}

// Bounds returns the rectangle of image pixels a tile's samples cover (the
// union of their blocks; at the right and bottom edges it may reach past
// the image by less than a sample).
func (p Pyramid) Bounds(key Key) Rect {
	s := p.step(key.Level)
	w, h := p.Samples(key)
	x0, y0 := float64(key.I)*Size*s, float64(key.J)*Size*s
	return Rect{x0, y0, x0 + float64(w)*s, y0 + float64(h)*s}
}

// Region returns the region of the plane (pixels.PixelCenter's
// coordinates) that a render.Renderer draws into a raster of the tile's
// Samples to put sample (a, b) at (a+0.5, b+0.5)·2^Level pixels.
func (p Pyramid) Region(key Key) render.Region {
	b := p.Bounds(key)
	return render.Region{
		X0: -1 + 2*b.X0/float64(p.W), X1: -1 + 2*b.X1/float64(p.W),
		Y0: -1 + 2*b.Y0/float64(p.H), Y1: -1 + 2*b.Y1/float64(p.H),
	}
}

// Visible returns the tiles of layer and level k that overlap view (in
// image pixels), nearest the view's centre first, so that workers fill
// the middle of the window before its edges.
func (p Pyramid) Visible(layer int8, k int, view Rect) []Key {
	s := float64(Size) * p.step(k)
	nx, ny := p.Tiles(k)
	i0, i1 := max(0, int(math.Floor(view.X0/s))), min(nx-1, int(math.Ceil(view.X1/s))-1)
	j0, j1 := max(0, int(math.Floor(view.Y0/s))), min(ny-1, int(math.Ceil(view.Y1/s))-1)
	var keys []Key
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			keys = append(keys, Key{Layer: layer, Level: k, I: i, J: j})
		}
	}
	cx, cy := (view.X0+view.X1)/2, (view.Y0+view.Y1)/2
	dist := func(k Key) float64 {
		b := p.Bounds(k)
		dx, dy := (b.X0+b.X1)/2-cx, (b.Y0+b.Y1)/2-cy
		return dx*dx + dy*dy
	}
	sort.SliceStable(keys, func(a, b int) bool { return dist(keys[a]) < dist(keys[b]) })
	return keys
}

// Plan is what a view of the pyramid draws now and what it still needs.
type Plan struct {
	// Level is the level the view is refined to (LevelFor its zoom).
	Level int
	// Draw are the finished tiles to draw, coarse levels first so that
	// finer ones cover them: every visible tile of the finest level at
	// or above Level whose visible tiles are all finished (the preview
	// under the rest), then the finished ones of each finer level down
	// to Level.
	Draw []Key
	// Want are the tiles to evaluate, most urgent first: the one tile of
	// the top level (the whole image, coarse, first of all), then the
	// visible tiles of Level, or while the view moves those of the level
	// above it (a quarter of the samples), each centre first.
	Want []Key
	// Complete reports whether every visible tile of Level is finished:
	// the view is fully refined.
	Complete bool
	// Tiles is the number of visible tiles of Level.
	Tiles int
}

// Plan returns the plan of a view of layer over view (image pixels) at
// zoom window pixels per image pixel; have reports whether a tile is
// finished (in the cache).
func (p Pyramid) Plan(layer int8, view Rect, zoom float64, moving bool, have func(Key) bool) Plan {
	pl := Plan{Level: p.LevelFor(zoom)}
	// The coarsest level needed: the finest complete one at or above
	// Level (the top level's one tile when nothing finer is complete).
	visible := make([][]Key, p.Max+1-pl.Level)
	base := p.Max
	for k := pl.Level; k <= p.Max; k++ {
		v := p.Visible(layer, k, view)
		visible[k-pl.Level] = v
		complete := true
		for _, key := range v {
			if !have(key) {
				complete = false
				break
			}
		}
		if complete {
			base = k
			pl.Complete = k == pl.Level
			break
		}
	}
	pl.Tiles = len(visible[0])
	for k := base; k >= pl.Level; k-- {
		for _, key := range visible[k-pl.Level] {
			if have(key) {
				pl.Draw = append(pl.Draw, key)
			}
		}
	}
	top := Key{Layer: layer, Level: p.Max}
	if !have(top) {
		pl.Want = append(pl.Want, top)
	}
	k := pl.Level
	if moving && k < p.Max {
		k++
	}
	v := visible[k-pl.Level]
	if v == nil { // beyond the first complete level: not listed yet
		v = p.Visible(layer, k, view)
	}
	for _, key := range v {
		if key != top && !have(key) {
			pl.Want = append(pl.Want, key)
		}
	}
	return pl
}
