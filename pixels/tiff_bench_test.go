package pixels

import (
	"image"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkLoadRaster compares LoadRaster on one 2048×2048 RGB picture
// (a gradient with hashed noise) stored as a streamed PNG and as tiled
// TIFFs (256×256 tiles, Deflate with the predictor, PackBits,
// uncompressed) and a BigTIFF of 64-row strips.
func BenchmarkLoadRaster(b *testing.B) {
	const side = 2048
	s := tiffSamples(side, side, 3, 8, 1, false)
	dir := b.TempDir()
	m := image.NewRGBA(image.Rect(0, 0, side, side))
	for i := range side * side {
		m.Pix[4*i], m.Pix[4*i+1], m.Pix[4*i+2], m.Pix[4*i+3] = uint8(s[3*i]), uint8(s[3*i+1]), uint8(s[3*i+2]), 255
	}
	png := filepath.Join(dir, "b.png")
	if err := SavePNG(png, m); err != nil {
		b.Fatal(err)
	}
	tiled := tiffSpec{w: side, h: side, spp: 3, bits: 8, photometric: tiffPhotoRGB, tiled: true, cw: 256, ch: 256}
	files := []struct{ name, path string }{{"png", png}}
	for _, v := range []struct {
		name string
		sp   tiffSpec
		comp int
		pred int
	}{
		{"tiff-deflate-pred", tiled, tiffDeflate, 2},
		{"tiff-packbits", tiled, tiffPackBits, 1},
		{"tiff-none", tiled, tiffNone, 1},
		{"bigtiff-strips-deflate", tiffSpec{w: side, h: side, spp: 3, bits: 8, photometric: tiffPhotoRGB, big: true, ch: 64}, tiffDeflate, 1},
	} {
		sp := v.sp
		sp.compression, sp.predictor = v.comp, v.pred
		p := filepath.Join(dir, v.name+".tif")
		if err := os.WriteFile(p, writeTestTIFF(sp, s), 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, struct{ name, path string }{v.name, p})
	}
	for _, f := range files {
		b.Run(f.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := LoadRaster(f.path, 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(side*side*b.N)/b.Elapsed().Seconds()/1e6, "MP/s")
		})
	}
}
