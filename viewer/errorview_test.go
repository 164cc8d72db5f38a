//go:build viewer

package viewer

import (
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// TestErrorViewMatchesErrorPNG: at one window pixel per image pixel the
// error view shows exactly the map of error.png (render.ErrorMap with its
// automatic scale), and its colour bar stands in the top-right corner.
func TestErrorViewMatchesErrorPNG(t *testing.T) {
	needGL(t)
	m, gt := tinyImageModel(t)
	full := render.ReconstructImage(m.Eval, gt.W, gt.H, gt.C, 1)
	want, err := render.ErrorMap(full, gt, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The image (32×32) in the middle, the bar right of it.
	const w, h = 300, 120
	x0, y0 := (w-gt.W)/2, (h-gt.H)/2
	set := func(bar bool) func(v *ImageView) {
		return func(v *ImageView) {
			st, err := v.ErrorStats(full, v.ErrScale)
			if err != nil {
				t.Fatal(err)
			}
			if st.Top <= 0 || st.Rule != "99.5th percentile" {
				t.Fatalf("error scale %+v: want the automatic 99.5th percentile", st)
			}
			v.Zoom = 1
			v.SetErrorStats(st)
			if bar {
				v.Layer = LayerError
			}
		}
	}
	got, _ := shootImage(t, m, gt, w, h, set(true))
	plain, _ := shootImage(t, m, gt, w, h, set(false))
	bad := 0
	for y := range gt.H {
		for x := range gt.W {
			wc := want.NRGBAAt(x, y)
			for c, wv := range [3]uint8{wc.R, wc.G, wc.B} {
				g := got.Pix[((y0+y)*w+x0+x)*3+c]
				if d := float64(g) - float64(wv)/255; d > 1.0/255+1e-6 || d < -1.0/255-1e-6 {
					bad++
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d values of the error view differ from error.png's map", bad, 3*gt.W*gt.H)
	}
	// The bar's white panel covers the top-right corner, the dark
	// background outside the image in the other layers.
	at := func(img *pixels.Image, x, y int) [3]float32 {
		k := (y*w + x) * 3
		return [3]float32{img.Pix[k], img.Pix[k+1], img.Pix[k+2]}
	}
	x, y := w-barMargin-3, barMargin+3
	if c := at(got, x, y); c[0] < 0.9 || c[1] < 0.9 || c[2] < 0.9 {
		t.Errorf("error view at (%d, %d): %v, want the colour bar's white panel", x, y, c)
	}
	if c := at(plain, x, y); c[0] > 0.3 {
		t.Errorf("reconstruction view at (%d, %d): %v, want the dark background (no bar)", x, y, c)
	}
}

// TestErrorViewZoomedShowsPixelErrors: zoomed in, the error view shows
// each image pixel's own error (error.png's map, magnified), not the
// difference between the reconstruction between pixel centres and the
// pixel under it. At zoom 3 window pixel (x0+3x, y0+3y) lies in image
// pixel (x, y), a third of a pixel from its centre.
func TestErrorViewZoomedShowsPixelErrors(t *testing.T) {
	needGL(t)
	m, gt := tinyImageModel(t)
	full := render.ReconstructImage(m.Eval, gt.W, gt.H, gt.C, 1)
	want, err := render.ErrorMap(full, gt, 0)
	if err != nil {
		t.Fatal(err)
	}
	const w, h, zoom = 700, 120, 3 // wide: the colour bar stays clear of the image
	x0, y0 := (w-zoom*gt.W)/2, (h-zoom*gt.H)/2
	got, _ := shootImage(t, m, gt, w, h, func(v *ImageView) {
		st, err := v.ErrorStats(full, v.ErrScale)
		if err != nil {
			t.Fatal(err)
		}
		v.Zoom = zoom
		v.SetErrorStats(st)
		v.Layer = LayerError
	})
	bad := 0
	for y := range gt.H {
		for x := range gt.W {
			wc := want.NRGBAAt(x, y)
			for c, wv := range [3]uint8{wc.R, wc.G, wc.B} {
				g := got.Pix[((y0+zoom*y)*w+x0+zoom*x)*3+c]
				if d := float64(g) - float64(wv)/255; d > 1.0/255+1e-6 || d < -1.0/255-1e-6 {
					bad++
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("zoomed ×%d: %d of %d values of the error view differ from error.png's map", zoom, bad, 3*gt.W*gt.H)
	}
}
