package rbf

import (
	"fmt"
	"math/rand/v2"
)

// ImageInputScale returns the Config.InputScale that encodes a w×h image's
// points, given in [-1,1]², in an aspect-preserving frame: the longer axis
// keeps [-1,1], the shorter one shrinks to its share. (The reference
// implementation's frame [−W/128, W/128] × [−H/128, H/128] differs only by
// a common factor, to which the method is invariant: kernels, K-means and
// the clamp range all scale with it.)
func ImageInputScale(w, h int) []float32 {
	m := float32(max(w, h))
	return []float32{float32(w) / m, float32(h) / m}
}

// InitImage returns an image encoder of n RBFs initialised by NewFromData
// from the pixel centres points (in [-1,1]², row-major x,y pairs) weighted
// by weights (the Sobel gradient magnitude, docs/METHOD.md §2) of a w×h image.
// The extent and resolution of the shape clamp are those of the longer
// image axis in the scaled frame. When fewer than n pixels have positive
// weight (a nearly flat image), every weight is raised by 1e-3 of the
// largest (or by 1e-3 if all are zero), so that centres are still spread
// over the image. cfg.InputScale is used as given: set it to
// ImageInputScale(w, h) for an aspect-preserving frame, and keep it in the
// stored configuration.
func InitImage(cfg Config, n int, points, weights []float32, w, h int, rng *rand.Rand) (*Encoder, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("rbf init: image size %d×%d is not positive", w, h)
	}
	positive, top := 0, float32(0)
	for _, v := range weights {
		if v > 0 {
			positive++
		}
		top = max(top, v)
	}
	if positive < n {
		if top == 0 {
			top = 1
		}
		raised := make([]float32, len(weights))
		for i, v := range weights {
			raised[i] = v + 1e-3*top
		}
		weights = raised
	}
	extent := 2.0
	if len(cfg.InputScale) > 0 {
		extent = 0
		for _, s := range cfg.InputScale {
			extent = max(extent, 2*float64(s))
		}
	}
	return NewFromData(cfg, 2, n, points, weights, extent, float64(max(w, h)), rng)
}
