package pixels

import (
	"bytes"
	"image"
	"strings"
	"testing"
)

// FuzzTIFF feeds the TIFF reader arbitrary files: it must never panic,
// every error is one line naming the file, no decode needs more than the
// limit it is given, and a decoded raster has the size and depth its
// header announced. Seeds: the own writer's variants (tiny, so that
// mutations reach every tag) and a JPEG-in-TIFF skeleton.
//
//	go test -run XXX -fuzz FuzzTIFF -fuzztime 50000x -fuzzminimizetime 1000x ./pixels
func FuzzTIFF(f *testing.F) {
	for i, tc := range tiffMatrix() {
		if i%7 != 0 { // a spread of the variants keeps the corpus small
			continue
		}
		sp := tc.sp
		sp.w, sp.h = 9, 7
		sp.cw, sp.ch = 16, 16
		if !sp.tiled {
			sp.ch = 3
		}
		f.Add(writeTestTIFF(sp, tc.samples[:sp.w*sp.h*sp.spp]))
	}
	for _, o := range []int{3, 6} {
		f.Add(writeTestTIFF(tiffSpec{w: 5, h: 3, spp: 3, bits: 8, photometric: tiffPhotoRGB, ch: 2, compression: tiffNone,
			orientation: o}, tiffSamples(5, 3, 3, 8, o, false)))
	}
	f.Add(writeTestTIFF(tiffSpec{w: 20, h: 8, spp: 3, bits: 8, photometric: tiffPhotoYCbCr, tiled: true, cw: 16, ch: 16,
		compression: tiffJPEG}, tiffSamples(20, 8, 3, 8, 1, false)))
	const limit = 1 << 26
	f.Fuzz(func(t *testing.T, data []byte) {
		r, _, err := decodeTIFF(bytes.NewReader(data), int64(len(data)), "fuzz.tif", limit, image.Rectangle{})
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "fuzz.tif: ") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q", msg)
			}
			return
		}
		tl, err := readTIFFLayout(bytes.NewReader(data), int64(len(data)), "fuzz.tif")
		if err != nil {
			t.Fatalf("decoded, but the layout is refused: %v", err)
		}
		h := tl.header()
		if r.W != h.W || r.H != h.H || r.C != h.C || r.Depth != h.Depth {
			t.Fatalf("raster %d×%d×%d at %d bits, header %+v", r.W, r.H, r.C, r.Depth, h)
		}
		if h.RasterBytes()+h.DecodeBytes(int64(len(data))) > limit {
			t.Fatalf("decoded %+v over the limit", h)
		}
	})
}
