package pixels

import (
	"image"
	"image/color"
)

// Image is a picture as float32 samples in [0,1], row-major, channels
// interleaved: the sample of channel c at column x, row y is
// Pix[(y*W+x)*C+c]. C is 1 (gray) or 3 (RGB).
//
// An *Image is also an image.Image (16-bit gray or opaque 16-bit RGB
// colours, samples clipped to [0,1]), so it can be drawn, placed in a
// figure or passed to SavePNG like any Go picture.
type Image struct {
	W, H, C int
	Pix     []float32
}

// New returns a black image of w×h pixels with c channels.
func New(w, h, c int) *Image {
	return &Image{W: w, H: h, C: c, Pix: make([]float32, w*h*c)}
}

// ColorModel returns color.Gray16Model for a gray image and
// color.NRGBA64Model otherwise: the float samples are finer than 8 bits.
func (img *Image) ColorModel() color.Model {
	if img.C == 1 {
		return color.Gray16Model
	}
	return color.NRGBA64Model
}

// Bounds returns the rectangle (0,0)–(W,H).
func (img *Image) Bounds() image.Rectangle { return image.Rect(0, 0, img.W, img.H) }

// At returns the colour of the pixel at column x, row y, each sample
// clipped to [0,1] and rounded to 16 bits (NaN as 0): a color.Gray16 for
// a gray image, an opaque color.NRGBA64 otherwise. Outside the image it
// returns transparent black, as image.Image requires.
func (img *Image) At(x, y int) color.Color {
	if x < 0 || y < 0 || x >= img.W || y >= img.H {
		if img.C == 1 {
			return color.Gray16{}
		}
		return color.NRGBA64{}
	}
	p := img.Pix[(y*img.W+x)*img.C:]
	if img.C == 1 {
		return color.Gray16{Y: to16(p[0])}
	}
	return color.NRGBA64{R: to16(p[0]), G: to16(p[1]), B: to16(p[2]), A: 0xffff}
}
