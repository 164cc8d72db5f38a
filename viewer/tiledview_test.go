//go:build viewer

package viewer

import (
	"bytes"
	"image"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/viewer/tiles"
)

// bigClaimed returns a copy of the tiny trained model whose Config says it
// was fitted to a side×side image: its field is the same function of the
// plane, but evaluating it whole would take side² evaluations (4.3·10⁹
// at 65536), which no test could wait for.
func bigClaimed(t *testing.T, side int) *field.Model {
	t.Helper()
	m, _ := tinyImageModel(t)
	big := m.Clone()
	big.Config.Width, big.Config.Height = side, side
	return big
}

// openTiled returns a tiled view of the side×side RGB field f on all
// CPUs, and the count of f's evaluations by the view.
func openTiled(t *testing.T, side int, f render.ImageFunc) (*ImageView, *atomic.Int64) {
	t.Helper()
	var evals atomic.Int64
	eval := func(out, x []float32) { evals.Add(int64(len(x) / 2)); f(out, x) }
	var v *ImageView
	var err error
	onMain(func() {
		if v, err = NewImageView(side, side, 3, nil); err == nil {
			err = v.UseTiles(eval, nil, 0, DefaultTileCache)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return v, &evals
}

// tiledShot draws the tiled view v into a fresh w×h target and reads it.
func tiledShot(t *testing.T, v *ImageView, w, h int) *image.NRGBA {
	t.Helper()
	return shoot(t, w, h, func() { v.Draw(testWindow, w, h) })
}

// TestTiledViewEvaluatesTheWindow opens a 65536²-pixel model in a
// 1280×720 view and checks that the first frame has its preview within a
// time bound, that each view evaluates about as many samples as the
// window has pixels (the image has 3400 times more), that panning back
// evaluates nothing, and that a window matches `neurbf render --region`
// (render.PixelWindow and a render of it) at the level's scale.
func TestTiledViewEvaluatesTheWindow(t *testing.T) {
	needGL(t)
	const side, w, h = 65536, 1280, 720
	m := bigClaimed(t, side)
	v, evals := openTiled(t, side, m.Eval)
	defer onMain(v.Delete)
	var err error
	screen := int64(w * h)
	tv := v.tiled

	// The first frame: the whole image's preview tile, then the view.
	t0 := time.Now()
	var preview time.Duration
	onMain(func() {
		for {
			tv.plan(v, w, h, false)
			if len(tv.plans[0].Draw) > 0 {
				preview = time.Since(t0)
				return
			}
			if _, err = tv.pump(true); err != nil {
				return
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	onMain(func() { err = tv.settle(v, w, h) })
	full := time.Since(t0)
	if err != nil {
		t.Fatal(err)
	}
	first := evals.Load()
	t.Logf("fitted view of %d² pixels at %d×%d: preview after %v, complete after %v, %d samples (%.2f per window pixel)",
		side, w, h, preview.Round(time.Millisecond), full.Round(time.Millisecond), first, float64(first)/float64(screen))
	if preview > 5*time.Second {
		t.Errorf("the preview took %v, want under 5 s", preview)
	}
	if first > 4*screen || first < screen/20 {
		t.Errorf("the fitted view evaluated %d samples for a %d-pixel window", first, screen)
	}

	// Zoom to 1/16 (level 4) on a window whose left and top edges are on
	// the level's grid: window pixels are the samples of render --region
	// X,Y,W,H --scale 1/16.
	want := checkWindow(t, v, m.Eval, evals.Load, 16*1000, 16*1500, 4, w, h)

	// Pan by a fifth of the window, then back: the new strip only, then
	// nothing, the view complete at once.
	var pan time.Duration
	for i, dx := range []float64{-w / 5, w / 5} {
		before := evals.Load()
		t0 = time.Now()
		onMain(func() {
			v.Pan(dx, 0, w, h)
			err = tv.settle(v, w, h)
		})
		if i == 0 {
			pan = time.Since(t0)
		}
		if err != nil {
			t.Fatal(err)
		}
		n := evals.Load() - before
		switch {
		case i == 0:
			t.Logf("pan by %v window pixels: refined after %v, %d samples", -dx, pan.Round(time.Millisecond), n)
			if n > screen/2 || n == 0 {
				t.Errorf("a pan of a fifth of the window evaluated %d samples", n)
			}
		case n != 0:
			t.Errorf("panning back evaluated %d samples, want none (cached)", n)
		}
	}
	if got := pixels.FromImage(tiledShot(t, v, w, h)); psnrOf(got, want) < 45 {
		t.Errorf("back at the start of the pan the picture differs: PSNR %.2f dB", psnrOf(got, want))
	}
	if c := tv.cache.Len(); c == 0 || tv.cache.Bytes() > DefaultTileCache {
		t.Errorf("cache of %d tiles, %d bytes", c, tv.cache.Bytes())
	}
}

// checkWindow zooms the tiled view v (of a field f, of a square image) to
// 2^−k window pixels per image pixel with the w×h window's top-left
// corner at image pixel (x, y), a multiple of 2^k, and waits for it to be
// complete; it checks that it evaluated about one sample per window pixel
// (evals counts f's samples) and that the picture is render --region's,
// which it returns.
func checkWindow(t *testing.T, v *ImageView, f render.ImageFunc, evals func() int64, x, y, k, w, h int) *pixels.Image {
	t.Helper()
	side := float64(v.W)
	s := math.Ldexp(1, k)
	onMain(func() {
		v.Zoom = 1 / s
		v.Center = [2]float64{-1 + 2*(float64(x)+float64(w)*s/2)/side, -1 + 2*(float64(y)+float64(h)*s/2)/side}
	})
	before := evals()
	t0 := time.Now()
	var err error
	onMain(func() { err = v.tiled.settle(v, w, h) })
	took := time.Since(t0)
	if err != nil {
		t.Fatal(err)
	}
	n, screen := evals()-before, int64(w*h)
	t.Logf("zoom to 1/%g: complete after %v, %d samples (%.2f per window pixel)", s, took.Round(time.Millisecond), n, float64(n)/float64(screen))
	if l := v.tiled.plans[0].Level; l != k {
		t.Fatalf("zoom 1/%g refined to level %d, want %d", s, l, k)
	}
	if n > 4*screen || n < screen/2 {
		t.Errorf("the zoomed view evaluated %d samples for a %d-pixel window", n, screen)
	}
	got := pixels.FromImage(tiledShot(t, v, w, h))
	r, err := render.PixelWindow(v.W, v.H, x, y, w*int(s), h*int(s))
	if err != nil {
		t.Fatal(err)
	}
	want, err := render.ReconstructRegion(f, r, w, h, v.C, 0)
	if err != nil {
		t.Fatal(err)
	}
	want = pixels.FromImage(pixels.ToNRGBA(want)) // 8 bits, as render -o writes
	if n := distinct(want); n < 200 {
		t.Errorf("the window has %d distinct colours: too flat for the comparison to show anything", n)
	}
	maxDiff := 0.0
	for i := range got.Pix {
		maxDiff = max(maxDiff, math.Abs(float64(got.Pix[i]-want.Pix[i])))
	}
	p := psnrOf(got, want)
	t.Logf("window against render --region: PSNR %.2f dB, largest difference %.0f/255", p, maxDiff*255)
	if p < 45 || maxDiff > 3.0/255 {
		t.Errorf("window against render --region: PSNR %.2f dB, largest difference %.0f/255; want ≥ 45 dB and ≤ 3", p, maxDiff*255)
	}
	return want
}

// TestTiledMergedModel opens a merged model (field.Merge: a 2×2 grid of
// tiles fitted apart, blended where they overlap) that claims 65536²
// pixels, on a window across the seams, and checks it as the one-piece
// model: about one evaluation per window pixel, and render --region's
// picture.
func TestTiledMergedModel(t *testing.T) {
	needGL(t)
	const side, w, h = 65536, 640, 360
	info := field.Tiling{Grid: field.TileGrid{Rows: 2, Cols: 2, Overlap: 2048, Width: side, Height: side}}
	full, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		t.Fatal(err)
	}
	var parts []*field.Model
	for i := range info.Grid.Count() {
		crop, err := pixels.CenterCrop(full, 24+8*i, 32) // a different picture for each tile
		if err != nil {
			t.Fatal(err)
		}
		m := trainImage(t, crop, 60, uint64(i))
		r := info.Grid.Region(i)
		m.Config.Width, m.Config.Height = r.W, r.H // a region of the big-claimed image
		parts = append(parts, m)
		info.Tiles = append(info.Tiles, field.TileRecord{Index: i, Steps: 60})
	}
	merged, err := field.Merge(info, parts)
	if err != nil {
		t.Fatal(err)
	}
	v, evals := openTiled(t, side, merged.Eval)
	defer onMain(v.Delete)
	// The middle of the image, where all four tiles meet, at 1/32.
	checkWindow(t, v, merged.Eval, evals.Load, side/2-32*w/2, side/2-32*h/2, 5, w, h)
}

// psnrOf is pixels.PSNR without its error (pictures of one size).
func psnrOf(a, b *pixels.Image) float64 {
	p, _ := pixels.PSNR(a, b)
	return p
}

// TestTiledGroundTruthAndError checks the tiled view's ground truth and
// error map against the small view's at one window pixel per image pixel,
// where both show the same pixels: the ground truth exactly, the error map
// with its scale measured on a sample (the same scale given as ErrScale).
func TestTiledGroundTruthAndError(t *testing.T) {
	needGL(t)
	m, gt := tinyImageModel(t)
	const w, h = 32, 32
	shot := func(tiled bool, set func(v *ImageView)) *pixels.Image {
		var v *ImageView
		var err error
		onMain(func() {
			g := gt
			if tiled {
				g = nil
			}
			if v, err = NewImageView(gt.W, gt.H, 3, g); err == nil && tiled {
				err = v.UseTiles(m.Eval, tiles.ImagePixels(gt), 1, DefaultTileCache)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		defer onMain(v.Delete)
		set(v)
		onMain(func() {
			if tiled {
				if err = v.tiled.settle(v, w, h); err == nil && v.tiled.stats != nil {
					v.SetErrorStats(*v.tiled.stats)
				}
				return
			}
			rd := render.Renderer{Threads: 1}
			recon := pixels.New(w, h, 3)
			full := pixels.New(gt.W, gt.H, 3)
			r := v.Region(w, h)
			if err = rd.Render(recon, m.Eval, r); err != nil {
				return
			}
			if err = rd.Render(full, m.Eval, render.Region{X0: -1, Y0: -1, X1: 1, Y1: 1}); err != nil {
				return
			}
			var st render.ErrorStats
			if st, err = v.ErrorStats(full, v.ErrScale); err == nil {
				v.SetErrorStats(st)
				v.SetRecon(recon, r)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return pixels.FromImage(tiledShot(t, v, w, h))
	}
	for _, c := range []struct {
		name  string
		set   func(v *ImageView)
		minDB float64
	}{
		{"gt", func(v *ImageView) { v.Zoom, v.Layer = 1, LayerGT }, 99},
		{"recon", func(v *ImageView) { v.Zoom = 1 }, 45},
		{"error", func(v *ImageView) { v.Zoom, v.Layer, v.ErrScale = 1, LayerError, 0.25 }, 45},
		{"split", func(v *ImageView) { v.Zoom, v.Split = 1, 0.5 }, 40},
	} {
		small, tiled := shot(false, c.set), shot(true, c.set)
		p := psnrOf(tiled, small)
		t.Logf("%s: tiled against the whole-window view, PSNR %.2f dB", c.name, p)
		if p < c.minDB {
			t.Errorf("%s: tiled against the whole-window view, PSNR %.2f dB, want ≥ %.0f", c.name, p, c.minDB)
		}
	}
}
