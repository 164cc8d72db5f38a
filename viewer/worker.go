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
}

// result is a finished job.
type result struct {
	job
	img   *pixels.Image
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
			r.img = pixels.New(j.w, j.h, a.eval.Config.Channels)
			r.err = rd.Render(r.img, a.eval.Eval, j.region)
		}
		r.took = time.Since(t0)
		a.results <- r
	}
}

// request starts a job when none is running and one is due.
func (a *app) request(w, h int) {
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
		if !a.dirty && !due {
			return
		}
		j.w, j.h, j.region = w, h, a.img.Region(w, h)
	}
	a.dirty, a.busy, a.lastJob = false, true, time.Now()
	a.jobs <- j
}

// collect uploads a finished job's result; wait blocks for it.
func (a *app) collect(wait bool) error {
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
		a.img.SetRecon(r.img, r.region)
	}
	return nil
}
