package pixels

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// windows returns windows of a w×h picture: corners, edges, the middle,
// one pixel, and the whole.
func windows(w, h int) []image.Rectangle {
	return []image.Rectangle{
		image.Rect(0, 0, w, h), image.Rect(0, 0, 1, 1), image.Rect(w-1, h-1, w, h),
		image.Rect(w/3, h/4, w/3+w/2, h/4+h/2), image.Rect(0, h/2, w, h), image.Rect(w/2, 0, w, h/3),
	}
}

// TestTIFFWindowMatchesCrop decodes windows of every written TIFF variant
// (the orientations, tiled and stripped, planes, depths, compressions)
// and checks each against the crop of the whole decode.
func TestTIFFWindowMatchesCrop(t *testing.T) {
	cases := tiffMatrix()
	for o := 1; o <= 8; o++ {
		for _, tiled := range []bool{false, true} {
			sp := tiffSpec{w: 23, h: 17, spp: 3, bits: 8, photometric: tiffPhotoRGB, tiled: tiled, cw: 16, ch: 16, compression: tiffNone, orientation: o}
			cases = append(cases, tiffCase{fmt.Sprintf("orientation-%d-tiled%v", o, tiled), sp, tiffSamples(sp.w, sp.h, 3, 8, o, false)})
		}
	}
	for _, tc := range cases {
		data := writeTestTIFF(tc.sp, tc.samples)
		whole, _, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), tc.name, 0, image.Rectangle{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, win := range windows(whole.W, whole.H) {
			r, _, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), tc.name, 0, win)
			if err != nil {
				t.Fatalf("%s %v: %v", tc.name, win, err)
			}
			want := whole.Crop(win.Min.X, win.Min.Y, win.Dx(), win.Dy())
			if r.W != want.W || r.H != want.H || !slices.Equal(rasterSamples(r), rasterSamples(want)) {
				t.Fatalf("%s: window %v differs from the crop of the whole", tc.name, win)
			}
		}
	}
}

// TestLoadRasterWindow loads windows of PNG (8- and 16-bit) and JPEG files
// and checks each against the crop of LoadRaster, and refuses windows
// outside the picture.
func TestLoadRasterWindow(t *testing.T) {
	dir := t.TempDir()
	const w, h = 37, 29
	rgba := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			rgba.SetNRGBA64(x, y, color.NRGBA64{uint16(x * 1700), uint16(y * 2200), uint16((x ^ y) * 900), 0xffff})
		}
	}
	files := map[string]image.Image{"p16.png": rgba, "p8.png": toNRGBA8(rgba), "p.jpg": toNRGBA8(rgba)}
	for name, m := range files {
		path := filepath.Join(dir, name)
		var buf bytes.Buffer
		var err error
		if filepath.Ext(name) == ".jpg" {
			err = jpeg.Encode(&buf, m, nil)
		} else {
			err = png.Encode(&buf, m)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		whole, _, err := LoadRaster(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, win := range windows(w, h) {
			r, _, err := LoadRasterWindow(path, 0, win.Min.X, win.Min.Y, win.Dx(), win.Dy())
			if err != nil {
				t.Fatalf("%s %v: %v", name, win, err)
			}
			want := whole.Crop(win.Min.X, win.Min.Y, win.Dx(), win.Dy())
			if r.W != want.W || r.H != want.H || r.Depth != want.Depth || !slices.Equal(rasterSamples(r), rasterSamples(want)) {
				t.Fatalf("%s: window %v differs from the crop of the whole", name, win)
			}
		}
		for _, bad := range [][4]int{{-1, 0, 5, 5}, {0, 0, w + 1, 1}, {w - 2, h - 2, 3, 2}, {0, 0, 0, 4}} {
			if _, _, err := LoadRasterWindow(path, 0, bad[0], bad[1], bad[2], bad[3]); err == nil {
				t.Errorf("%s: window %v accepted", name, bad)
			}
		}
	}
}

func toNRGBA8(m image.Image) *image.NRGBA {
	b := m.Bounds()
	out := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, m.At(x, y))
		}
	}
	return out
}
