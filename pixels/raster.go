package pixels

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"os"
)

// Raster is an image held at its source depth: 8- or 16-bit samples, C
// channels (1 gray, 3 RGB) interleaved, row-major. A gigapixel RGB
// picture costs 3 bytes a pixel this way instead of the 12 of an Image;
// training converts the few pixels of each batch to float32 on the way.
type Raster struct {
	W, H, C int
	// Depth is 8 or 16 bits per sample.
	Depth int
	pix8  []uint8
	pix16 []uint16
}

// NewRaster returns a black raster. It panics on a shape that is not
// positive or a depth other than 8 or 16 (programmer errors; sizes from
// files are checked by the loaders first).
func NewRaster(w, h, c, depth int) *Raster {
	if w <= 0 || h <= 0 || (c != 1 && c != 3) || (depth != 8 && depth != 16) {
		panic(fmt.Sprintf("pixels: NewRaster(%d, %d, %d, %d)", w, h, c, depth))
	}
	r := &Raster{W: w, H: h, C: c, Depth: depth}
	if depth == 8 {
		r.pix8 = make([]uint8, w*h*c)
	} else {
		r.pix16 = make([]uint16, w*h*c)
	}
	return r
}

// RasterBytes is the memory a w×h raster of c channels at depth bits holds.
func RasterBytes(w, h, c, depth int) int64 {
	return int64(w) * int64(h) * int64(c) * int64(depth/8)
}

// Pixel writes the C samples of pixel i (row-major index y·W + x), in
// [0,1], to dst.
func (r *Raster) Pixel(dst []float32, i int) {
	o := i * r.C
	if r.pix8 != nil {
		for k := range r.C {
			dst[k] = float32(r.pix8[o+k]) / 255
		}
		return
	}
	for k := range r.C {
		dst[k] = float32(r.pix16[o+k]) / 65535
	}
}

// Region returns a float copy of the pixels in columns [x, x+w) and rows
// [y, y+h), which must lie inside the raster.
func (r *Raster) Region(x, y, w, h int) *Image {
	if x < 0 || y < 0 || w <= 0 || h <= 0 || x+w > r.W || y+h > r.H {
		panic(fmt.Sprintf("pixels: region %d,%d %d×%d outside a %d×%d raster", x, y, w, h, r.W, r.H))
	}
	img := New(w, h, r.C)
	for j := range h {
		for i := range w {
			r.Pixel(img.Pix[(j*w+i)*r.C:], (y+j)*r.W+x+i)
		}
	}
	return img
}

// ToImage returns the whole raster as a float Image.
func (r *Raster) ToImage() *Image { return r.Region(0, 0, r.W, r.H) }

// setRow16 stores row y from 16-bit samples (at depth 8, v/257 rounded).
func (r *Raster) setRow16(y int, src []uint16) {
	n := r.W * r.C
	if r.pix16 != nil {
		copy(r.pix16[y*n:(y+1)*n], src[:n])
		return
	}
	dst := r.pix8[y*n : (y+1)*n]
	for i, v := range src[:n] {
		dst[i] = uint8((uint32(v) + 128) / 257)
	}
}

// Header is what a file's header says of its picture, read without
// decoding any pixel.
type Header struct {
	W, H, C int
	// Depth is the bits per sample the picture will be held at (8 or 16).
	Depth int
	// Format is "png", "jpeg", "bmp", "tiff", "webp" or "gif".
	Format string
	// Streams is true when the pixels can be read piece by piece: PNG
	// files that are not interlaced row by row, and the TIFF and BigTIFF
	// files this package's reader handles (see the package doc) tile by
	// tile or strip by strip. The others are decoded whole first.
	Streams bool
	// streamBytes, when set, is what a streamed decode holds besides the
	// raster (a TIFF's chunk row and decompressor).
	streamBytes int64
}

// RasterBytes is the memory the picture's raster will hold.
func (h Header) RasterBytes() int64 { return RasterBytes(h.W, h.H, h.C, h.Depth) }

// DecodeBytes estimates the memory needed on top of the raster while the
// file is read: two rows for a streamed PNG; for a streamed TIFF a row of
// one tile or strip, the offsets of one row of tiles and the
// decompressor's state (and a decoded tile for JPEG); for the others the
// whole decoded picture of Go's decoders (up to 8 bytes a pixel, for
// 16-bit RGBA) plus the encoded file itself, which is read into memory.
func (h Header) DecodeBytes(fileSize int64) int64 {
	if h.streamBytes > 0 {
		return h.streamBytes
	}
	if h.Streams {
		return 4 * int64(h.W) * 8
	}
	per := int64(4)
	if h.Depth == 16 {
		per = 8
	}
	return int64(h.W)*int64(h.H)*per + fileSize
}

// Probe reads the header of the image file at path. Errors read "<path>:
// <problem>".
func Probe(path string) (Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, pathError(path, err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if sig, _ := br.Peek(4); isTIFF(sig) {
		return probeTIFF(f, path)
	}
	h, err := probe(br, path)
	if errors.Is(err, errInterlacedProbe) {
		return probeGeneric(f, path)
	}
	return h, err
}

func probe(r *bufio.Reader, name string) (Header, error) {
	sig, _ := r.Peek(8)
	if string(sig) == "\x89PNG\r\n\x1a\n" {
		pr, err := readPNGHeader(r, name)
		switch {
		case err == nil:
			return Header{W: pr.W, H: pr.H, C: pr.C, Depth: max(8, pr.Depth/16*16), Format: "png", Streams: true}, nil
		case !errors.Is(err, ErrInterlaced):
			return Header{}, err
		}
		// An interlaced PNG: Probe reads the header again with the
		// generic reader, from the start of the file.
		return Header{}, errInterlacedProbe
	}
	return configHeader(r, name)
}

// errInterlacedProbe tells Probe to read the header again with the
// generic reader.
var errInterlacedProbe = errors.New("interlaced")

// probeTIFF reads the header and first IFD of a TIFF or BigTIFF file,
// never its pixels or offset arrays. Classic files of a variant the
// package's reader does not stream are probed by golang.org/x/image/tiff.
func probeTIFF(f *os.File, name string) (Header, error) {
	st, err := f.Stat()
	if err != nil {
		return Header{}, pathError(name, err)
	}
	t, err := readTIFFLayout(f, st.Size(), name)
	if errors.Is(err, errTIFFFallback) {
		return probeGeneric(f, name)
	}
	if err != nil {
		return Header{}, err
	}
	return t.header(), nil
}

// LoadRaster reads the image file at path into a Raster at its source
// depth, refusing it, before any pixel is decoded, when the raster and the
// decoding would need more than maxBytes (0: no limit). Non-interlaced PNG
// files are streamed row by row, TIFF and BigTIFF files tile by tile (or
// strip by strip; see the package doc for the variants); other formats
// are decoded whole and then converted. A JPEG's EXIF orientation, or a
// TIFF's, is applied. Errors read "<path>: <problem>".
func LoadRaster(path string, maxBytes int64) (*Raster, Info, error) {
	h, err := Probe(path)
	if err != nil {
		return nil, Info{}, err
	}
	return loadWindow(path, h, image.Rect(0, 0, h.W, h.H), maxBytes)
}

// LoadRasterWindow is LoadRaster for the pixels in columns [x, x+w) and
// rows [y, y+h) of the upright picture only, as a w×h raster: a tile of a
// big image costs the tile's raster. PNG rows past the window are not
// decoded, and TIFF chunks outside it are not read; the formats decoded
// whole are cropped after decoding. maxBytes bounds the window's raster
// and the decoding.
func LoadRasterWindow(path string, maxBytes int64, x, y, w, h int) (*Raster, Info, error) {
	hd, err := Probe(path)
	if err != nil {
		return nil, Info{}, err
	}
	win := image.Rect(x, y, x+w, y+h)
	// The header of a format decoded whole may give the size before its
	// orientation: the window is checked after decoding then.
	if w <= 0 || h <= 0 || hd.Streams && !win.In(image.Rect(0, 0, hd.W, hd.H)) {
		return nil, Info{}, fmt.Errorf("%s: the window %d,%d %d×%d is not inside the %d×%d picture", path, x, y, w, h, hd.W, hd.H)
	}
	return loadWindow(path, hd, win, maxBytes)
}

// loadWindow loads the window win of the picture h describes.
func loadWindow(path string, h Header, win image.Rectangle, maxBytes int64) (*Raster, Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Info{}, pathError(path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, Info{}, pathError(path, err)
	}
	wh := h
	if h.Streams {
		wh.W, wh.H = win.Dx(), win.Dy() // only the window is held
	}
	if err := checkLoadBytes(path, wh, st.Size(), maxBytes); err != nil {
		return nil, Info{}, err
	}
	switch {
	case h.Streams && h.Format == "tiff":
		return decodeTIFF(f, st.Size(), path, maxBytes, win)
	case h.Streams:
		return streamPNG(f, path, h, win)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, Info{}, pathError(path, err)
	}
	m, format, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, fmt.Errorf("%s: corrupt or truncated %s data: %v", path, format, err)
	}
	o := 1
	switch format {
	case "jpeg":
		o = max(jpegOrientation(data), 1)
	case "tiff":
		o, _ = tiffOrientation(data)
		o = max(o, 1)
	}
	gray := h.C == 1 || (format == "png" && pngGrayAlpha(data))
	r, alpha := RasterFromImage(m, gray, o)
	if win != image.Rect(0, 0, h.W, h.H) && win != image.Rect(0, 0, r.W, r.H) {
		if !win.In(image.Rect(0, 0, r.W, r.H)) {
			return nil, Info{}, fmt.Errorf("%s: the window %v is not inside the decoded %d×%d picture", path, win, r.W, r.H)
		}
		r = r.Crop(win.Min.X, win.Min.Y, win.Dx(), win.Dy())
	}
	return r, Info{Format: format, AlphaIgnored: alpha, BitDepth: r.Depth, Orientation: o}, nil
}

// checkLoadBytes refuses an image whose raster and decoding need more
// than maxBytes (0: no limit).
func checkLoadBytes(name string, h Header, fileSize, maxBytes int64) error {
	if need := h.RasterBytes() + h.DecodeBytes(fileSize); maxBytes > 0 && need > maxBytes {
		return fmt.Errorf("%s: a %d×%d %s image needs %s to load, more than the %s allowed",
			name, h.W, h.H, h.Format, FormatBytes(need), FormatBytes(maxBytes))
	}
	return nil
}

func probeGeneric(f *os.File, name string) (Header, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Header{}, pathError(name, err)
	}
	return configHeader(bufio.NewReader(f), name)
}

// configHeader reads a header with the registered decoders' DecodeConfig.
func configHeader(r io.Reader, name string) (Header, error) {
	cfg, format, err := image.DecodeConfig(r)
	switch {
	case errors.Is(err, image.ErrFormat):
		return Header{}, fmt.Errorf("%s: not an image (unknown format; want PNG, JPEG, BMP, TIFF or WebP)", name)
	case err != nil:
		return Header{}, fmt.Errorf("%s: corrupt or truncated %s header: %v", name, format, err)
	case cfg.Width <= 0 || cfg.Height <= 0:
		return Header{}, fmt.Errorf("%s: empty %s image (%d×%d pixels)", name, format, cfg.Width, cfg.Height)
	}
	h := Header{W: cfg.Width, H: cfg.Height, C: 3, Depth: 8, Format: format}
	switch cfg.ColorModel {
	case color.GrayModel:
		h.C = 1
	case color.Gray16Model:
		h.C, h.Depth = 1, 16
	case color.NRGBA64Model, color.RGBA64Model:
		h.Depth = 16
	}
	return h, nil
}

// streamPNG fills a raster with the window win, row by row, and stops
// decoding after its last row.
func streamPNG(f *os.File, path string, h Header, win image.Rectangle) (*Raster, Info, error) {
	pr, err := NewPNGRows(f, path)
	if err != nil {
		return nil, Info{}, err
	}
	defer pr.Close()
	r := NewRaster(win.Dx(), win.Dy(), h.C, h.Depth)
	row := make([]uint16, h.W*h.C)
	for {
		y, err := pr.Next(row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, Info{}, err
		}
		if y >= win.Min.Y {
			r.setRow16(y-win.Min.Y, row[win.Min.X*h.C:])
		}
		if y+1 >= win.Max.Y {
			break
		}
	}
	return r, Info{Format: "png", AlphaIgnored: pr.AlphaIgnored(), BitDepth: h.Depth, Orientation: 1}, nil
}

// RasterFromImage converts a decoded picture to a raster, 16-bit when the
// picture is, with one channel when gray is set (red is kept), turned
// upright for the EXIF orientation o (1–8, see Orient). It reports whether
// a non-opaque alpha was dropped.
func RasterFromImage(m image.Image, gray bool, o int) (*Raster, bool) {
	b := m.Bounds()
	sw, sh := b.Dx(), b.Dy()
	w, h := sw, sh
	if o >= 5 && o <= 8 {
		w, h = sh, sw
	}
	c := 3
	if gray {
		c = 1
	}
	r := NewRaster(w, h, c, bitDepth(m))
	alpha := false
	ycc, isYCC := m.(*image.YCbCr)
	for y := range h {
		for x := range w {
			sx, sy := orientSource(x, y, sw, sh, o)
			sx, sy = sx+b.Min.X, sy+b.Min.Y
			var n color.NRGBA64
			if isYCC {
				yi, ci := ycc.YOffset(sx, sy), ycc.COffset(sx, sy)
				cr, cg, cb := color.YCbCrToRGB(ycc.Y[yi], ycc.Cb[ci], ycc.Cr[ci])
				n = color.NRGBA64{uint16(cr) * 257, uint16(cg) * 257, uint16(cb) * 257, 0xffff}
			} else {
				n = toNRGBA64(m.At(sx, sy))
			}
			alpha = alpha || n.A != 0xffff
			i := (y*w + x) * c
			if r.pix8 != nil {
				r.pix8[i] = uint8(n.R >> 8)
				if c == 3 {
					r.pix8[i+1], r.pix8[i+2] = uint8(n.G>>8), uint8(n.B>>8)
				}
			} else {
				r.pix16[i] = n.R
				if c == 3 {
					r.pix16[i+1], r.pix16[i+2] = n.G, n.B
				}
			}
		}
	}
	return r, alpha
}

// orientSource returns the stored pixel of a sw×sh picture shown at (x, y)
// of its upright version for EXIF orientation o (see Orient's table).
func orientSource(x, y, sw, sh, o int) (int, int) {
	switch o {
	case 2:
		return sw - 1 - x, y
	case 3:
		return sw - 1 - x, sh - 1 - y
	case 4:
		return x, sh - 1 - y
	case 5:
		return y, x
	case 6:
		return y, sh - 1 - x
	case 7:
		return sw - 1 - y, sh - 1 - x
	case 8:
		return sw - 1 - y, x
	}
	return x, y
}

// FormatBytes writes a byte count for people: "512 B", "3.2 MB", "1.5 GB".
func FormatBytes(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1e6:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	case n < 1e9:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	return fmt.Sprintf("%.2f GB", float64(n)/1e9)
}

// Sobel returns the Sobel gradient magnitude at pixel (x, y), computed as
// SobelMagnitude does for a whole Image (borders replicated), so that the
// K-means weights of a subsample need no full-size weight array.
func (r *Raster) Sobel(x, y int) float32 {
	var nb [9][3]float32
	for j := -1; j <= 1; j++ {
		for i := -1; i <= 1; i++ {
			xx, yy := min(max(x+i, 0), r.W-1), min(max(y+j, 0), r.H-1)
			r.Pixel(nb[(j+1)*3+i+1][:], yy*r.W+xx)
		}
	}
	var sum float64
	for c := range r.C {
		p := func(k int) float64 { return float64(nb[k][c]) }
		gx := (p(2) + 2*p(5) + p(8)) - (p(0) + 2*p(3) + p(6))
		gy := (p(6) + 2*p(7) + p(8)) - (p(0) + 2*p(1) + p(2))
		sum += gx*gx + gy*gy
	}
	return float32(math.Sqrt(sum))
}
