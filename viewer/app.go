//go:build viewer

package viewer

import (
	"fmt"
	"image"
	"io"
	"math"
	"slices"
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"
	"github.com/go-gl/glfw/v3.3/glfw"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/rbf"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Scene is what the viewer shows: a model (image or SDF) and optionally
// its ground truth and the training that is changing it.
type Scene struct {
	Model *field.Model
	// GTImage is the image an image model was fitted to; GTMesh the mesh
	// of an SDF model, already in the model's frame ([−1, 1]³).
	GTImage *pixels.Image
	GTMesh  *mesh.Mesh
	// Live, when not nil, trains Model; the view shows copies of its
	// parameters refreshed every RefreshEvery.
	Live *Live
}

// Options are the viewer's settings; each is also a flag of
// cmd/neurbf-view.
type Options struct {
	Width, Height int
	// Mode: for SDFs shade, normals, depth or slice; for images recon,
	// gt, error or split.
	Mode   string
	Camera render.Camera
	// Screenshot, when set, is written after Frames frames (then Run
	// returns) or when F12 is pressed.
	Screenshot string
	Frames     int
	// Bake is the SDF texture's resolution per axis for a fixed model;
	// LiveBake the one used while training (re-baked at every refresh).
	Bake, LiveBake int
	// RefreshEvery is the period of live refreshes.
	RefreshEvery time.Duration
	ShowRBF      bool
	ShowMesh     bool
	// HideHUD starts with the HUD off (H toggles it).
	HideHUD bool
	// SavePath is where the S key writes a snapshot of a live model.
	SavePath string
	Threads  int
	// Log receives one-line messages (saves, timings).
	Log io.Writer
}

// Stats are measurements of a Run, for reports and benchmarks.
type Stats struct {
	// FrameTimes are the draw times of the frames of a --frames run,
	// glFinish included.
	FrameTimes []time.Duration
	// Refresh is the time of the last bake or reconstruction.
	Refresh time.Duration
	// Screenshot is the last picture written.
	Screenshot *image.NRGBA
}

// MedianFrame returns the median of FrameTimes (0 when empty).
func (s *Stats) MedianFrame() time.Duration {
	if len(s.FrameTimes) == 0 {
		return 0
	}
	t := slices.Clone(s.FrameTimes)
	slices.Sort(t)
	return t[len(t)/2]
}

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

// app is the state of one Run.
type app struct {
	win   *Window
	sc    Scene
	o     Options
	eval  *field.Model // the model the worker evaluates (a clone when live)
	sdf   *SDFView
	img   *ImageView
	hud   *HUD
	stats Stats

	jobs    chan job
	results chan result
	busy    bool
	dirty   bool // the image view changed since its last reconstruction
	shown   int  // steps of the parameters on screen
	lastJob time.Time
	showHUD bool

	dragging  int // 0 none, 1 left, 2 right
	splitDrag bool
	lastX     float64
	lastY     float64
}

// Run shows sc in win until the window is closed or, with o.Frames > 0,
// for that many frames, then writes o.Screenshot if set. It returns the
// measurements of the run.
func Run(win *Window, sc Scene, o Options) (*Stats, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Bake == 0 {
		o.Bake = 256
	}
	if o.LiveBake == 0 {
		o.LiveBake = 96
	}
	if o.RefreshEvery == 0 {
		o.RefreshEvery = 300 * time.Millisecond
	}
	a := &app{win: win, sc: sc, o: o, eval: sc.Model, jobs: make(chan job), results: make(chan result, 1), showHUD: !o.HideHUD, dirty: true}
	if sc.Live != nil {
		c, err := Clone(sc.Model)
		if err != nil {
			return nil, err
		}
		a.eval = c
	}
	if err := a.setup(); err != nil {
		return nil, err
	}
	defer a.teardown()
	go a.worker()
	defer close(a.jobs)
	return &a.stats, a.loop()
}

// isSDF reports whether the scene is a signed distance field.
func (a *app) isSDF() bool { return a.sc.Model.Config.Task == field.TaskSDF }

func (a *app) setup() error {
	hud, err := NewHUD()
	if err != nil {
		return err
	}
	a.hud = hud
	m := a.sc.Model
	if a.isSDF() {
		v, err := NewSDFView()
		if err != nil {
			return err
		}
		a.sdf = v
		v.Camera = a.o.Camera
		if a.o.Mode != "" {
			if v.Mode, err = ParseSDFMode(a.o.Mode); err != nil {
				return err
			}
		}
		if a.sc.GTMesh != nil {
			v.SetMesh(a.sc.GTMesh)
			v.ShowMesh = a.o.ShowMesh
		}
		if e := rbfPart(m); e != nil {
			pts := slices.Clone(e.Centres())
			if s := e.Config().InputScale; len(s) == 3 {
				for i := range pts {
					pts[i] /= s[i%3]
				}
			}
			v.SetCentres(pts)
			v.ShowCentres = a.o.ShowRBF
		}
		return nil
	}
	v, err := NewImageView(m.Config.Width, m.Config.Height, m.Config.Channels, a.sc.GTImage)
	if err != nil {
		return err
	}
	a.img = v
	switch a.o.Mode {
	case "", "recon":
	case "split":
		v.Split = 0.5
	default:
		if v.Layer, err = ParseLayer(a.o.Mode); err != nil {
			return err
		}
	}
	if e := rbfPart(m); e != nil {
		v.SetEllipses(Ellipses(e))
		v.ShowRBF = a.o.ShowRBF
	}
	return nil
}

// rbfPart returns the model's RBF encoder, or nil.
func rbfPart(m *field.Model) *rbf.Encoder {
	for _, p := range m.Encoder.Parts() {
		if e, ok := p.(*rbf.Encoder); ok {
			return e
		}
	}
	return nil
}

func (a *app) teardown() {
	if a.sdf != nil {
		a.sdf.Delete()
	}
	if a.img != nil {
		a.img.Delete()
	}
	a.hud.Delete()
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
			r.err = baker.Bake(vol, n, func(p, d, _ []float32) { a.eval.Eval(p, d) })
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
			if err := a.collect(true); err != nil {
				return err
			}
		} else {
			a.request(w, h)
			if err := a.collect(false); err != nil {
				return err
			}
		}
		a.hud.SetText(a.hudText())
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
		if a.busy || a.sc.Live != nil {
			glfw.WaitEventsTimeout(1.0 / 60)
		} else {
			glfw.WaitEventsTimeout(0.5)
		}
	}
	return nil
}

// draw renders the current view and the HUD.
func (a *app) draw(w, h int) {
	if a.isSDF() {
		a.sdf.Draw(a.win, w, h)
	} else {
		a.img.Draw(a.win, w, h)
	}
	if a.showHUD {
		a.hud.Draw(a.win, w, h)
	}
	gl.BindVertexArray(a.win.vao)
}

// hudText is the HUD's content: the view, then the training state.
func (a *app) hudText() string {
	var s string
	if a.isSDF() {
		v := a.sdf
		s = fmt.Sprintf("SDF %s  az %.0f el %.0f dist %.2f", v.Mode, v.Camera.Azimuth, v.Camera.Elevation, camDist(v.Camera))
		if v.Mode == SDFSlice {
			s += fmt.Sprintf("  slice %c=%.2f", "xyz"[v.SliceAxis], v.SlicePos)
		}
		s += "\n1-4 mode  drag rotate  right-drag pan  scroll zoom  [ ] slice  x axis  m mesh  c centres"
	} else {
		v := a.img
		mode := v.Layer.String()
		if v.Split >= 0 {
			mode = "split"
		}
		w, h := a.win.GetFramebufferSize()
		s = fmt.Sprintf("image %s  zoom %.2fx", mode, v.zoom(w, h))
		s += "\n1 recon  2 gt  3 error  v split  r RBFs  drag pan  shift-drag split  scroll zoom  0 reset"
	}
	if l := a.sc.Live; l != nil {
		p := l.Progress()
		state := "training"
		select {
		case <-l.Done():
			state = "done"
		default:
			if l.Paused() {
				state = "paused"
			}
		}
		s += fmt.Sprintf("\n%s: step %d", state, p.Step)
		if p.Steps > 0 {
			s += fmt.Sprintf("/%d", p.Steps)
		}
		if a.isSDF() {
			s += fmt.Sprintf("  loss %.4g", p.Loss)
		} else {
			s += fmt.Sprintf("  PSNR %.2f dB", p.PSNR)
		}
		if sec := p.Elapsed.Seconds(); sec > 0 {
			s += fmt.Sprintf("  %.0fk samples/s", float64(p.Samples)/sec/1e3)
		}
		s += fmt.Sprintf("  view at step %d\nspace pause/resume  s save", a.shown)
	}
	return s
}

// camDist is the camera's distance, the default for 0.
func camDist(c render.Camera) float64 {
	if c.Distance == 0 {
		return render.DefaultDistance
	}
	return c.Distance
}

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
			return
		}
		x, y := w.GetCursorPos()
		ww, wh := w.GetSize()
		fw, fh := w.GetFramebufferSize()
		a.img.ZoomAt(f, x*float64(fw)/float64(ww), y*float64(fh)/float64(wh), fw, fh)
		a.dirty = true
	})
}

// drag handles a mouse drag of (dx, dy) screen pixels, the pointer at x.
func (a *app) drag(dx, dy, x float64) {
	fw, fh := a.win.GetFramebufferSize()
	ww, _ := a.win.GetSize()
	px := float64(fw) / float64(ww) // framebuffer pixels per screen pixel
	if a.isSDF() {
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
	a.dirty = true
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
			v.SliceAxis = (v.SliceAxis + 1) % 3
		case glfw.KeyM:
			v.ShowMesh = !v.ShowMesh
		case glfw.KeyC:
			v.ShowCentres = !v.ShowCentres
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
		v.ShowRBF = !v.ShowRBF
	case glfw.Key0:
		v.Center, v.Zoom = [2]float64{}, 0
		a.dirty = true
	}
}

// save writes a snapshot of the model on screen to o.SavePath.
func (a *app) save() {
	path := a.o.SavePath
	if path == "" {
		fmt.Fprintln(a.o.Log, "no save path set (--save)")
		return
	}
	var err error
	if l := a.sc.Live; l != nil {
		err = l.Save(path)
	} else {
		err = a.sc.Model.Save(path, 0, 0)
	}
	if err != nil {
		fmt.Fprintln(a.o.Log, "save:", err)
		return
	}
	fmt.Fprintln(a.o.Log, "saved", path)
}

// screenshot writes the window's picture to o.Screenshot.
func (a *app) screenshot() {
	path := a.o.Screenshot
	if path == "" {
		path = "neurbf-view.png"
	}
	w, h := a.win.GetFramebufferSize()
	a.draw(w, h)
	if err := savePNG(path, ReadWindow(w, h)); err != nil {
		fmt.Fprintln(a.o.Log, "screenshot:", err)
		return
	}
	fmt.Fprintln(a.o.Log, "wrote", path)
}
