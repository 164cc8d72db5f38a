package pixels

import (
	"image"
	"image/color"
	"slices"
)

// FromImage converts m to an Image: gray images (image.Gray, image.Gray16
// or any image whose colour model is gray) give C=1, all others C=3. An
// *Image is copied as it is.
// Alpha is dropped and the non-premultiplied colour kept; for
// premultiplied sources the colour of fully transparent pixels is lost.
func FromImage(m image.Image) *Image {
	img, _ := fromImage(m, false)
	return img
}

// fromImage converts m and reports whether it dropped a non-opaque alpha.
// grayAlpha asks for the NRGBA image of a gray+alpha file to become a
// one-channel image (its red, green and blue are equal).
func fromImage(m image.Image, grayAlpha bool) (*Image, bool) {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	switch m := m.(type) {
	case *Image: // a copy, at full precision
		m.mustBeValid()
		return &Image{W: m.W, H: m.H, C: m.C, Pix: slices.Clone(m.Pix)}, false
	case *image.Gray:
		img := New(w, h, 1)
		for y := range h {
			row := m.Pix[y*m.Stride : y*m.Stride+w]
			dst := img.Pix[y*w : (y+1)*w]
			for x, v := range row {
				dst[x] = float32(v) / 255
			}
		}
		return img, false
	case *image.Gray16:
		img := New(w, h, 1)
		for y := range h {
			row := m.Pix[y*m.Stride : y*m.Stride+2*w]
			dst := img.Pix[y*w : (y+1)*w]
			for x := range dst {
				dst[x] = float32(uint16(row[2*x])<<8|uint16(row[2*x+1])) / 65535
			}
		}
		return img, false
	case *image.NRGBA:
		return fromRGBA(m.Pix, m.Stride, w, h, 1, grayAlpha, false)
	case *image.NRGBA64:
		return fromRGBA(m.Pix, m.Stride, w, h, 2, grayAlpha, false)
	case *image.RGBA: // what Go's PNG decoder returns for opaque RGB files
		return fromRGBA(m.Pix, m.Stride, w, h, 1, false, true)
	case *image.RGBA64:
		return fromRGBA(m.Pix, m.Stride, w, h, 2, false, true)
	case *image.YCbCr:
		img := New(w, h, 3)
		for y := range h {
			for x := range w {
				yi, ci := m.YOffset(b.Min.X+x, b.Min.Y+y), m.COffset(b.Min.X+x, b.Min.Y+y)
				r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				p := img.Pix[(y*w+x)*3:]
				p[0], p[1], p[2] = float32(r)/255, float32(g)/255, float32(bl)/255
			}
		}
		return img, false
	case *image.Paletted:
		lut := make([][3]float32, len(m.Palette))
		transparent := make([]bool, len(m.Palette))
		for i, c := range m.Palette {
			n := toNRGBA64(c)
			lut[i] = [3]float32{float32(n.R) / 65535, float32(n.G) / 65535, float32(n.B) / 65535}
			transparent[i] = n.A != 0xffff
		}
		img := New(w, h, 3)
		alpha := false
		for y := range h {
			row := m.Pix[y*m.Stride : y*m.Stride+w]
			for x, k := range row {
				if int(k) >= len(lut) { // out-of-palette index: Go's At returns opaque black
					continue
				}
				copy(img.Pix[(y*w+x)*3:], lut[k][:])
				alpha = alpha || transparent[k]
			}
		}
		return img, alpha
	}
	gray := m.ColorModel() == color.GrayModel || m.ColorModel() == color.Gray16Model
	c := 3
	if gray {
		c = 1
	}
	img := New(w, h, c)
	alpha := false
	for y := range h {
		for x := range w {
			n := toNRGBA64(m.At(b.Min.X+x, b.Min.Y+y))
			alpha = alpha || n.A != 0xffff
			p := img.Pix[(y*w+x)*c:]
			p[0] = float32(n.R) / 65535
			if !gray {
				p[1], p[2] = float32(n.G)/65535, float32(n.B)/65535
			}
		}
	}
	return img, alpha
}

// toNRGBA64 converts c to non-premultiplied 16-bit colour. Unlike
// color.NRGBA64Model, it keeps the exact colour of a translucent
// color.NRGBA instead of going through premultiplied values.
func toNRGBA64(c color.Color) color.NRGBA64 {
	if n, ok := c.(color.NRGBA); ok {
		return color.NRGBA64{uint16(n.R) * 257, uint16(n.G) * 257, uint16(n.B) * 257, uint16(n.A) * 257}
	}
	return color.NRGBA64Model.Convert(c).(color.NRGBA64)
}

// fromRGBA converts RGBA samples of size bytes each (1, or 2 big-endian)
// to an image with 1 channel (gray, keeping red) or 3. When premultiplied,
// the colour is divided by alpha first, as color.NRGBA64Model does.
func fromRGBA(pix []uint8, stride, w, h, size int, gray, premultiplied bool) (*Image, bool) {
	c := 3
	if gray {
		c = 1
	}
	img := New(w, h, c)
	alpha := false
	for y := range h {
		row := pix[y*stride:]
		for x := range w {
			p := row[x*4*size : (x+1)*4*size]
			a := uint32(level16(p, 3, size))
			dst := img.Pix[(y*w+x)*c:]
			for k := range c {
				v := uint32(level16(p, k, size))
				switch {
				case !premultiplied || a == 0xffff:
				case a == 0:
					v = 0
				default:
					v = v * 0xffff / a
				}
				dst[k] = float32(v) / 65535
			}
			alpha = alpha || a != 0xffff
		}
	}
	return img, alpha
}

// level16 returns sample k of the pixel p, whose samples are size bytes
// (1, or 2 big-endian), as a 16-bit level. Since 65535 = 255·257, v/255
// and (257v)/65535 are the same number.
func level16(p []uint8, k, size int) uint16 {
	if size == 1 {
		return uint16(p[k]) * 257
	}
	return uint16(p[2*k])<<8 | uint16(p[2*k+1])
}

// ToImage converts img to a Go image with 8 bits per sample: an
// *image.Gray when C=1, an opaque *image.NRGBA when C=3. Samples are
// clipped to [0,1] and rounded to the nearest level; NaN becomes 0.
func ToImage(img *Image) image.Image {
	img.mustBeValid()
	if img.C == 1 {
		m := image.NewGray(image.Rect(0, 0, img.W, img.H))
		for i, v := range img.Pix {
			m.Pix[i] = to8(v)
		}
		return m
	}
	return ToNRGBA(img)
}

// ToNRGBA converts img to an opaque 8-bit *image.NRGBA, repeating the
// sample of a gray image in red, green and blue. Samples are clipped to
// [0,1] and rounded to the nearest level; NaN becomes 0.
func ToNRGBA(img *Image) *image.NRGBA {
	img.mustBeValid()
	m := image.NewNRGBA(image.Rect(0, 0, img.W, img.H))
	for i := range img.W * img.H {
		p := m.Pix[4*i : 4*i+4]
		if img.C == 1 {
			v := to8(img.Pix[i])
			p[0], p[1], p[2] = v, v, v
		} else {
			s := img.Pix[3*i : 3*i+3]
			p[0], p[1], p[2] = to8(s[0]), to8(s[1]), to8(s[2])
		}
		p[3] = 0xff
	}
	return m
}

// to8 maps a sample in [0,1] to the nearest 8-bit level, clipping first.
func to8(v float32) uint8 {
	return uint8(clip01(v)*255 + 0.5)
}

// ToImage16 converts img to a Go image with 16 bits per sample: an
// *image.Gray16 when C=1, an opaque *image.NRGBA64 when C=3, which
// SavePNG writes as a 16-bit PNG. Samples are clipped to [0,1] and
// rounded to the nearest of 65536 levels; NaN becomes 0. A 16-bit file
// loaded and saved this way keeps its values exactly.
func ToImage16(img *Image) image.Image {
	img.mustBeValid()
	r := image.Rect(0, 0, img.W, img.H)
	if img.C == 1 {
		m := image.NewGray16(r)
		for i, v := range img.Pix {
			l := to16(v)
			m.Pix[2*i], m.Pix[2*i+1] = uint8(l>>8), uint8(l)
		}
		return m
	}
	m := image.NewNRGBA64(r)
	for i := range img.W * img.H {
		p := m.Pix[8*i : 8*i+8]
		for k := range 3 {
			l := to16(img.Pix[3*i+k])
			p[2*k], p[2*k+1] = uint8(l>>8), uint8(l)
		}
		p[6], p[7] = 0xff, 0xff
	}
	return m
}

// ToImageDepth converts img with the given bits per sample: ToImage16
// for 16, ToImage for anything else (8). Pass Info.BitDepth to save a
// result at the depth of the file it came from.
func ToImageDepth(img *Image, bits int) image.Image {
	if bits == 16 {
		return ToImage16(img)
	}
	return ToImage(img)
}

// to16 maps a sample in [0,1] to the nearest 16-bit level, clipping first.
func to16(v float32) uint16 {
	return uint16(float64(clip01(v))*65535 + 0.5)
}
