package field

import (
	"fmt"
	"math"
)

// TileGrid cuts a Width×Height image into Rows×Cols tiles, numbered
// row-major from 0, for fitting them apart and merging them into one
// field (docs/SNAPSHOT.md, "Multi-tile snapshots").
//
// The cores of the tiles partition the image: tile (r, c) owns columns
// [c·Width/Cols, (c+1)·Width/Cols) and rows [r·Height/Rows,
// (r+1)·Height/Rows). A tile is fitted on its region: its core widened by
// Overlap pixels on each side that is not an image border. Across an
// interior border the two tiles are blended over the 2·Overlap pixels
// both regions hold, with weights that rise smoothly from 0 at one tile's
// region edge to 1 at the other's, so that the weights of the tiles at
// any point sum to 1 (a partition of unity) and no tile is used where it
// was not fitted.
type TileGrid struct {
	Rows    int `json:"rows"`
	Cols    int `json:"cols"`
	Overlap int `json:"overlap"` // pixels each region extends past its core
	Width   int `json:"width"`   // the whole image's size
	Height  int `json:"height"`
}

// Rect is a window of pixels: columns [X, X+W), rows [Y, Y+H).
type Rect struct {
	X, Y, W, H int
}

// Count is the number of tiles.
func (g TileGrid) Count() int { return g.Rows * g.Cols }

// String is the grid as the command line writes it, "RxC".
func (g TileGrid) String() string { return fmt.Sprintf("%dx%d", g.Rows, g.Cols) }

// Check says why g cannot tile its image, if it cannot: every core must be
// at least twice the overlap wide and high, so that the blends across a
// core's two opposite borders do not meet.
func (g TileGrid) Check() error {
	switch {
	case g.Rows < 1 || g.Cols < 1:
		return fmt.Errorf("a %dx%d tile grid is empty", g.Rows, g.Cols)
	case g.Width < 1 || g.Height < 1:
		return fmt.Errorf("a %d×%d image cannot be tiled", g.Width, g.Height)
	case g.Overlap < 0:
		return fmt.Errorf("the tile overlap must not be negative, got %d", g.Overlap)
	}
	cw, ch := g.Width/g.Cols, g.Height/g.Rows // the smallest core
	if cw < max(2*g.Overlap, 1) || ch < max(2*g.Overlap, 1) {
		return fmt.Errorf("a %d×%d image in %s tiles gives cores of %d×%d pixels, too small for an overlap of %d (each core must be at least twice the overlap)",
			g.Width, g.Height, g, cw, ch, g.Overlap)
	}
	return nil
}

// cut returns the bounds [lo, hi) of cell k of n cells along a side of
// size pixels.
func cut(k, n, size int) (lo, hi int) {
	return int(int64(k) * int64(size) / int64(n)), int(int64(k+1) * int64(size) / int64(n))
}

// Core returns tile i's core, the part of the image it owns.
func (g TileGrid) Core(i int) Rect {
	r, c := i/g.Cols, i%g.Cols
	x0, x1 := cut(c, g.Cols, g.Width)
	y0, y1 := cut(r, g.Rows, g.Height)
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// Region returns the pixels tile i is fitted on: its core widened by the
// overlap, within the image.
func (g TileGrid) Region(i int) Rect {
	c := g.Core(i)
	x0, y0 := max(c.X-g.Overlap, 0), max(c.Y-g.Overlap, 0)
	x1, y1 := min(c.X+c.W+g.Overlap, g.Width), min(c.Y+c.H+g.Overlap, g.Height)
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// axisWeight is the weight of one cell along one axis at a point, and its
// derivative with respect to the pixel coordinate.
type axisWeight struct {
	cell  int
	w, dw float64
}

// axisWeights returns the cells of n along a side of size pixels, with
// overlap o, that weigh on the continuous pixel coordinate p (pixel k
// spans [k, k+1)): one cell of weight 1 away from interior borders, two
// within o of one, their weights summing to 1. Points outside the image
// belong to the nearest edge cell.
func axisWeights(p float64, n, size, o int, out *[2]axisWeight) int {
	k := int(math.Floor(p * float64(n) / float64(size)))
	k = min(max(k, 0), n-1)
	// The integer division above can be off by one at a boundary.
	for k > 0 {
		if lo, _ := cut(k, n, size); p >= float64(lo) {
			break
		}
		k--
	}
	for k < n-1 {
		if _, hi := cut(k, n, size); p < float64(hi) {
			break
		}
		k++
	}
	lo, hi := cut(k, n, size)
	if o > 0 {
		span := float64(2 * o)
		switch {
		case k > 0 && p < float64(lo+o):
			s, ds := smoothstep((p - float64(lo-o)) / span)
			out[0] = axisWeight{k - 1, 1 - s, -ds / span}
			out[1] = axisWeight{k, s, ds / span}
			return 2
		case k < n-1 && p >= float64(hi-o):
			s, ds := smoothstep((p - float64(hi-o)) / span)
			out[0] = axisWeight{k, 1 - s, -ds / span}
			out[1] = axisWeight{k + 1, s, ds / span}
			return 2
		}
	}
	out[0] = axisWeight{k, 1, 0}
	return 1
}

// smoothstep is 3t²−2t³ on t clamped to [0, 1], and its derivative: it
// rises from 0 to 1 with zero slope at both ends, so the blended field
// has no kink where a blend begins.
func smoothstep(t float64) (s, ds float64) {
	if t <= 0 {
		return 0, 0
	}
	if t >= 1 {
		return 1, 0
	}
	return t * t * (3 - 2*t), 6 * t * (1 - t)
}

// TileWeight is the blending weight of one tile at a point.
type TileWeight struct {
	Tile   int
	Weight float64
}

// Weights returns the tiles that weigh on the point (px, py) in pixel
// coordinates (pixel (i, j) spans [i, i+1)×[j, j+1)) with their weights,
// which sum to 1: one tile deep inside a core, two along a border, four
// near a corner where four tiles meet.
func (g TileGrid) Weights(px, py float64) []TileWeight {
	var ax, ay [2]axisWeight
	nx := axisWeights(px, g.Cols, g.Width, g.Overlap, &ax)
	ny := axisWeights(py, g.Rows, g.Height, g.Overlap, &ay)
	var out []TileWeight
	for _, wy := range ay[:ny] {
		for _, wx := range ax[:nx] {
			out = append(out, TileWeight{wy.cell*g.Cols + wx.cell, wx.w * wy.w})
		}
	}
	return out
}
