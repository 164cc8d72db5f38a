//go:build viewer

package viewer

import (
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// loop is the main loop.
func (a *app) loop() error {
	a.installCallbacks()
	unattended := a.o.Frames > 0
	if unattended && a.sc.Live != nil {
		<-a.sc.Live.Done()
	}
	frames := 0
	var tg *Target // the off-screen picture of an unattended run
	for !a.win.ShouldClose() {
		w, h := a.win.GetFramebufferSize()
		if unattended {
			w, h = a.o.Width, a.o.Height
		}
		if w == 0 || h == 0 {
			glfw.WaitEventsTimeout(0.1)
			continue
		}
		if unattended && frames == 0 {
			a.dirty = true
			a.request(w, h)
			if err := a.collect(true, w, h); err != nil {
				return err
			}
		} else {
			a.request(w, h)
			if err := a.collect(false, w, h); err != nil {
				return err
			}
		}
		hudW := w
		if !a.isSDF() {
			hudW -= a.img.barWidth(w, h)
		}
		a.hud.SetText(a.hudText(w, h), hudW)
		if unattended {
			if tg == nil {
				var err error
				if tg, err = NewTarget(w, h); err != nil {
					return err
				}
				defer tg.Delete()
			}
			tg.Bind()
		} else {
			gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
			gl.Viewport(0, 0, int32(w), int32(h))
		}
		t0 := time.Now()
		a.draw(w, h)
		if unattended {
			gl.Finish()
			a.stats.FrameTimes = append(a.stats.FrameTimes, time.Since(t0))
			frames++
			if frames >= a.o.Frames {
				img := tg.Read()
				a.stats.Screenshot = img
				if a.o.Screenshot != "" {
					if err := savePNG(a.o.Screenshot, img); err != nil {
						return err
					}
				}
				return nil
			}
			glfw.PollEvents()
			continue
		}
		a.win.SwapBuffers()
		if a.busy || a.sc.Live != nil || a.moving() || a.tiledView() != nil && a.tiledView().queue.Busy() {
			glfw.WaitEventsTimeout(1.0 / 60)
		} else {
			glfw.WaitEventsTimeout(0.5)
		}
	}
	return nil
}

// movingFor is how long after its last change the SDF camera or the
// tiled image view counts as moving (drawn at half resolution, or from
// the tiles of the level above).
const movingFor = 250 * time.Millisecond

// moving reports whether an interactive view is to be drawn cheaply, its
// camera, pan or zoom changed within movingFor: an SDF view at half
// resolution, a tiled image view from the coarser level's tiles (a
// quarter of the samples), refined once still.
func (a *app) moving() bool {
	return a.o.Frames == 0 && !a.o.NoLowRes && time.Since(a.moved) < movingFor
}

// draw renders the current view and the HUD into the bound w×h
// framebuffer (the window's, or a target's).
func (a *app) draw(w, h int) {
	switch {
	case a.isSDF() && a.moving():
		a.drawLowRes(w, h)
	case a.isSDF():
		a.sdf.Draw(a.win, w, h)
	default:
		a.img.Draw(a.win, w, h)
	}
	if a.showHUD {
		a.hud.Draw(a.win, w, h)
	}
	gl.BindVertexArray(a.win.vao)
}

// drawLowRes draws the SDF view at half resolution into an off-screen
// target and stretches it over the window's w×h framebuffer: a quarter of
// the fragments, which llvmpipe's frame time is proportional to.
func (a *app) drawLowRes(w, h int) {
	lw, lh := max(1, w/2), max(1, h/2)
	if a.lowRes == nil || a.lowRes.W != lw || a.lowRes.H != lh {
		if a.lowRes != nil {
			a.lowRes.Delete()
		}
		t, err := NewTarget(lw, lh)
		if err != nil { // cannot happen for a positive size; draw in full
			a.lowRes = nil
			gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
			a.sdf.Draw(a.win, w, h)
			return
		}
		a.lowRes = t
	}
	a.lowRes.Bind()
	a.sdf.Draw(a.win, lw, lh)
	gl.BindFramebuffer(gl.READ_FRAMEBUFFER, a.lowRes.fbo)
	gl.BindFramebuffer(gl.DRAW_FRAMEBUFFER, 0)
	gl.BlitFramebuffer(0, 0, int32(lw), int32(lh), 0, 0, int32(w), int32(h), gl.COLOR_BUFFER_BIT, gl.LINEAR)
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	gl.Viewport(0, 0, int32(w), int32(h))
}
