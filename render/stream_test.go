package render

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// wave is a smooth test picture of the plane.
func wave(out, x []float32) {
	for i := 0; i < len(x)/2; i++ {
		u, v := float64(x[2*i]), float64(x[2*i+1])
		out[3*i] = float32(0.5 + 0.4*math.Sin(7*u+3*v))
		out[3*i+1] = float32(0.5 + 0.4*math.Cos(5*u*v))
		out[3*i+2] = float32(0.5 + 0.45*math.Sin(11*v))
	}
}

// TestStreamMatchesWholeRender streams a picture in several bands and
// compares its scores and previews with the whole render's.
func TestStreamMatchesWholeRender(t *testing.T) {
	defer func(v int) { streamBandPixels = v }(streamBandPixels)
	const W, H = 300, 77
	full := ReconstructImage(wave, W, H, 3, 2)
	ref := pixels.New(W, H, 3)
	for i, v := range full.Pix { // the reference: the render, off by a little
		q := min(1, max(0, v+0.02*float32(math.Sin(float64(i)))))
		ref.Pix[i] = float32(uint8(q*255+0.5)) / 255
	}
	gt := rasterOf(t, ref)
	wantP, _ := pixels.PSNR(full, ref)
	wantS, _ := pixels.SSIM(full, ref)
	for _, band := range []int{W * 7, W * 30, 1 << 22} {
		streamBandPixels = band
		calls := 0
		var sunk []float32
		sink := func(b *pixels.Image) error {
			if b.W != W || b.C != 3 {
				t.Fatalf("sink got a %d×%d×%d band", b.W, b.H, b.C)
			}
			sunk = append(sunk, b.Pix...)
			return nil
		}
		res, err := Stream(wave, gt, 64, 2, sink, func(done, total int) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sunk, full.Pix) {
			t.Errorf("bands of %d pixels: the sink's bands are not the whole render", band)
		}
		if math.Abs(res.PSNR-wantP) > 1e-6 || math.Abs(res.SSIM-wantS) > 1e-6 {
			t.Errorf("bands of %d pixels: PSNR %v SSIM %v, want %v and %v", band, res.PSNR, res.SSIM, wantP, wantS)
		}
		if res.Factor != 5 || res.Recon.W != 60 || res.Recon.H != 16 || calls < 1 {
			t.Fatalf("factor %d, preview %d×%d, %d progress calls", res.Factor, res.Recon.W, res.Recon.H, calls)
		}
		for py := range res.Recon.H {
			for px := range res.Recon.W {
				for c := range 3 {
					var s float64
					n := 0
					for y := py * 5; y < min(py*5+5, H); y++ {
						for x := px * 5; x < min(px*5+5, W); x++ {
							s += float64(full.Pix[(y*W+x)*3+c])
							n++
						}
					}
					if got := res.Recon.Pix[(py*60+px)*3+c]; math.Abs(float64(got)-s/float64(n)) > 1e-5 {
						t.Fatalf("preview (%d,%d) %d = %g, want %g", px, py, c, got, s/float64(n))
					}
				}
			}
		}
	}
	boom := errors.New("boom")
	if _, err := Stream(wave, gt, 64, 2, func(*pixels.Image) error { return boom }, nil); !errors.Is(err, boom) {
		t.Errorf("a failing sink: %v", err)
	}
	if _, err := PixelWindow(10, 10, 5, 5, 6, 1); err == nil {
		t.Error("a window past the edge: no error")
	}
}

// rasterOf stores an 8-bit-exact image in a raster.
func rasterOf(t *testing.T, img *pixels.Image) *pixels.Raster {
	t.Helper()
	r, _ := pixels.RasterFromImage(pixels.ToNRGBA(img), img.C == 1, 1)
	return r
}
