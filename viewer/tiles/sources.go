package tiles

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// PixelFunc reads the c channels of pixel i (row-major) of an image into
// dst, as pixels.Raster.Pixel does; it must be safe for concurrent use.
type PixelFunc func(dst []float32, i int)

// ImagePixels returns the PixelFunc of img.
func ImagePixels(img *pixels.Image) PixelFunc {
	return func(dst []float32, i int) { copy(dst, img.Pix[i*img.C:(i+1)*img.C]) }
}

// NewTile returns a picture of the size of tile key's samples, with c
// channels.
func (p Pyramid) NewTile(key Key, c int) *pixels.Image {
	w, h := p.Samples(key)
	return pixels.New(w, h, c)
}

// Render fills dst (NewTile's size) with f at the tile's samples, through
// rd: the same raster render.PixelWindow and render.Renderer make for
// `neurbf render --region`, so a tile of level k is that command's window
// at --scale 2^−k.
func (p Pyramid) Render(rd *render.Renderer, dst *pixels.Image, f render.ImageFunc, key Key) error {
	if w, h := p.Samples(key); dst.W != w || dst.H != h {
		return fmt.Errorf("tiles: tile %v is %d×%d samples, picture %d×%d", key, w, h, dst.W, dst.H)
	}
	return rd.Render(dst, f, p.Region(key))
}

// boxSide is the most pixels per axis Sample averages under one sample:
// a sample of a coarse level spans up to thousands of pixels, and reading
// them all would cost as much as the image.
const boxSide = 4

// Sample fills dst (NewTile's size, dst.C channels) with the picture
// whose pixels at reads: at levels k ≤ 0 each sample is the pixel under
// it; at k > 0 it is the mean of the pixels of its 2^k×2^k block, all of
// them up to 4×4 and beyond that a 4×4 grid of them spread evenly over
// the block, so that a coarse tile reads at most 16 pixels per sample.
func (p Pyramid) Sample(dst *pixels.Image, at PixelFunc, key Key) {
	s := p.step(key.Level)
	b := p.Bounds(key)
	c := dst.C
	n := 1
	if key.Level > 0 {
		n = int(min(s, boxSide))
	}
	px := make([]float32, c)
	for y := range dst.H {
		for x := range dst.W {
			out := dst.Pix[(y*dst.W+x)*c : (y*dst.W+x+1)*c]
			clear(out)
			k := 0
			for v := range n {
				gy := min(p.H-1, int(b.Y0+float64(y)*s+(float64(v)+0.5)*s/float64(n)))
				for u := range n {
					gx := min(p.W-1, int(b.X0+float64(x)*s+(float64(u)+0.5)*s/float64(n)))
					at(px, gy*p.W+gx)
					for ch := range c {
						out[ch] += px[ch]
					}
					k++
				}
			}
			for ch := range c {
				out[ch] /= float32(k)
			}
		}
	}
}

// pixelUnder returns the image pixel that holds sample a of a tile side
// starting at x0 pixels, at s pixels per sample, clamped into [0, n).
func pixelUnder(x0, s float64, a, n int) int {
	return min(n-1, max(0, int(math.Floor(x0+(float64(a)+0.5)*s))))
}

// PixelErrors fills errs (the tile's Samples, row-major) with the error of
// the image pixel under each sample, as render.ErrorScale measures it for
// error.png: the mean over the c channels of |clip(f at the pixel's
// centre) − the pixel|. It evaluates f once per sample; pts and out are
// scratch it grows (render.MaxBatch points at a time).
func (p Pyramid) PixelErrors(errs []float64, f render.ImageFunc, at PixelFunc, c int, key Key, pts, out *[]float32) {
	w, h := p.Samples(key)
	b := p.Bounds(key)
	s := p.step(key.Level)
	gt := make([]float32, c)
	n := w * h
	for i0 := 0; i0 < n; i0 += render.MaxBatch {
		i1 := min(n, i0+render.MaxBatch)
		*pts = grow(*pts, 2*(i1-i0))
		*out = grow(*out, c*(i1-i0))
		for i := i0; i < i1; i++ {
			gx, gy := pixelUnder(b.X0, s, i%w, p.W), pixelUnder(b.Y0, s, i/w, p.H)
			(*pts)[2*(i-i0)] = float32(-1 + 2*(float64(gx)+0.5)/float64(p.W))
			(*pts)[2*(i-i0)+1] = float32(-1 + 2*(float64(gy)+0.5)/float64(p.H))
		}
		f(*out, *pts)
		for i := i0; i < i1; i++ {
			gx, gy := pixelUnder(b.X0, s, i%w, p.W), pixelUnder(b.Y0, s, i/w, p.H)
			at(gt, gy*p.W+gx)
			var e float64
			for ch := range c {
				e += math.Abs(float64(clip01((*out)[c*(i-i0)+ch])) - float64(gt[ch]))
			}
			errs[i] = e / float64(c)
		}
	}
}

// ErrorSample returns the reconstruction and the image at the pixels of
// an n×n grid spread evenly over the image (fewer along a side shorter
// than n), as two pictures for render.ErrorScale: the error map's scale
// measured on a sample of the pixels, for images too big to reconstruct
// whole.
func (p Pyramid) ErrorSample(f render.ImageFunc, at PixelFunc, c, n int) (pred, gt *pixels.Image) {
	nx, ny := min(n, p.W), min(n, p.H)
	pred, gt = pixels.New(nx, ny, c), pixels.New(nx, ny, c)
	pts := make([]float32, 0, 2*render.MaxBatch)
	flush := func(i int) {
		if len(pts) == 0 {
			return
		}
		k := len(pts) / 2
		f(pred.Pix[(i-k)*c:i*c], pts)
		pts = pts[:0]
	}
	for i := range nx * ny {
		gx := int((float64(i%nx) + 0.5) * float64(p.W) / float64(nx))
		gy := int((float64(i/nx) + 0.5) * float64(p.H) / float64(ny))
		at(gt.Pix[i*c:(i+1)*c], gy*p.W+gx)
		pts = append(pts, float32(-1+2*(float64(gx)+0.5)/float64(p.W)), float32(-1+2*(float64(gy)+0.5)/float64(p.H)))
		if len(pts) == 2*render.MaxBatch {
			flush(i + 1)
		}
	}
	flush(nx * ny)
	for i, v := range pred.Pix {
		pred.Pix[i] = clip01(v)
	}
	return pred, gt
}

// clip01 clamps v to [0, 1], NaN to 0, as render.Renderer clips what it
// draws.
func clip01(v float32) float32 {
	switch {
	case !(v > 0):
		return 0
	case v > 1:
		return 1
	}
	return v
}

// grow returns s resliced to length n, reallocated only when too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
