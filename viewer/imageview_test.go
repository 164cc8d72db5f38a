//go:build viewer

package viewer

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// tinyImageModel trains a small model on a 32×32 crop of the built-in
// coffee photo for 300 steps, one thread and a fixed seed: deterministic,
// and a few seconds on one core.
func tinyImageModel(t *testing.T) (*field.Model, *pixels.Image) {
	t.Helper()
	full, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := pixels.CenterCrop(full, 32, 32)
	if err != nil {
		t.Fatal(err)
	}
	m := trainImage(t, img, 300, 7)
	recon := render.ReconstructImage(m.Eval, img.W, img.H, img.C, 1)
	p, err := pixels.PSNR(recon, img)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("tiny model: %d RBFs, %d parameters, PSNR %.2f dB after 300 steps", m.Config.RBFs, m.TrainableParams(), p)
	if p < 25 {
		t.Fatalf("tiny model reaches only %.2f dB: the fixture is broken", p)
	}
	return m, img
}

// trainImage fits a model of 12,000 parameters to img for steps steps on
// one thread with the given seed: deterministic.
func trainImage(t *testing.T, img *pixels.Image, steps int, seed uint64) *field.Model {
	t.Helper()
	m, err := field.NewImageModel(field.Config{Params: 12000, Train: field.TrainConfig{Steps: steps, Seed: seed}}, img)
	if err != nil {
		t.Fatal(err)
	}
	task := field.NewImageTask(img, m.Config.Train.Batch)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	tr, err := field.NewTrainer(m, task, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	for range steps {
		tr.Step()
	}
	return m
}

// shootImage draws an image view of m at w×h with set applied.
func shootImage(t *testing.T, m *field.Model, gt *pixels.Image, w, h int, set func(v *ImageView)) (*pixels.Image, *pixels.Image) {
	t.Helper()
	needGL(t)
	var v *ImageView
	var err error
	onMain(func() { v, err = NewImageView(m.Config.Width, m.Config.Height, m.Config.Channels, gt) })
	if err != nil {
		t.Fatal(err)
	}
	defer onMain(v.Delete)
	set(v)
	r := v.Region(w, h)
	recon := pixels.New(w, h, m.Config.Channels)
	rd := render.Renderer{Threads: 1}
	if err := rd.Render(recon, m.Eval, r); err != nil {
		t.Fatal(err)
	}
	onMain(func() {
		v.SetRecon(recon, r)
		v.SetEllipses(Ellipses(rbfPart(m)))
	})
	return pixels.FromImage(shoot(t, w, h, func() { v.Draw(testWindow, w, h) })), recon
}

func TestImageViewGolden(t *testing.T) {
	needGL(t)
	m, gt := tinyImageModel(t)
	const w, h = 128, 128
	// The fitted view: the reconstruction on screen is the CPU's.
	got, recon := shootImage(t, m, gt, w, h, func(v *ImageView) {})
	if p, err := pixels.PSNR(got, recon); err != nil || p < 40 {
		t.Errorf("screen vs CPU reconstruction: PSNR %.2f dB (%v), want ≥ 40", p, err)
	}

	// Zoomed about a point: the field is re-rendered at the view's
	// resolution, so the picture has more distinct values than the 16×16
	// pixels of the image it covers.
	zoom, zrecon := shootImage(t, m, gt, w, h, func(v *ImageView) { v.Zoom, v.Center = 8, [2]float64{0.2, -0.1} })
	if n := distinct(zoom); n <= 16*16 {
		t.Errorf("zoomed view has %d distinct colours, want more than the %d image pixels it shows", n, 16*16)
	}
	if p, err := pixels.PSNR(zoom, zrecon); err != nil || p < 40 {
		t.Errorf("zoomed screen vs CPU reconstruction: PSNR %.2f dB (%v), want ≥ 40", p, err)
	}

	// The goldens are drawn at one window pixel per image pixel: there
	// the field is pinned by training, whereas between pixel centres it is
	// free, and changes of the library's numerics move it. An update of
	// the training code may still call for -update.
	const gw, gh = 48, 40
	one := func(v *ImageView) { v.Zoom = 1 }
	g, _ := shootImage(t, m, gt, gw, gh, one)
	golden(t, "coffee-recon.png", pixels.ToNRGBA(g), 30)
	g, _ = shootImage(t, m, gt, gw, gh, func(v *ImageView) { one(v); v.Split, v.ShowRBF = 0.5, true })
	golden(t, "coffee-split-rbf.png", pixels.ToNRGBA(g), 30)
	g, _ = shootImage(t, m, gt, gw, gh, func(v *ImageView) { one(v); v.Layer, v.ErrScale = LayerError, 0.5 })
	golden(t, "coffee-error.png", pixels.ToNRGBA(g), 30)

	// The ground-truth layer at 4× shows the image's pixels exactly.
	gtView, _ := shootImage(t, m, gt, w, h, func(v *ImageView) { v.Layer = LayerGT })
	for _, xy := range [][2]int{{0, 0}, {17, 5}, {31, 31}} {
		for c := range 3 {
			g := gtView.Pix[((4*xy[1]+2)*w+4*xy[0]+2)*3+c]
			want := gt.Pix[(xy[1]*gt.W+xy[0])*3+c]
			if math.Abs(float64(g-want)) > 1.0/255+1e-6 {
				t.Errorf("ground-truth view at pixel %v channel %d: %g, want %g", xy, c, g, want)
			}
		}
	}
}

// distinct counts the distinct colours of img.
func distinct(img *pixels.Image) int {
	seen := map[[3]float32]bool{}
	for i := 0; i+2 < len(img.Pix); i += 3 {
		seen[[3]float32{img.Pix[i], img.Pix[i+1], img.Pix[i+2]}] = true
	}
	return len(seen)
}

func TestEllipsesMatchKernel(t *testing.T) {
	m, _ := tinyModelForEllipses(t)
	e := rbfPart(m)
	seg := Ellipses(e)
	if len(seg) != e.Len()*ellipseSegments*4 {
		t.Fatalf("%d values for %d RBFs", len(seg), e.Len())
	}
	// Every outline point x satisfies dᵀSd = 1 in the scaled frame.
	sc := e.Config().InputScale
	cs, sh := e.Centers(), e.Shapes()
	for i := range e.Len() {
		for j := range ellipseSegments {
			k := 4 * (i*ellipseSegments + j)
			dx := float64(seg[k])*float64(sc[0]) - float64(cs[2*i])
			dy := float64(seg[k+1])*float64(sc[1]) - float64(cs[2*i+1])
			q := float64(sh[3*i])*dx*dx + 2*float64(sh[3*i+1])*dx*dy + float64(sh[3*i+2])*dy*dy
			if math.Abs(q-1) > 1e-3 {
				t.Fatalf("RBF %d point %d: dᵀSd = %g, want 1", i, j, q)
			}
		}
	}
}

// tinyModelForEllipses initialises (without training) a model of a
// non-square crop, so that the input scale is not 1.
func tinyModelForEllipses(t *testing.T) (*field.Model, *pixels.Image) {
	t.Helper()
	full, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := pixels.CenterCrop(full, 48, 24)
	if err != nil {
		t.Fatal(err)
	}
	m, err := field.NewImageModel(field.Config{Params: 12000}, img)
	if err != nil {
		t.Fatal(err)
	}
	if s := rbfPart(m).Config().InputScale; len(s) != 2 || s[0] == s[1] {
		t.Fatalf("input scale %v: want an anisotropic one for this test", s)
	}
	return m, img
}

// TestRunUnattended runs the whole viewer on an image model for a few
// frames, with live training, and checks the screenshot.
func TestRunUnattended(t *testing.T) {
	needGL(t)
	full, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		t.Fatal(err)
	}
	img, _ := pixels.CenterCrop(full, 32, 32)
	m, err := field.NewImageModel(field.Config{Params: 12000, Train: field.TrainConfig{Steps: 60, Seed: 1}}, img)
	if err != nil {
		t.Fatal(err)
	}
	task := field.NewImageTask(img, 0)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	tr, err := field.NewTrainer(m, task, 1)
	if err != nil {
		t.Fatal(err)
	}
	live := StartLive(tr)
	var st *Stats
	onMain(func() {
		st, err = Run(testWindow, Scene{Model: m, GTImage: img, Live: live},
			Options{Width: 96, Height: 64, Mode: "split", Frames: 3, RefreshEvery: time.Millisecond})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := live.Stop(); err != nil {
		t.Fatal(err)
	}
	if tr.StepsDone() != 60 || live.Progress().Step != 60 {
		t.Errorf("training ran %d steps (progress %d), want 60", tr.StepsDone(), live.Progress().Step)
	}
	if len(st.FrameTimes) != 3 || st.Screenshot == nil || st.Screenshot.Bounds().Dx() != 96 {
		t.Fatalf("stats %+v", st)
	}
	// The HUD's dark panel is in the top-left corner.
	if c := st.Screenshot.NRGBAAt(8, 8); c.R > 120 || c.G > 120 {
		t.Errorf("top-left pixel %v: no HUD panel", c)
	}
}
