//go:build viewer

package viewer

import (
	"cmp"
	"fmt"
	"image"
	"math"
	"sync"
	"sync/atomic"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/viewer/tiles"
)

// TiledAbove is the image size, in pixels, above which the viewer draws a
// fixed model from tiles (Options.Tiles "auto"): the size above which
// `neurbf fit image` writes previews and a Deep Zoom pyramid instead of
// full-size pictures, and far more than a window shows.
const TiledAbove = 1 << 24

// errorSampleSide is the side of the grid of pixels on which a tiled
// view measures the error map's scale (tiles.Pyramid.ErrorSample).
const errorSampleSide = 512

// tileTex is a finished tile on the GPU: an RGBA8 texture of w×h samples.
type tileTex struct {
	tex  uint32
	w, h int
}

// tileResult is a tile a worker finished.
type tileResult struct {
	key tiles.Key
	pix *image.NRGBA
	err error
}

// tiledView draws an image field of any size from a pyramid of tiles
// (package tiles) that background workers evaluate at about one sample per
// window pixel, kept in a least-recently-used cache of textures under a
// byte budget: the field is evaluated only where the window looks, the UI
// never waits for it, the whole image's coarsest tile is the preview
// under everything, and panning back costs nothing. The ground truth, when
// there is one, is read into tiles the same way (tiles.Pyramid.Sample) and
// the error map per tile too (tiles.Pyramid.PixelErrors), with its scale
// measured once on a grid of errorSampleSide² pixels.
type tiledView struct {
	pyr     tiles.Pyramid
	c       int
	eval    render.ImageFunc
	gt      tiles.PixelFunc // nil without a ground truth
	cache   *tiles.Cache[tileTex]
	queue   *tiles.Queue
	results chan tileResult
	workers sync.WaitGroup
	prog    *program
	// samples counts the field's evaluations (points) of the tiles and of
	// the error sample.
	samples atomic.Int64
	// stats is the error map's scale once measured (nil before); statsC
	// delivers it from the goroutine measuring it.
	stats    *render.ErrorStats
	statsC   chan render.ErrorStats
	errTop   float64
	measured bool
	// plans are those of the last frame's layers; err the first failure
	// of a worker.
	plans []tiles.Plan
	err   error
}

// Tile layers: what a tile holds.
const (
	tileRecon int8 = iota
	tileGT
	tileError
)

// newTiledView returns the tiled view of a w×h field with c channels,
// evaluated by eval on threads workers (0: all CPUs), with the ground
// truth's pixels gt (nil: none), keeping at most budget bytes of tiles.
func newTiledView(w, h, c int, eval render.ImageFunc, gt tiles.PixelFunc, threads int, budget int64) (*tiledView, error) {
	pyr, err := tiles.NewPyramid(w, h)
	if err != nil {
		return nil, err
	}
	prog, err := newProgram("tile", textVS, textFS)
	if err != nil {
		return nil, err
	}
	n := parallel.Count(threads)
	t := &tiledView{pyr: pyr, c: c, gt: gt, queue: tiles.NewQueue(), results: make(chan tileResult, 2*n), prog: prog, statsC: make(chan render.ErrorStats, 1)}
	t.eval = func(out, x []float32) {
		t.samples.Add(int64(len(x) / 2))
		eval(out, x)
	}
	t.cache = tiles.NewCache(budget, func(_ tiles.Key, tt tileTex) { gl.DeleteTextures(1, &tt.tex) })
	for range n {
		t.workers.Add(1)
		go t.work()
	}
	return t, nil
}

// work evaluates the tiles the queue hands out until it is closed.
func (t *tiledView) work() {
	defer t.workers.Done()
	rd := render.Renderer{Threads: 1}
	var pts, out []float32
	var errs []float64
	for {
		key, ok := t.queue.Take()
		if !ok {
			return
		}
		r := tileResult{key: key}
		img := t.pyr.NewTile(key, t.c)
		switch key.Layer {
		case tileRecon:
			r.err = t.pyr.Render(&rd, img, t.eval, key)
			r.pix = pixels.ToNRGBA(img)
		case tileGT:
			t.pyr.Sample(img, t.gt, key)
			r.pix = pixels.ToNRGBA(img)
		case tileError:
			n := img.W * img.H
			if cap(errs) < n {
				errs = make([]float64, n)
			}
			t.pyr.PixelErrors(errs[:n], t.eval, t.gt, t.c, key, &pts, &out)
			r.pix = image.NewNRGBA(image.Rect(0, 0, img.W, img.H))
			for i, e := range errs[:n] {
				col := t.stats.Colour(e)
				r.pix.Pix[4*i], r.pix.Pix[4*i+1], r.pix.Pix[4*i+2], r.pix.Pix[4*i+3] = col.R, col.G, col.B, 255
			}
		}
		t.results <- r
	}
}

// measureErrors starts measuring the error map's scale, once, off the
// main thread: the error of a grid of pixels, with top as
// render.ErrorScale's (0: chosen from the errors).
func (t *tiledView) measureErrors(top float64) {
	if t.measured || t.gt == nil {
		return
	}
	t.measured, t.errTop = true, top
	go func() {
		pred, gt := t.pyr.ErrorSample(t.eval, t.gt, t.c, errorSampleSide)
		st, err := render.ErrorScale(pred, gt, top)
		if err != nil { // cannot happen: the two pictures have one size
			st = render.ErrorStats{Top: max(top, 1)}
		}
		t.statsC <- st
	}()
}

// pump takes the finished tiles into the cache as textures, and the
// error map's scale once measured, and reports whether anything arrived;
// wait blocks until something does.
func (t *tiledView) pump(wait bool) (bool, error) {
	got := false
	for {
		var r tileResult
		if wait && !got {
			select {
			case r = <-t.results:
			case st := <-t.statsC:
				t.stats, got = &st, true
				continue
			}
		} else {
			select {
			case r = <-t.results:
			case st := <-t.statsC:
				t.stats, got = &st, true
				continue
			default:
				return got, t.err
			}
		}
		got = true
		t.queue.Done(r.key)
		if r.err != nil {
			t.err = cmp.Or(t.err, r.err)
			continue
		}
		t.upload(r)
	}
}

// upload makes a finished tile a texture in the cache.
func (t *tiledView) upload(r tileResult) {
	tt := tileTex{w: r.pix.Rect.Dx(), h: r.pix.Rect.Dy(), tex: newTexture2D()}
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, int32(tt.w), int32(tt.h), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(r.pix.Pix))
	filter := int32(gl.LINEAR)
	if r.key.Layer != tileRecon { // pixels and their errors, as the whole-window view shows them
		filter = gl.NEAREST
	}
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter)
	t.cache.Put(r.key, tt, int64(4*tt.w*tt.h))
}

// layers returns the tile layers the view v shows and the fraction of
// the width where the second begins (1: one layer).
func (t *tiledView) layers(v *ImageView) ([]int8, float64) {
	if v.Split >= 0 && t.gt != nil {
		return []int8{tileRecon, tileGT}, v.Split
	}
	switch {
	case v.Layer == LayerGT && t.gt != nil:
		return []int8{tileGT}, 1
	case v.Layer == LayerError && t.gt != nil:
		t.measureErrors(v.ErrScale)
		if t.stats != nil {
			return []int8{tileError}, 1
		}
	}
	return []int8{tileRecon}, 1
}

// imageRect returns the rectangle of image pixels a w×h window of v shows.
func (t *tiledView) imageRect(v *ImageView, w, h int) tiles.Rect {
	r := v.Region(w, h)
	W, H := float64(t.pyr.W), float64(t.pyr.H)
	return tiles.Rect{X0: (r.X0 + 1) / 2 * W, Y0: (r.Y0 + 1) / 2 * H, X1: (r.X1 + 1) / 2 * W, Y1: (r.Y1 + 1) / 2 * H}
}

// plan works out what a w×h window of v draws and asks the workers for
// what it lacks; moving asks for the coarser level only. It reports
// whether the view is complete.
func (t *tiledView) plan(v *ImageView, w, h int, moving bool) bool {
	ls, _ := t.layers(v)
	view, zoom := t.imageRect(v, w, h), v.zoom(w, h)
	t.plans = t.plans[:0]
	var want []tiles.Key
	complete := true
	// While the error map's scale is measured the reconstruction stands
	// in for it, from the preview only: its finer tiles would be thrown
	// away when the error map arrives.
	measuring := v.Layer == LayerError && v.Split < 0 && t.gt != nil && t.stats == nil
	for _, l := range ls {
		p := t.pyr.Plan(l, view, zoom, moving, t.cache.Has)
		t.plans = append(t.plans, p)
		for _, k := range p.Want {
			if !measuring || k.Level == t.pyr.Max {
				want = append(want, k)
			}
		}
		complete = complete && p.Complete
	}
	t.queue.Set(want)
	// Room for twice the tiles of the view's level: what it shows now and
	// the way back from a pan.
	n := 0
	for _, p := range t.plans {
		n += p.Tiles
	}
	t.cache.Reserve(int64(2 * n * 4 * tiles.Size * tiles.Size))
	return complete && !measuring
}

// settle evaluates everything a w×h window of v needs at its full level,
// waiting for the workers: the complete frame of a screenshot.
func (t *tiledView) settle(v *ImageView, w, h int) error {
	for !t.plan(v, w, h, false) {
		if _, err := t.pump(true); err != nil {
			return err
		}
	}
	return t.err
}

// draw draws the planned tiles of a w×h window of v into the bound
// framebuffer: dark gray outside the image, black where no tile has
// arrived yet, then each layer's tiles coarse to fine (the split's
// second layer right of it), clipped to the image (tiles at its right and
// bottom edges reach past it by less than a sample).
func (t *tiledView) draw(win *Window, v *ImageView, w, h int) {
	gl.ClearColor(0.2, 0.2, 0.2, 1)
	gl.Clear(gl.COLOR_BUFFER_BIT)
	gl.BindVertexArray(win.vao)
	view := t.imageRect(v, w, h)
	// Image pixels to window pixels, in float64: a gigapixel image's
	// coordinates need more than float32 in a deep zoom.
	sx, sy := float64(w)/(view.X1-view.X0), float64(h)/(view.Y1-view.Y0)
	// pixel returns the first window pixel whose centre is at or past
	// the image coordinate x (along an axis of n pixels starting at x0
	// with s window pixels per image pixel).
	pixel := func(x, x0, s float64, n int) int32 {
		return int32(min(max(math.Ceil((x-x0)*s-0.5), 0), float64(n)))
	}
	ix0, ix1 := pixel(0, view.X0, sx, w), pixel(float64(t.pyr.W), view.X0, sx, w)
	iy0, iy1 := pixel(0, view.Y0, sy, h), pixel(float64(t.pyr.H), view.Y0, sy, h)
	p := t.prog
	p.use()
	p.setVec2("size", float32(w), float32(h))
	p.setInt("tex", 0)
	gl.ActiveTexture(gl.TEXTURE0)
	ls, split := t.layers(v)
	xs := int32(math.Round(split * float64(w)))
	gl.Enable(gl.SCISSOR_TEST)
	for i := range ls {
		x0, x1 := ix0, ix1 // the image, and the layer's side of the split
		if len(ls) == 2 && i == 0 {
			x1 = min(x1, xs)
		} else if len(ls) == 2 {
			x0 = max(x0, xs)
		}
		// GL's scissor box counts rows from the bottom.
		gl.Scissor(x0, int32(h)-iy1, max(0, x1-x0), max(0, iy1-iy0))
		gl.ClearColor(0, 0, 0, 1)
		gl.Clear(gl.COLOR_BUFFER_BIT)
		if i >= len(t.plans) {
			continue
		}
		for _, key := range t.plans[i].Draw {
			tt, ok := t.cache.Get(key)
			if !ok {
				continue
			}
			b := t.pyr.Bounds(key)
			p.setVec4("rect", float32((b.X0-view.X0)*sx), float32((b.Y0-view.Y0)*sy), float32((b.X1-b.X0)*sx), float32((b.Y1-b.Y0)*sy))
			gl.BindTexture(gl.TEXTURE_2D, tt.tex)
			gl.DrawArrays(gl.TRIANGLE_STRIP, 0, 4)
		}
	}
	if len(ls) == 2 { // the split's line, two pixels wide
		gl.Scissor(xs-1, 0, 2, int32(h))
		gl.ClearColor(1, 1, 1, 1)
		gl.Clear(gl.COLOR_BUFFER_BIT)
	}
	gl.Disable(gl.SCISSOR_TEST)
}

// status is the HUD's line about the tiles: the level, how much of the
// view is refined, the cache and the field's evaluations so far.
func (t *tiledView) status(v *ImageView) string {
	done, want := 0, 0
	if len(t.plans) > 0 {
		for _, p := range t.plans {
			n := 0
			for _, k := range p.Draw {
				if k.Level == p.Level {
					n++
				}
			}
			done += n
			want += n + len(p.Want)
		}
	}
	lvl := 0
	if len(t.plans) > 0 {
		lvl = t.plans[0].Level
	}
	s := fmt.Sprintf("tiles: level %d, %d/%d of the view  cache %d tiles %s  %.2fM samples evaluated",
		lvl, done, max(want, done), t.cache.Len(), pixels.FormatBytes(t.cache.Bytes()), float64(t.samples.Load())/1e6)
	switch {
	case t.gt == nil && (v.Layer != LayerRecon || v.Split >= 0):
		s += "\nno ground truth: gt, error and split need --gt IMAGE"
	case v.Layer == LayerError && v.Split < 0 && t.stats == nil:
		s += fmt.Sprintf("\nerror view: measuring the error scale on %d×%d pixels …", errorSampleSide, errorSampleSide)
	case v.Layer == LayerError && v.Split < 0:
		s += fmt.Sprintf("\nerror scale measured on %d×%d pixels spread over the image (error.png's measure)", errorSampleSide, errorSampleSide)
	}
	return s
}

// delete stops the workers and frees the textures.
func (t *tiledView) delete() {
	t.queue.Close()
	done := make(chan struct{})
	go func() { t.workers.Wait(); close(done) }()
	for {
		select {
		case <-t.results: // a worker blocked on its result
			continue
		case <-done:
		}
		break
	}
	t.cache.Clear()
	t.prog.delete()
}
