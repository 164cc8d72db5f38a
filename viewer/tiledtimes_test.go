//go:build viewer

package viewer

import (
	"os"
	"slices"
	"testing"
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/viewer/tiles"
)

// TestTiledTimes measures the tiled view of the image snapshot named by
// NEURBF_VIEW_IMAGE_MODEL (with NEURBF_VIEW_IMAGE_GT, its image, for the
// error view) in a 1280×720 window, on all CPUs, and logs: the time to the
// preview and to the complete fitted view; to a complete 1:1 view at the
// image's centre; to refine after a pan of a fifth of the window, and
// back; the UI's frame time during a drag (planning, taking finished
// tiles, drawing, glFinish), the time to refine once the drag stops, and
// the frame time of a complete view. Each step's field evaluations are
// logged too. It only measures (the tests above check); it skips without
// the variable.
func TestTiledTimes(t *testing.T) {
	path := os.Getenv("NEURBF_VIEW_IMAGE_MODEL")
	if path == "" {
		t.Skip("set NEURBF_VIEW_IMAGE_MODEL to an image snapshot to measure the tiled view")
	}
	needGL(t)
	t0 := time.Now()
	m, _, err := field.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := m.Config
	t.Logf("%s: %d×%d, %d parameters, loaded in %v", path, c.Width, c.Height, m.TrainableParams(), time.Since(t0).Round(time.Millisecond))
	var gt tiles.PixelFunc
	if g := os.Getenv("NEURBF_VIEW_IMAGE_GT"); g != "" {
		t0 = time.Now()
		r, _, err := pixels.LoadRaster(g, 0)
		if err != nil {
			t.Fatal(err)
		}
		gt = r.Pixel
		t.Logf("%s: read at source depth in %v", g, time.Since(t0).Round(time.Millisecond))
	}
	const w, h = 1280, 720
	var v *ImageView
	onMain(func() {
		if v, err = NewImageView(c.Width, c.Height, c.Channels, nil); err == nil {
			err = v.UseTiles(m.Eval, gt, 0, DefaultTileCache)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer onMain(v.Delete)
	tv := v.tiled
	var tg *Target
	onMain(func() { tg, err = NewTarget(w, h) })
	if err != nil {
		t.Fatal(err)
	}
	defer onMain(tg.Delete)
	// frame is one UI frame: plan, take what arrived, draw, finish; it
	// returns the frame's time and whether the view was complete.
	frame := func(moving bool) (time.Duration, bool) {
		var d time.Duration
		var complete bool
		onMain(func() {
			f0 := time.Now()
			complete = tv.plan(v, w, h, moving)
			if _, err = tv.pump(false); err != nil {
				return
			}
			tg.Bind()
			v.Draw(testWindow, w, h)
			gl.Finish()
			d = time.Since(f0)
		})
		if err != nil {
			t.Fatal(err)
		}
		return d, complete
	}
	// until times frames until the view is complete.
	until := func(what string) {
		n0, f0 := tv.samples.Load(), time.Now()
		var preview time.Duration
		var frames []time.Duration
		for {
			d, complete := frame(false)
			frames = append(frames, d)
			if preview == 0 && len(tv.plans[0].Draw) > 0 {
				preview = time.Since(f0)
			}
			if complete {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		n := tv.samples.Load() - n0
		t.Logf("%s: first picture after %v, complete after %v (level %d), %d samples (%.2f per window pixel), median UI frame %v over %d",
			what, preview.Round(time.Millisecond), time.Since(f0).Round(time.Millisecond), tv.plans[0].Level, n, float64(n)/(w*h), median(frames), len(frames))
	}
	until("fitted view")
	v.Zoom, v.Center = 1, [2]float64{0, 0}
	until("1:1 at the centre")
	onMain(func() { v.Pan(-w/5, 0, w, h) })
	until("after a pan of 256 pixels")
	onMain(func() { v.Pan(w/5, 0, w, h) })
	until("panned back")
	// A drag: 40 frames each 16 pixels on, asking for the coarser level.
	var drag []time.Duration
	for range 40 {
		onMain(func() { v.Pan(-16, -9, w, h) })
		d, _ := frame(true)
		drag = append(drag, d)
	}
	t.Logf("drag of 40 frames: median UI frame %v, slowest %v", median(drag), slices.Max(drag))
	until("refined after the drag")
	var still []time.Duration
	for range 20 {
		d, _ := frame(false)
		still = append(still, d)
	}
	t.Logf("complete view: median frame %v (%.0f frames/s)", median(still), 1/median(still).Seconds())
	if gt != nil {
		v.Layer = LayerError
		until("error view at 1:1 (its scale measured first)")
		v.Layer, v.Zoom = LayerGT, 0
		until("ground truth, fitted")
	}
}

// median returns the median of d.
func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Microsecond)
}
