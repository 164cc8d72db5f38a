//go:build viewer

package viewer

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/glfw/v3.3/glfw"

	"github.com/neurbf/neurbf/render"
)

// BenchmarkSDFFrameParts breaks an 800×600 frame of BenchmarkSDFFrame's
// torus (shade mode) into parts, each repeated with glFinish and reported
// in wall and CPU milliseconds: clear, the surface's box filled with a
// constant colour, the box with the rays set up and clipped but not
// marched, the whole march (SDFView.Draw), glReadPixels, and in the
// window's back buffer the HUD, SwapBuffers, and draw + HUD + swap, the
// frame a user sees. With -test.v it logs the number of llvmpipe's
// rasteriser threads.
func BenchmarkSDFFrameParts(b *testing.B) {
	needGL(b)
	vol := torusVolume(b)
	const w, h = 800, 600
	var v *SDFView
	var hud *HUD
	var tg *Target
	var constant, rays *program
	var err error
	onMain(func() {
		if v, err = NewSDFView(); err != nil {
			return
		}
		v.Upload(vol, 256)
		v.Camera = render.Camera{Azimuth: 30, Elevation: 20}
		if hud, err = NewHUD(); err != nil {
			return
		}
		hud.SetText("SDF shade  az 30 el 20 dist 3.00\n1-4 mode  drag rotate  right-drag pan  scroll zoom", 800)
		if tg, err = NewTarget(w, h); err != nil {
			return
		}
		if constant, err = newProgram("constant", boxVS, "#version 410 core\nout vec4 colour;\nvoid main() { colour = vec4(1.0); }\n"); err != nil {
			return
		}
		src := sdfSource("#define MODE 0\n")
		src = strings.Replace(src, "if (!clipBox(eye, d, t0, t1)) return;", "if (!clipBox(eye, d, t0, t1)) return;\n\tcolour = vec4(t0, t1, 0.0, 1.0);\n\treturn;", 1)
		if rays, err = newProgram("rays", boxVS, src); err != nil {
			return
		}
		testWindow.SetSize(w, h)
		testWindow.Show()
		glfw.PollEvents()
	})
	if err != nil {
		b.Fatal(err)
	}
	defer onMain(func() {
		testWindow.Hide()
		testWindow.SetSize(64, 64)
		v.Delete()
		hud.Delete()
		tg.Delete()
		constant.delete()
		rays.delete()
	})
	b.Logf("llvmpipe threads: %d (LP_NUM_THREADS=%q)", llvmpipeThreads(), os.Getenv("LP_NUM_THREADS"))
	with := func(p *program) func() {
		return func() {
			march := v.march[SDFShade]
			v.march[SDFShade] = p
			v.Draw(testWindow, w, h)
			v.march[SDFShade] = march
		}
	}
	clear := func() { gl.Clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT) }
	var rows []byte
	for _, part := range []struct {
		name   string
		window bool
		draw   func()
	}{
		{"clear", false, clear},
		{"box-constant", false, with(constant)},
		{"box-rays", false, with(rays)},
		{"march", false, func() { v.Draw(testWindow, w, h) }},
		{"readpixels", false, func() { readPixels(w, h, &rows) }},
		{"hud", true, func() { clear(); hud.Draw(testWindow, w, h) }},
		{"swap", true, func() { clear(); testWindow.SwapBuffers() }},
		{"window", true, func() { v.Draw(testWindow, w, h); hud.Draw(testWindow, w, h); testWindow.SwapBuffers() }},
	} {
		b.Run(part.name, func(b *testing.B) {
			var wall, cpu time.Duration
			var fw, fh int
			onMain(func() {
				if part.window {
					if fw, fh = testWindow.GetFramebufferSize(); fw != w || fh != h {
						return
					}
					gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
					gl.Viewport(0, 0, w, h)
				} else {
					tg.Bind()
				}
				part.draw()
				gl.Finish()
				b.ResetTimer()
				c0, t0 := cpuTime(), time.Now()
				for range b.N {
					part.draw()
					gl.Finish()
				}
				wall, cpu = time.Since(t0), cpuTime()-c0
			})
			if part.window && (fw != w || fh != h) {
				b.Skipf("the window's framebuffer is %d×%d, not %d×%d", fw, fh, w, h)
			}
			b.ReportMetric(wall.Seconds()*1000/float64(b.N), "ms/frame")
			b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/frame")
		})
	}
}

// llvmpipeThreads returns the number of the process's threads named by
// llvmpipe's rasteriser ("llvmpipe-0", ...).
func llvmpipeThreads() int {
	tasks, _ := os.ReadDir("/proc/self/task")
	n := 0
	for _, t := range tasks {
		name, _ := os.ReadFile("/proc/self/task/" + t.Name() + "/comm")
		if strings.HasPrefix(string(name), "llvmpipe") {
			n++
		}
	}
	return n
}
