package pixels

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

// reference returns sample k of pixel (x, y) of m the slow, generic way.
func reference(m image.Image, x, y, k int) float32 {
	b := m.Bounds()
	c := m.At(b.Min.X+x, b.Min.Y+y)
	if n, ok := c.(color.NRGBA); ok { // stored colour, not via premultiplied
		return float32([]uint8{n.R, n.G, n.B}[k]) / 255
	}
	n := color.NRGBA64Model.Convert(c).(color.NRGBA64)
	return float32([]uint16{n.R, n.G, n.B}[k]) / 65535
}

// checkAgainst compares img with the generic conversion of m within tol.
func checkAgainst(t *testing.T, img *Image, m image.Image, c int, tol float32) {
	t.Helper()
	b := m.Bounds()
	if img.W != b.Dx() || img.H != b.Dy() || img.C != c {
		t.Fatalf("got %d×%d×%d, want %d×%d×%d", img.W, img.H, img.C, b.Dx(), b.Dy(), c)
	}
	for y := range img.H {
		for x := range img.W {
			for k := range c {
				got, want := img.Pix[(y*img.W+x)*c+k], reference(m, x, y, k)
				if d := got - want; d > tol || d < -tol {
					t.Fatalf("pixel (%d,%d) channel %d = %v, want %v", x, y, k, got, want)
				}
			}
		}
	}
}

// testImages returns small images of every in-memory type Decode meets.
func testImages() map[string]image.Image {
	const w, h = 7, 5
	r := image.Rect(0, 0, w, h)
	gray, gray16 := image.NewGray(r), image.NewGray16(r)
	rgba, rgba64 := image.NewRGBA(r), image.NewRGBA64(r)
	nrgba, nrgba64 := image.NewNRGBA(r), image.NewNRGBA64(r)
	pal := image.NewPaletted(r, color.Palette{
		color.NRGBA{10, 20, 30, 255}, color.NRGBA{200, 100, 50, 128}, color.NRGBA{0, 255, 0, 0}})
	ycc := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
	smooth := image.NewRGBA(r)
	for y := range h {
		for x := range w {
			v := hash32(x, y, 0, 9)
			c8 := color.NRGBA{uint8(v), uint8(v >> 8), uint8(v >> 16), uint8(v>>24) | 1}
			c16 := color.NRGBA64{uint16(v), uint16(v >> 16), uint16(v * 3), uint16(v*7) | 1}
			gray.SetGray(x, y, color.Gray{uint8(v)})
			gray16.SetGray16(x, y, color.Gray16{uint16(v)})
			rgba.Set(x, y, c8)
			rgba64.Set(x, y, c16)
			nrgba.SetNRGBA(x, y, c8)
			nrgba64.SetNRGBA64(x, y, c16)
			smooth.Set(x, y, color.RGBA{uint8(30 * x), uint8(40 * y), 128, 255})
			pal.SetColorIndex(x, y, uint8(v%3))
			ycc.Y[ycc.YOffset(x, y)] = uint8(v)
			ycc.Cb[ycc.COffset(x, y)] = uint8(v >> 8)
			ycc.Cr[ycc.COffset(x, y)] = uint8(v >> 16)
		}
	}
	return map[string]image.Image{"gray": gray, "gray16": gray16, "rgba": rgba, "rgba64": rgba64,
		"nrgba": nrgba, "nrgba64": nrgba64, "smooth": smooth, "paletted": pal, "ycbcr": ycc,
		"cmyk": image.NewCMYK(r), "alpha": image.NewAlpha(r)}
}

func TestFromImageMatchesGenericConversion(t *testing.T) {
	for name, m := range testImages() {
		for _, sub := range []bool{false, true} {
			if sub { // a sub-image, to exercise offsets and strides
				m = m.(interface {
					SubImage(image.Rectangle) image.Image
				}).SubImage(image.Rect(1, 2, 6, 5))
			}
			t.Run(name, func(t *testing.T) {
				c := 3
				if name == "gray" || name == "gray16" {
					c = 1
				}
				var tol float32
				if name == "ycbcr" { // YCbCrToRGB rounds to 8 bits, At to 16
					tol = 1.01 / 255
				}
				checkAgainst(t, FromImage(m), m, c, tol)
			})
		}
	}
}

func TestDecodeFormatsAndDepths(t *testing.T) {
	ims := testImages()
	opaque := image.NewRGBA64(ims["rgba64"].Bounds())
	for i := 6; i < len(opaque.Pix); i += 8 {
		opaque.Pix[i], opaque.Pix[i+1] = 0xff, 0xff
	}
	for _, tc := range []struct {
		name   string
		m      image.Image
		enc    func(*bytes.Buffer, image.Image) error
		format string
		c      int
		alpha  bool
		tol    float32
	}{
		{"png gray8", ims["gray"], pngEnc, "png", 1, false, 0},
		{"png gray16", ims["gray16"], pngEnc, "png", 1, false, 0},
		{"png rgb16", opaque, pngEnc, "png", 3, false, 0},
		{"png rgba8", ims["nrgba"], pngEnc, "png", 3, true, 0},
		{"png rgba16", ims["nrgba64"], pngEnc, "png", 3, true, 0},
		{"png paletted", ims["paletted"], pngEnc, "png", 3, true, 0},
		{"jpeg rgb", ims["smooth"], jpegEnc, "jpeg", 3, false, 1.01 / 255},
		{"jpeg gray", ims["gray"], jpegEnc, "jpeg", 1, false, 0},
		{"tiff gray16", ims["gray16"], tiffEnc, "tiff", 1, false, 0},
		{"bmp rgb", ims["smooth"], bmpEnc, "bmp", 3, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.enc(&buf, tc.m); err != nil {
				t.Fatal(err)
			}
			want := tc.m
			if tc.format == "jpeg" { // lossy: compare with Go's decoding
				var err error
				if want, err = jpeg.Decode(bytes.NewReader(buf.Bytes())); err != nil {
					t.Fatal(err)
				}
			}
			img, info, err := DecodeWithInfo(&buf, tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != tc.format || info.AlphaIgnored != tc.alpha {
				t.Errorf("info = %+v, want format %q, AlphaIgnored %v", info, tc.format, tc.alpha)
			}
			checkAgainst(t, img, want, tc.c, tc.tol)
		})
	}
}

func pngEnc(b *bytes.Buffer, m image.Image) error { return png.Encode(b, m) }
func jpegEnc(b *bytes.Buffer, m image.Image) error {
	return jpeg.Encode(b, m, &jpeg.Options{Quality: 100})
}
func tiffEnc(b *bytes.Buffer, m image.Image) error { return tiff.Encode(b, m, nil) }
func bmpEnc(b *bytes.Buffer, m image.Image) error  { return bmp.Encode(b, m) }

func TestDecodeGrayAlphaPNG(t *testing.T) {
	for _, depth := range []byte{8, 16} {
		for _, alpha := range []uint16{0xffff, 0x8000} {
			const w, h = 3, 2
			rows := make([][]byte, h)
			want := make([]float32, w*h)
			for y := range rows {
				for x := range w {
					v := uint16(hash32(x, y, 0, 1))
					if depth == 8 {
						v = v >> 8 * 257
						rows[y] = append(rows[y], byte(v), byte(alpha))
					} else {
						rows[y] = append(rows[y], byte(v>>8), byte(v), byte(alpha>>8), byte(alpha))
					}
					want[y*w+x] = float32(v) / 65535
				}
			}
			img, info, err := DecodeWithInfo(bytes.NewReader(rawPNG(t, w, h, depth, 4, rows)), "ga.png")
			if err != nil {
				t.Fatal(err)
			}
			if img.C != 1 || info.AlphaIgnored != (alpha != 0xffff) {
				t.Errorf("depth %d alpha %#x: C=%d info %+v", depth, alpha, img.C, info)
			}
			for i, v := range want {
				if img.Pix[i] != v {
					t.Fatalf("depth %d: sample %d = %v, want %v", depth, i, img.Pix[i], v)
				}
			}
		}
	}
}

func TestLoadBadInputs(t *testing.T) {
	dir := t.TempDir()
	var good, jpg bytes.Buffer
	big := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for i := range big.Pix {
		big.Pix[i] = uint8(hash32(i, 0, 0, 2))
	}
	if err := png.Encode(&good, big); err != nil {
		t.Fatal(err)
	}
	if err := jpeg.Encode(&jpg, big, nil); err != nil {
		t.Fatal(err)
	}
	corrupt := bytes.Clone(good.Bytes())
	corrupt[len(corrupt)/2] ^= 0xff
	files := map[string][]byte{
		"text.png":       []byte("hello, I am not an image\n"),
		"empty.png":      nil,
		"trunc.png":      good.Bytes()[:good.Len()/2],
		"trunchead.png":  good.Bytes()[:20],
		"corrupt.png":    corrupt,
		"trunc.jpg":      jpg.Bytes()[:jpg.Len()/2],
		"zero.png":       rawPNG(t, 0, 0, 8, 0, nil),
		"zero.bmp":       zeroBMP(),
		"huge.png":       rawPNG(t, 1<<20, 1<<18, 8, 2, nil),
		"nopixels.png":   rawPNG(t, 4, 4, 8, 0, nil),
		"unterminated.x": good.Bytes()[:8],
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"missing.png":    "no such file",
		"folder.png":     "is a directory",
		"text.png":       "not an image",
		"empty.png":      "not an image",
		"trunc.png":      "truncated png data",
		"trunchead.png":  "truncated png header",
		"corrupt.png":    "corrupt or truncated png",
		"trunc.jpg":      "truncated jpeg data",
		"zero.png":       "dimension",
		"zero.bmp":       "empty bmp image (0×0 pixels)",
		"huge.png":       "decoded whole as floats",
		"nopixels.png":   "png data",
		"unterminated.x": "png header",
	} {
		path := filepath.Join(dir, name)
		img, err := Load(path)
		switch {
		case err == nil:
			t.Errorf("%s: loaded a %d×%d image, want an error", name, img.W, img.H)
		case !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), want):
			t.Errorf("%s: error %q should name the file and say %q", name, err, want)
		case strings.Contains(err.Error(), "\n"):
			t.Errorf("%s: error %q spans several lines", name, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.png")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v does not wrap fs.ErrNotExist", err)
	}
}

func TestLoadGoodFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.png")
	m := testImages()["gray16"]
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	img, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, img, m, 1, 0)
	if math.IsNaN(float64(img.Pix[0])) {
		t.Fatal("NaN sample")
	}
}

// zeroBMP returns the header of a 0×0 24-bit BMP file, which Go's BMP
// decoder accepts.
func zeroBMP() []byte {
	var b bytes.Buffer
	b.WriteString("BM")
	binary.Write(&b, binary.LittleEndian, []uint32{54, 0, 54, 40, 0, 0})
	binary.Write(&b, binary.LittleEndian, []uint16{1, 24})
	binary.Write(&b, binary.LittleEndian, []uint32{0, 0, 2835, 2835, 0, 0})
	return b.Bytes()
}
