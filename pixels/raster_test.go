package pixels

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
)

// sameAsLoad checks that LoadRaster gives what Load gives, sample by
// sample, within tol.
func sameAsLoad(t *testing.T, path string, tol float64) *Raster {
	t.Helper()
	want, wantInfo, err := LoadWithInfo(path)
	if err != nil {
		t.Fatal(err)
	}
	r, info, err := LoadRaster(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.W != want.W || r.H != want.H || r.C != want.C {
		t.Fatalf("%s: raster %d×%d×%d, Load %d×%d×%d", path, r.W, r.H, r.C, want.W, want.H, want.C)
	}
	if info.BitDepth != wantInfo.BitDepth || info.AlphaIgnored != wantInfo.AlphaIgnored || info.Orientation != wantInfo.Orientation {
		t.Errorf("%s: info %+v, Load's %+v", path, info, wantInfo)
	}
	got := r.ToImage()
	for i := range got.Pix {
		if d := math.Abs(float64(got.Pix[i] - want.Pix[i])); d > tol {
			t.Fatalf("%s: sample %d is %g, Load gives %g", path, i, got.Pix[i], want.Pix[i])
		}
	}
	return r
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func encode(t *testing.T, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLoadRasterPNG streams PNGs of every kind Go writes, plus gray with
// alpha, and compares with Load; 16-bit files stay 16-bit and exact.
func TestLoadRasterPNG(t *testing.T) {
	dir := t.TempDir()
	const w, h = 37, 23
	rgb := image.NewRGBA(image.Rect(0, 0, w, h))
	g16 := image.NewGray16(image.Rect(0, 0, w, h))
	n64 := image.NewNRGBA64(image.Rect(0, 0, w, h))
	pal := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.RGBA{200, 10, 30, 255}, color.RGBA{1, 2, 250, 255}})
	for y := range h {
		for x := range w {
			v := uint8(x*7 + y*13)
			rgb.Set(x, y, color.RGBA{v, 255 - v, uint8(x * y), 255})
			g16.SetGray16(x, y, color.Gray16{uint16(x*1777 + y*311)})
			n64.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 1000), uint16(y * 2000), 12345, 0xffff})
			pal.SetColorIndex(x, y, uint8((x+y)%3))
		}
	}
	for name, m := range map[string]image.Image{"rgb.png": rgb, "g16.png": g16, "n64.png": n64, "pal.png": pal} {
		r := sameAsLoad(t, writeFile(t, dir, name, encode(t, m)), 0)
		if want := bitDepth(m); r.Depth != want {
			t.Errorf("%s: depth %d, want %d", name, r.Depth, want)
		}
		if h, err := Probe(filepath.Join(dir, name)); err != nil || !h.Streams || h.W != w || h.H != h.H {
			t.Errorf("%s: probe %+v, %v", name, h, err)
		}
	}
	// Gray with alpha (colour type 4), which Go reads as NRGBA: one channel.
	rows := make([][]byte, 4)
	for y := range rows {
		rows[y] = []byte{uint8(10 * y), 255, uint8(50 + y), 128, 7, 255}
	}
	r := sameAsLoad(t, writeFile(t, dir, "ga.png", rawPNG(t, 3, 4, 8, 4, rows)), 0)
	if r.C != 1 {
		t.Errorf("gray+alpha: %d channels", r.C)
	}
}

// TestLoadRasterJPEGOrientation decodes a JPEG whole and turns it upright,
// for every EXIF orientation, exactly as Load does.
func TestLoadRasterJPEGOrientation(t *testing.T) {
	dir := t.TempDir()
	for o := 1; o <= 8; o++ {
		r := sameAsLoad(t, writeFile(t, dir, "p.jpg", orientedJPEG(t, o, o%2 == 1)), 0)
		if h, err := Probe(filepath.Join(dir, "p.jpg")); err != nil || h.Streams || h.Format != "jpeg" {
			t.Errorf("orientation %d: probe %+v, %v", o, h, err)
		}
		if (o >= 5) != (r.W < r.H) {
			t.Errorf("orientation %d: %d×%d", o, r.W, r.H)
		}
	}
}

// TestLoadRasterLimit refuses, before decoding, an image whose raster and
// decoding need more than the limit, and names the file and both sizes.
func TestLoadRasterLimit(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "big.png", encode(t, image.NewRGBA(image.Rect(0, 0, 300, 200))))
	if _, _, err := LoadRaster(p, 300*200*3+4*300*8); err != nil {
		t.Errorf("within the limit: %v", err)
	}
	_, _, err := LoadRaster(p, 100000)
	if err == nil || !strings.Contains(err.Error(), "big.png") || !strings.Contains(err.Error(), "needs 189.6 kB") {
		t.Errorf("over the limit: %v", err)
	}
	// A header claiming 10^5 × 10^5 pixels is refused by the limit alone.
	bomb := writeFile(t, dir, "bomb.png", rawPNG(t, 100000, 100000, 8, 2, nil))
	if _, _, err := LoadRaster(bomb, 16<<30); err == nil || !strings.Contains(err.Error(), "100000×100000") {
		t.Errorf("dimension bomb: %v", err)
	}
	for _, bad := range []string{filepath.Join(dir, "missing.png"), dir} {
		if _, _, err := LoadRaster(bad, 0); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if _, _, err := LoadRaster(writeFile(t, dir, "x.png", []byte("not an image at all")), 0); err == nil || !strings.Contains(err.Error(), "not an image") {
		t.Errorf("not an image: %v", err)
	}
}

// TestLoadRasterReal streams a real photo and compares it with Load.
func TestLoadRasterReal(t *testing.T) {
	for _, name := range []string{"astronaut.png", "chelsea.png", "rocket.jpg"} {
		sameAsLoad(t, testfiles.RealPath(t, name), 0)
	}
}

// TestRasterSobel matches SobelMagnitude of the same picture everywhere,
// borders included.
func TestRasterSobel(t *testing.T) {
	for _, c := range []int{1, 3} {
		for _, depth := range []int{8, 16} {
			r := NewRaster(9, 6, c, depth)
			for i := range r.W * r.H * c {
				if depth == 8 {
					r.pix8[i] = uint8(i * 37)
				} else {
					r.pix16[i] = uint16(i * 4099)
				}
			}
			want := SobelMagnitude(r.ToImage())
			for y := range r.H {
				for x := range r.W {
					if got := r.Sobel(x, y); math.Abs(float64(got-want[y*r.W+x])) > 1e-5*max(1, float64(want[y*r.W+x])) {
						t.Fatalf("c=%d depth %d: Sobel(%d, %d) = %g, want %g", c, depth, x, y, got, want[y*r.W+x])
					}
				}
			}
		}
	}
}
