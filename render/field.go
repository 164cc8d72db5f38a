package render

import (
	"fmt"
	"math"
)

// MaxBatch is the largest number of points the renderer passes to an
// ImageFunc or an SDF in one call; an implementation may size its scratch
// buffers by it.
const MaxBatch = 4096

// ImageFunc is how the renderer sees an image: a function of the plane,
// typically a fitted model's Eval. Destination first, as everywhere in
// the module: out receives n×channels values, point i's at
// out[i*channels:(i+1)*channels], for the n = len(x)/2 points of x
// (row-major).
//
// The renderer calls an ImageFunc from several goroutines at once, each
// with its own x and out, so it must be safe for concurrent use (a model
// typically takes a per-goroutine worker from a pool). Its value at a point
// must not depend on the other points of the batch; then the picture does
// not depend on the number of goroutines.
type ImageFunc func(out, x []float32)

// center returns the centre of cell i of n equal cells covering [lo,hi],
// computed in float64. With lo = −1, hi = 1 it rounds exactly like
// 2(i+0.5)/n − 1, so full-plane regions reproduce pixels.PixelCenter bit for bit.
func center(lo, hi float64, i, n int) float32 {
	return float32(lo + (hi-lo)*(float64(i)+0.5)/float64(n))
}

// Region is an axis-aligned rectangle of the image plane, in the
// coordinates of pixels.PixelCenter: x from X0 (left) to X1 (right), y from Y0
// (top) to Y1 (bottom). The whole image is Region{-1, -1, 1, 1}.
type Region struct {
	X0, Y0, X1, Y1 float64
}

// Validate reports whether r is a non-empty rectangle with finite corners.
func (r Region) Validate() error {
	for _, v := range [...]float64{r.X0, r.Y0, r.X1, r.Y1} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("render: region %v has a non-finite corner", r)
		}
	}
	if !(r.X0 < r.X1) || !(r.Y0 < r.Y1) {
		return fmt.Errorf("render: region %v is empty: need X0 < X1 and Y0 < Y1", r)
	}
	return nil
}
