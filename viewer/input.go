//go:build viewer

package viewer

import (
	"math"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"

	"github.com/neurbf/neurbf/render"
)

// installCallbacks binds keys and the mouse.
func (a *app) installCallbacks() {
	a.win.SetKeyCallback(func(_ *glfw.Window, key glfw.Key, _ int, action glfw.Action, mods glfw.ModifierKey) {
		if action == glfw.Release {
			return
		}
		a.key(key)
	})
	a.win.SetMouseButtonCallback(func(w *glfw.Window, b glfw.MouseButton, action glfw.Action, mods glfw.ModifierKey) {
		a.lastX, a.lastY = w.GetCursorPos()
		if action == glfw.Release {
			a.dragging, a.splitDrag = 0, false
			return
		}
		switch b {
		case glfw.MouseButtonLeft:
			a.dragging = 1
			a.splitDrag = mods&glfw.ModShift != 0
		case glfw.MouseButtonRight, glfw.MouseButtonMiddle:
			a.dragging = 2
		}
	})
	a.win.SetCursorPosCallback(func(w *glfw.Window, x, y float64) {
		dx, dy := x-a.lastX, y-a.lastY
		a.lastX, a.lastY = x, y
		if a.dragging != 0 {
			a.drag(dx, dy, x)
		}
	})
	a.win.SetScrollCallback(func(w *glfw.Window, _, dy float64) {
		f := math.Pow(1.15, dy)
		if a.isSDF() {
			a.sdf.Camera.Distance = min(max(camDist(a.sdf.Camera)/f, 0.5), 20)
			a.moved = time.Now()
			return
		}
		x, y := w.GetCursorPos()
		ww, wh := w.GetSize()
		fw, fh := w.GetFramebufferSize()
		a.img.ZoomAt(f, x*float64(fw)/float64(ww), y*float64(fh)/float64(wh), fw, fh)
		a.dirty, a.moved = true, time.Now()
	})
}

// drag handles a mouse drag of (dx, dy) screen pixels, the pointer at x.
func (a *app) drag(dx, dy, x float64) {
	fw, fh := a.win.GetFramebufferSize()
	ww, _ := a.win.GetSize()
	px := float64(fw) / float64(ww) // framebuffer pixels per screen pixel
	if a.isSDF() {
		a.moved = time.Now()
		c := &a.sdf.Camera
		if a.dragging == 1 {
			c.Azimuth -= 0.4 * dx
			c.Elevation = min(max(c.Elevation+0.4*dy, -89), 89)
			return
		}
		f := newFrame(*c, fw, fh)
		s := 2 * camDist(*c) * f.sy / float64(fh) * px
		for k := range 3 {
			c.Target[k] += -dx*s*f.right[k] + dy*s*f.up[k]
		}
		return
	}
	if a.splitDrag {
		a.img.Split = min(max(x*px/float64(fw), 0), 1)
		return
	}
	a.img.Pan(dx*px, dy*px, fw, fh)
	a.dirty, a.moved = true, time.Now()
}

// key handles a key press.
func (a *app) key(k glfw.Key) {
	switch k {
	case glfw.KeyEscape, glfw.KeyQ:
		a.win.SetShouldClose(true)
		return
	case glfw.KeyH:
		a.showHUD = !a.showHUD
		return
	case glfw.KeySpace:
		if l := a.sc.Live; l != nil {
			l.SetPaused(!l.Paused())
		}
		return
	case glfw.KeyS:
		a.save()
		return
	case glfw.KeyF12:
		a.screenshot()
		return
	}
	if a.isSDF() {
		v := a.sdf
		switch k {
		case glfw.Key1, glfw.Key2, glfw.Key3, glfw.Key4:
			v.Mode = SDFMode(k - glfw.Key1)
		case glfw.KeyLeftBracket:
			v.SlicePos = max(v.SlicePos-0.02, -1)
		case glfw.KeyRightBracket:
			v.SlicePos = min(v.SlicePos+0.02, 1)
		case glfw.KeyX:
			// x, y, z, then back to following the camera.
			v.SliceAxis++
			if v.SliceAxis > 2 {
				v.SliceAxis = SliceAuto
			}
		case glfw.KeyM:
			v.ShowMesh = !v.ShowMesh
		case glfw.KeyC:
			v.ShowCenters = !v.ShowCenters
		}
		return
	}
	v := a.img
	switch k {
	case glfw.Key1, glfw.Key2, glfw.Key3:
		v.Layer, v.Split = Layer(k-glfw.Key1), -1
	case glfw.KeyV:
		if v.Split < 0 {
			v.Split = 0.5
		} else {
			v.Split = -1
		}
	case glfw.KeyR:
		a.toggleEllipses()
	case glfw.Key0:
		v.Center, v.Zoom = [2]float64{}, 0
		a.dirty = true
	}
}

// camDist is the camera's distance, the default for 0.
func camDist(c render.Camera) float64 {
	if c.Distance == 0 {
		return render.DefaultDistance
	}
	return c.Distance
}
