package field

import (
	"math/rand/v2"

	"github.com/neurbf/neurbf/pixels"
)

// PixelCenters returns the centres of every pixel of a w×h image, row by
// row, as x,y pairs.
func PixelCenters(w, h int) []float32 {
	x := make([]float32, 0, 2*w*h)
	for j := range h {
		y := pixels.PixelCenter(j, h)
		for i := range w {
			x = append(x, pixels.PixelCenter(i, w), y)
		}
	}
	return x
}

// ImageTask fits an image with the mean squared error. Each step uses every
// pixel (Batch 0 or ≥ the pixel count) or a stratified sample of Batch
// pixels: the pixels are split into Batch equal runs in row order and one
// random pixel is drawn from each, so every region is seen every step.
type ImageTask struct {
	img   *pixels.Image
	Batch int

	all   Batch // every pixel, in row order
	b     Batch // the current stratified batch
	xy    []float32
	index []int32
}

// NewImageTask returns the task of fitting img with batch pixels a step.
func NewImageTask(img *pixels.Image, batch int) *ImageTask {
	t := &ImageTask{img: img, Batch: batch}
	n := img.W * img.H
	t.xy = PixelCenters(img.W, img.H)
	t.index = make([]int32, n)
	for i := range t.index {
		t.index[i] = int32(i)
	}
	t.all = Batch{X: t.xy, Idx: t.index, Target: img.Pix}
	return t
}

// Points returns the pixel centres, the fixed point set that encoders may
// precompute for (Fixer); batch indices refer to it.
func (t *ImageTask) Points() []float32 { return t.xy }

// Dim is 2.
func (t *ImageTask) Dim() int { return 2 }

// Channels is the image's channel count.
func (t *ImageTask) Channels() int { return t.img.C }

// Sample returns every pixel or a stratified batch.
func (t *ImageTask) Sample(step int, rng *rand.Rand) *Batch {
	n := len(t.index)
	if t.Batch <= 0 || t.Batch >= n {
		return &t.all
	}
	c := t.img.C
	b := &t.b
	b.X = grow(b.X, 2*t.Batch)
	b.Target = grow(b.Target, c*t.Batch)
	if cap(b.Idx) < t.Batch {
		b.Idx = make([]int32, t.Batch)
	}
	b.Idx = b.Idx[:t.Batch]
	for s := range t.Batch {
		lo := s * n / t.Batch
		hi := (s + 1) * n / t.Batch
		p := lo + rng.IntN(hi-lo)
		b.Idx[s] = int32(p)
		copy(b.X[2*s:2*s+2], t.xy[2*p:2*p+2])
		copy(b.Target[c*s:c*s+c], t.img.Pix[c*p:c*p+c])
	}
	return b
}

// Loss is the mean squared error over the batch's pixels and channels.
func (t *ImageTask) Loss(dpred, pred, target []float32, total int) float64 {
	return mse(dpred, pred, target, t.img.C, total)
}
