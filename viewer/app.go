//go:build viewer

package viewer

import (
	"cmp"
	"fmt"
	"image"
	"io"
	"slices"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/rbf"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/viewer/tiles"
)

// Scene is what the viewer shows: a model (image or SDF) and optionally
// its ground truth and the training that is changing it.
type Scene struct {
	Model *field.Model
	// GTImage is the image an image model was fitted to; GTMesh the mesh
	// of an SDF model, already in the model's frame ([−1, 1]³).
	GTImage *pixels.Image
	GTMesh  *mesh.Mesh
	// GTRaster is the ground truth of an image model held at its source
	// depth (pixels.LoadRaster), for images too big for GTImage's floats;
	// only a tiled view (Options.Tiles) shows it.
	GTRaster *pixels.Raster
	// Live, when not nil, trains Model; the view shows copies of its
	// parameters refreshed every RefreshEvery.
	Live *Live
	// Steps and Seconds are the training a loaded snapshot has seen (its
	// header's); the S key writes them back unchanged.
	Steps   int
	Seconds float64
}

// Options are the viewer's settings; each is also a flag of
// cmd/neurbf-view.
type Options struct {
	Width, Height int
	// Mode: for SDFs shade, normals, depth or slice; for images recon,
	// gt, error or split.
	Mode   string
	Camera render.Camera
	// SliceAxis is the SDF slice plane's axis: x, y or z; "" or auto
	// follows the camera (SliceAuto). SlicePos is its position in [−1, 1].
	SliceAxis string
	SlicePos  float64
	// Split is the image split's position when Mode is split, a fraction
	// of the width from the left in (0, 1); 0 means the middle.
	Split float64
	// Zoom is the image view's window pixels per image pixel (0 fits the
	// image) and Center the point of the image plane ([−1, 1]², as
	// pixels.PixelCenter) at the window's centre.
	Zoom   float64
	Center [2]float64
	// Tiles is how a fixed image model is drawn: "on" from tiles evaluated
	// in the background at about one sample per window pixel and cached
	// (any size), "off" by reconstructing the whole window at each change,
	// "auto" or "" tiles for images over TiledAbove pixels. A live fit is
	// never tiled. TileCache is the tiles' memory budget in bytes (0:
	// DefaultTileCache).
	Tiles     string
	TileCache int64
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
	// NoLowRes keeps an interactive SDF view at full resolution while the
	// camera moves (by default it draws at half resolution, a quarter of
	// the fragments, until the camera has been still for movingFor), and a
	// tiled image view at its full level while it pans or zooms (by
	// default it asks for the level above, a quarter of the samples).
	NoLowRes bool
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
	// Samples is the number of points at which a tiled image view
	// evaluated the field.
	Samples int64
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
	statsAt int  // steps of the error map's scale (−1: none yet)
	lastJob time.Time
	showHUD bool

	moved  time.Time // the SDF camera's last change
	lowRes *Target   // the half-resolution picture while it moves

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
	a := &app{win: win, sc: sc, o: o, eval: sc.Model, jobs: make(chan job), results: make(chan result, 1), showHUD: !o.HideHUD, dirty: true, statsAt: -1}
	if sc.Live != nil {
		a.eval = sc.Model.Clone()
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
		if v.SliceAxis, err = ParseSliceAxis(a.o.SliceAxis); err != nil {
			return err
		}
		v.SlicePos = min(max(a.o.SlicePos, -1), 1)
		if a.sc.GTMesh != nil {
			v.SetMesh(a.sc.GTMesh)
			v.ShowMesh = a.o.ShowMesh
		}
		if e := rbfPart(m); e != nil {
			pts := slices.Clone(e.Centers())
			if s := e.Config().InputScale; len(s) == 3 {
				for i := range pts {
					pts[i] /= s[i%3]
				}
			}
			v.SetCenters(pts)
			v.ShowCenters = a.o.ShowRBF
		}
		return nil
	}
	tiled, err := a.tiled()
	if err != nil {
		return err
	}
	gt := a.sc.GTImage
	if tiled {
		gt = nil // read into tiles instead of a texture of the whole image
	}
	v, err := NewImageView(m.Config.Width, m.Config.Height, m.Config.Channels, gt)
	if err != nil {
		return err
	}
	a.img = v
	if tiled {
		var px tiles.PixelFunc
		switch {
		case a.sc.GTRaster != nil:
			px = a.sc.GTRaster.Pixel
		case a.sc.GTImage != nil:
			px = tiles.ImagePixels(a.sc.GTImage)
		}
		if err := v.UseTiles(a.eval.Eval, px, a.o.Threads, cmp.Or(a.o.TileCache, DefaultTileCache)); err != nil {
			return err
		}
	}
	v.Zoom, v.Center = a.o.Zoom, a.o.Center
	switch a.o.Mode {
	case "", "recon":
	case "split":
		v.Split = 0.5
		if a.o.Split != 0 {
			v.Split = min(max(a.o.Split, 0), 1)
		}
	default:
		if v.Layer, err = ParseLayer(a.o.Mode); err != nil {
			return err
		}
	}
	if a.o.ShowRBF {
		a.toggleEllipses()
	}
	return nil
}

// DefaultTileCache is the tiled image view's default memory budget for
// tiles: 4096 tiles of 128² RGBA8 samples, some 70 million samples, dozens
// of screens of a big window.
const DefaultTileCache = 256 << 20

// tiled reports whether the image view is drawn from tiles (Options.Tiles).
func (a *app) tiled() (bool, error) {
	c := a.sc.Model.Config
	switch a.o.Tiles {
	case "", "auto":
		return a.sc.Live == nil && int64(c.Width)*int64(c.Height) > TiledAbove, nil
	case "on":
		if a.sc.Live != nil {
			return false, fmt.Errorf("viewer: a live fit is not drawn from tiles (its field changes at every refresh)")
		}
		return true, nil
	case "off":
		if a.sc.GTImage == nil && a.sc.GTRaster != nil {
			return false, fmt.Errorf("viewer: the ground truth was read at its source depth, which only the tiled view shows")
		}
		return false, nil
	}
	return false, fmt.Errorf("viewer: tiles %q: want auto, on or off", a.o.Tiles)
}

// toggleEllipses turns the RBF overlay of the image view on or off,
// building it the first time: for a big model it is large, so only when
// asked for.
func (a *app) toggleEllipses() {
	v := a.img
	v.ShowRBF = !v.ShowRBF
	if v.ShowRBF && v.ell.vao == 0 {
		if e := rbfPart(a.sc.Model); e != nil {
			v.SetEllipses(Ellipses(e))
		}
	}
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
	if a.lowRes != nil {
		a.lowRes.Delete()
	}
	if a.img != nil {
		a.img.Delete()
	}
	a.hud.Delete()
}
