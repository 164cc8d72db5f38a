package field

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/rbf"
)

// RasterTask fits an image held at its source depth (a pixels.Raster) with
// the mean squared error. It holds nothing per pixel beyond the raster:
// pixel centres and float targets are made per batch, so a gigapixel fit
// costs the raster's 3 bytes a pixel. Batches are drawn as ImageTask draws
// them (stratified, one random pixel from each of Batch equal runs), so the
// two tasks train a model identically from the same seed.
//
// With cached set, batches carry each pixel's index, for an encoder that
// precomputed neighbourhoods over Points (the memory plan's cached
// neighbour plans); without, Idx is nil and neighbours are found on the
// fly.
type RasterTask struct {
	img    *pixels.Raster
	batch  int
	cached bool

	b   Batch  // the current stratified batch
	all *Batch // every pixel, built on first use by full-batch training
}

// NewRasterTask returns the task of fitting img with batch pixels a step
// (0, or at least the pixel count: every pixel every step). A cached task
// needs the pixel count to fit an int32 index.
func NewRasterTask(img *pixels.Raster, batch int, cached bool) (*RasterTask, error) {
	if n := int64(img.W) * int64(img.H); cached && n > 1<<31-1 {
		return nil, fmt.Errorf("%d pixels are too many for a neighbour cache", n)
	}
	return &RasterTask{img: img, batch: batch, cached: cached}, nil
}

// Raster returns the image being fitted.
func (t *RasterTask) Raster() *pixels.Raster { return t.img }

// Points returns every pixel centre, row by row (8 bytes a pixel, made on
// each call): the fixed point set an encoder precomputes for when the task
// is cached.
func (t *RasterTask) Points() []float32 { return PixelCenters(t.img.W, t.img.H) }

// Dim is 2.
func (t *RasterTask) Dim() int { return 2 }

// Channels is the image's channel count.
func (t *RasterTask) Channels() int { return t.img.C }

// Sample returns every pixel or a stratified batch, as ImageTask.Sample.
func (t *RasterTask) Sample(step int, rng *rand.Rand) *Batch {
	w, h, c := t.img.W, t.img.H, t.img.C
	n := w * h
	if t.batch <= 0 || t.batch >= n {
		if t.all == nil {
			t.all = &Batch{X: PixelCenters(w, h), Target: make([]float32, n*c)}
			for p := range n {
				t.img.Pixel(t.all.Target[p*c:], p)
			}
			if t.cached {
				t.all.Idx = make([]int32, n)
				for p := range t.all.Idx {
					t.all.Idx[p] = int32(p)
				}
			}
		}
		return t.all
	}
	b := &t.b
	b.X = grow(b.X, 2*t.batch)
	b.Target = grow(b.Target, c*t.batch)
	b.Idx = nil
	if t.cached {
		if cap(t.b.Idx) < t.batch {
			t.b.Idx = make([]int32, t.batch)
		}
		b.Idx = t.b.Idx[:t.batch]
	}
	for s := range t.batch {
		lo := s * n / t.batch
		hi := (s + 1) * n / t.batch
		p := lo + rng.IntN(hi-lo)
		if b.Idx != nil {
			b.Idx[s] = int32(p)
		}
		b.X[2*s], b.X[2*s+1] = pixels.PixelCenter(p%w, w), pixels.PixelCenter(p/w, h)
		t.img.Pixel(b.Target[c*s:], p)
	}
	return b
}

// Loss is the mean squared error over the batch's pixels and channels.
func (t *RasterTask) Loss(dpred, pred, target []float32, total int) float64 {
	return mse(dpred, pred, target, t.img.C, total)
}

// imageKMeansPerRBF is how many pixels per RBF the K-means of a big image
// is run on; an image with fewer pixels than that uses all of them.
const imageKMeansPerRBF = 32

// NewRasterModel initialises a model for fitting img, as NewImageModel
// does for an Image, but with the K-means of the RBF initialisation run on
// a stratified random subsample of imageKMeansPerRBF pixels per RBF (every
// pixel when the image has no more than that), weighted by the Sobel
// magnitude computed at the sampled pixels only. The subsample is an
// unbiased estimate of the weighted K-means objective over all pixels, and
// its size, hence the initialisation's time and memory, follows the RBF
// count rather than the pixel count. An image small enough to use every
// pixel gets exactly NewImageModel's model.
func NewRasterModel(cfg Config, img *pixels.Raster) (*Model, error) {
	return newRasterModel(cfg, img, 0)
}

// newRasterModel is NewRasterModel with K-means on sample pixels (0:
// imageKMeansPerRBF an RBF; never more than the image has).
func newRasterModel(cfg Config, img *pixels.Raster, sample int64) (*Model, error) {
	cfg.Task = TaskImage
	cfg.Width, cfg.Height, cfg.Channels = img.W, img.H, img.C
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, err
	}
	init := func(rc rbf.Config, n int, rng *rand.Rand) (*rbf.Encoder, error) {
		s := imageKMeansPerRBF * n
		if sample > 0 {
			s = int(min(sample, int64(img.W)*int64(img.H)))
		}
		pts, wts := kmeansSample(img, s, rng)
		return rbf.InitImage(rc, n, pts, wts, img.W, img.H, rng)
	}
	return build(cfg, init)
}

// kmeansSample returns the centres and Sobel weights of every pixel when
// the image has at most s, else of s pixels drawn one from each of s equal
// runs of the row-major order.
func kmeansSample(img *pixels.Raster, s int, rng *rand.Rand) (pts, wts []float32) {
	w, h := img.W, img.H
	n := w * h
	if s >= n {
		pts, wts = PixelCenters(w, h), make([]float32, n)
		for p := range n {
			wts[p] = img.Sobel(p%w, p/w)
		}
		return pts, wts
	}
	pts, wts = make([]float32, 2*s), make([]float32, s)
	for i := range s {
		lo, hi := int(int64(i)*int64(n)/int64(s)), int(int64(i+1)*int64(n)/int64(s))
		p := lo + rng.IntN(hi-lo)
		pts[2*i], pts[2*i+1] = pixels.PixelCenter(p%w, w), pixels.PixelCenter(p/w, h)
		wts[i] = img.Sobel(p%w, p/w)
	}
	return pts, wts
}
