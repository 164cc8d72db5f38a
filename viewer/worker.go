//go:build viewer

package viewer

import (
	"fmt"
	"time"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// job is a field evaluation for the view, run off the main thread.
type job struct {
	region render.Region // image: the window's region
	w, h   int           // image: the window's size; SDF: bake n = w
	// stats asks for the error map's scale too (image with a ground
	// truth): the whole image reconstructed at its own resolution and
	// measured as error.png is, with errScale (ImageView.ErrScale).
	stats    bool
	errScale float64
}

// result is a finished job.
type result struct {
	job
	img   *pixels.Image
	stats *render.ErrorStats
	vol   []float32
	steps int
	took  time.Duration
	err   error
}

// worker evaluates the field for jobs, off the main thread.
func (a *app) worker() {
	var (
		baker Baker
		rd    render.Renderer
		vol   []float32
	)
	baker.Threads, rd.Threads = a.o.Threads, a.o.Threads
	for j := range a.jobs {
		r := result{job: j}
		if a.sc.Live != nil {
			r.steps = a.sc.Live.CopyTo(a.eval)
		}
		t0 := time.Now()
		if a.isSDF() {
			n := j.w
			if len(vol) != n*n*n {
				vol = make([]float32, n*n*n)
			}
			_, r.err = bakeModel(&baker, vol, n, a.eval)
			r.vol = vol
		} else {
			c := a.eval.Config
			r.img = pixels.New(j.w, j.h, c.Channels)
			r.err = rd.Render(r.img, a.eval.Eval, j.region)
			if j.stats && r.err == nil {
				full := pixels.New(c.Width, c.Height, c.Channels)
				if r.err = rd.Render(full, a.eval.Eval, render.Region{X0: -1, Y0: -1, X1: 1, Y1: 1}); r.err == nil {
					var st render.ErrorStats
					st, r.err = a.img.ErrorStats(full, j.errScale)
					r.stats = &st
				}
			}
		}
		r.took = time.Since(t0)
		a.results <- r
	}
}

// request starts a job when none is running and one is due; a tiled
// image view instead asks its workers for the tiles the view lacks.
func (a *app) request(w, h int) {
	if a.img != nil && a.img.tiled != nil {
		a.img.tiled.plan(a.img, w, h, a.moving())
		return
	}
	if a.busy {
		return
	}
	live := a.sc.Live != nil
	due := live && time.Since(a.lastJob) >= a.o.RefreshEvery && (a.shown < a.sc.Live.Progress().Step)
	var j job
	switch {
	case a.isSDF():
		if !a.dirty && !due {
			return
		}
		j.w = a.o.Bake
		if live {
			select {
			case <-a.sc.Live.Done():
			default:
				j.w = a.o.LiveBake
			}
		}
	default:
		// The error map's scale is measured once for a fixed model, and
		// again for a live one when the map is on screen and the
		// parameters change (or changed while it was off screen).
		v := a.img
		errorShown := v.gt != nil && v.Layer == LayerError && v.Split < 0
		staleStats := v.gt != nil && (a.statsAt < 0 || errorShown && a.statsAt != a.shown)
		if !a.dirty && !due && !staleStats {
			return
		}
		j.w, j.h, j.region = w, h, v.Region(w, h)
		j.stats, j.errScale = staleStats || errorShown && due, v.ErrScale
	}
	a.dirty, a.busy, a.lastJob = false, true, time.Now()
	a.jobs <- j
}

// collect uploads a finished job's result; wait blocks for it. A tiled
// image view takes its finished tiles, and with wait those of the
// complete view of the w×h window.
func (a *app) collect(wait bool, w, h int) error {
	if t := a.tiledView(); t != nil {
		var err error
		if wait {
			err = t.settle(a.img, w, h)
		} else {
			_, err = t.pump(false)
		}
		if t.stats != nil && a.img.stats.Pixels == 0 {
			a.img.SetErrorStats(*t.stats)
		}
		a.stats.Samples = t.samples.Load()
		return err
	}
	if !a.busy {
		return nil
	}
	var r result
	if wait {
		r = <-a.results
	} else {
		select {
		case r = <-a.results:
		default:
			return nil
		}
	}
	a.busy = false
	if r.err != nil {
		return r.err
	}
	a.shown, a.stats.Refresh = r.steps, r.took
	if a.isSDF() {
		a.sdf.Upload(r.vol, r.w)
		fmt.Fprintf(a.o.Log, "baked %d³ in %s\n", r.w, r.took.Round(time.Millisecond))
	} else {
		if r.stats != nil {
			a.img.SetErrorStats(*r.stats)
			a.statsAt = r.steps
		}
		a.img.SetRecon(r.img, r.region)
	}
	return nil
}

// tiledView returns the image view's tiles, or nil when it has none.
func (a *app) tiledView() *tiledView {
	if a.img == nil {
		return nil
	}
	return a.img.tiled
}
