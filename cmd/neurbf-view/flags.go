//go:build viewer

package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/viewer"
)

const synopsis = `neurbf-view MODEL.nrbf [--gt PATH] [flags]   view a fitted image or SDF snapshot
       neurbf-view IMAGE [flags]                    fit an image (PNG, JPEG, …) live, then keep viewing
       neurbf-view MESH [flags]                     fit a mesh's SDF (PLY, OBJ, STL, OFF) live, then keep viewing

Look at NeuRBF fields, compare them with their ground truth (--gt: the image
or mesh the model was fitted to), watch training. Flags may come before or
after the file. Every action is also a flag, so a run can be unattended:
--screenshot OUT.png draws one complete frame (after live training ends),
writes it and exits. A fitted model of a big image (over 16.8 megapixels, or
any with --tiles on) is drawn from tiles evaluated in the background only
where the window looks, about one field sample per window pixel, and cached;
--region X,Y,W,H starts on a window of it, as neurbf render --region draws it.

Keys: Esc/q quit, h HUD, s save (--save), F12 screenshot (neurbf-view.png), space pause/resume training.
Image: 1 recon, 2 gt, 3 error, v split (shift-drag moves it), r RBF ellipses, drag pan,
scroll zoom, 0 reset. SDF: 1 shade, 2 normals, 3 depth, 4 slice ([ ] move, x axis),
m ground-truth mesh, c RBF centres, drag rotate, right-drag pan, scroll zoom.`

// defaultBudget is a live fit's training time when neither --steps nor
// --time is given: the same as `neurbf fit`'s, so that the same fit takes
// the same time in both programs.
const defaultBudget = time.Minute

// options are the command line's settings.
type options struct {
	mode       string
	camera     render.Camera
	screenshot string
	frames     int
	gt         string
	width      int
	height     int
	bake       int
	liveBake   int
	threads    int
	save       string
	onClose    string
	rbf        bool
	mesh       bool
	hideHUD    bool
	hud        bool
	noLowRes   bool
	// View placement: the slice (SDF), the split and the pan and zoom
	// (image). center is kept as typed until the model's kind is known.
	sliceAxis string
	slicePos  float64
	split     float64
	zoom      float64
	center    string
	region    string
	// Big images: how the view is drawn, and the tiles' memory in MiB.
	tiles     string
	tileCache int
	// given holds the names of the flags set on the command line.
	given map[string]bool
	// Live fitting.
	params int
	steps  int
	budget time.Duration
	crop   int
	seed   uint64
}

// cameraFlag parses --camera az,el[,dist].
type cameraFlag struct{ c *render.Camera }

func (f cameraFlag) String() string {
	if f.c == nil {
		return ""
	}
	if f.c.Distance == 0 {
		return fmt.Sprintf("%g,%g", f.c.Azimuth, f.c.Elevation)
	}
	return fmt.Sprintf("%g,%g,%g", f.c.Azimuth, f.c.Elevation, f.c.Distance)
}

func (f cameraFlag) Set(s string) error {
	v, err := parseNumbers(s, 2, 3)
	if err != nil {
		return fmt.Errorf("want az,el or az,el,dist in degrees and units: %v", err)
	}
	c := *f.c
	c.Azimuth, c.Elevation = v[0], v[1]
	if len(v) == 3 {
		c.Distance = v[2]
	}
	if err := c.Validate(); err != nil {
		return err
	}
	*f.c = c
	return nil
}

// parseNumbers reads between lo and hi comma-separated finite numbers.
func parseNumbers(s string, lo, hi int) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) < lo || len(parts) > hi {
		return nil, fmt.Errorf("got %d numbers in %q", len(parts), s)
	}
	v := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || x != x || x > 1e300 || x < -1e300 {
			return nil, fmt.Errorf("%q is not a number", p)
		}
		v[i] = x
	}
	return v, nil
}

// parseFlags reads the command line into o and returns the positional
// arguments; help goes to stdout.
func parseFlags(args []string, stdout io.Writer) (options, []string, error) {
	o := options{camera: render.Camera{Azimuth: 30, Elevation: 20}}
	fs := cli.New("neurbf-view", synopsis, stdout)
	fs.StringVar(&o.mode, "mode", "", "`mode` of the view: shade, normals, depth or slice (SDF); recon, gt, error or split (image; gt and error need --gt or a live fit)")
	fs.Var(cameraFlag{&o.camera}, "camera", "SDF orbit camera `az,el[,dist]` (degrees; distance 0 = 3)")
	fs.StringVar(&o.screenshot, "screenshot", "", "draw one complete frame (or --frames frames) off-screen, write it to `OUT.png` and exit (in the window, F12 writes neurbf-view.png)")
	fs.IntVar(&o.frames, "frames", 0, "with --screenshot: draw `N` frames (timing them) before writing the last")
	fs.StringVar(&o.gt, "gt", "", "ground truth to compare with (`path`): the image or mesh the model was fitted to")
	fs.IntVar(&o.width, "width", 800, "window width in pixels")
	fs.IntVar(&o.height, "height", 600, "window height in pixels")
	fs.IntVar(&o.bake, "bake", 256, "SDF texture resolution per axis for a fitted model")
	fs.IntVar(&o.liveBake, "live-bake", 96, "SDF texture resolution per axis while training")
	fs.IntVar(&o.threads, "threads", runtime.NumCPU(), "goroutines for training, baking and reconstruction")
	fs.StringVar(&o.save, "save", "neurbf-view.nrbf", "snapshot `path` the s key and --on-close save write")
	fs.StringVar(&o.onClose, "on-close", "ask", "what closing does with a live-trained model (`action`): ask (on the terminal), save or discard")
	fs.BoolVar(&o.rbf, "rbf", false, "start with the RBF overlay on (ellipses for images, centres for SDFs)")
	fs.BoolVar(&o.mesh, "mesh", false, "start with the ground-truth mesh wireframe on (SDF with --gt or live)")
	fs.BoolVar(&o.hideHUD, "no-hud", false, "start with the HUD off")
	fs.BoolVar(&o.hud, "hud", false, "draw the HUD in --screenshot runs too (unattended runs leave it out)")
	fs.BoolVar(&o.noLowRes, "no-lowres", false, "draw the SDF view at full resolution while the camera moves (default: half)")
	fs.StringVar(&o.sliceAxis, "slice-axis", "auto", "SDF slice plane's `axis`: x, y, z, or auto (the one the camera looks along most); implies --mode slice")
	fs.Float64Var(&o.slicePos, "slice-pos", 0, "SDF slice plane's position on its axis, in [−1, 1]; implies --mode slice")
	fs.Float64Var(&o.split, "split", 0.5, "image split position, a fraction of the window width from the left; implies --mode split")
	fs.Float64Var(&o.zoom, "zoom", 0, "image zoom: window pixels per image pixel (0 fits the image to the window)")
	fs.StringVar(&o.center, "center", "", "the `point` at the window's centre: x,y in image pixels from the top-left corner (image), or the camera target x,y,z in the model's [−1, 1]³ (SDF)")
	fs.StringVar(&o.region, "region", "", "image: start on the window `X,Y,W,H` of the image, in its pixels (column, row, width, height), fitted to the window (not with --center or --zoom); `neurbf render --region` draws the same")
	fs.StringVar(&o.tiles, "tiles", "auto", "image `mode`: on draws a fitted model from tiles evaluated in the background at about one sample per window pixel and cached, off reconstructs the whole window at each change, auto tiles images over 16.8 megapixels")
	fs.IntVar(&o.tileCache, "tile-cache", viewer.DefaultTileCache>>20, "memory for cached tiles, in `MiB`")
	fs.IntVar(&o.params, "params", 0, "live fit: trainable-parameter budget (default: the paper's for the task)")
	fs.IntVar(&o.steps, "steps", 0, "live fit: training steps (default: as many as --time allows)")
	fs.DurationVar(&o.budget, "time", defaultBudget, "live fit: training-time budget")
	fs.IntVar(&o.crop, "crop", 0, "live image fit: fit the centre `N`×N crop")
	fs.Uint64Var(&o.seed, "seed", 0, "live fit: random seed")
	pos, err := fs.Parse(args)
	if err != nil {
		return o, nil, err
	}
	o.given = fs.Given()
	switch {
	case len(pos) != 1:
		return o, nil, cli.Usagef("want one file (a snapshot, an image or a mesh), got %d arguments (see 'neurbf-view -h')", len(pos))
	case o.frames < 0:
		return o, nil, cli.Usagef("--frames must not be negative, got %d", o.frames)
	case o.width < 1 || o.height < 1 || o.width > 8192 || o.height > 8192:
		return o, nil, cli.Usagef("window size %d×%d outside 1…8192", o.width, o.height)
	case o.bake < 2 || o.bake > 1024 || o.liveBake < 2 || o.liveBake > 1024:
		return o, nil, cli.Usagef("--bake and --live-bake must be in [2, 1024], got %d and %d", o.bake, o.liveBake)
	case o.threads < 1:
		return o, nil, cli.Usagef("--threads must be at least 1, got %d", o.threads)
	case o.onClose != "ask" && o.onClose != "save" && o.onClose != "discard":
		return o, nil, cli.Usagef("--on-close must be ask, save or discard, got %q", o.onClose)
	case o.params < 0 || o.steps < 0 || o.budget < 0 || o.crop < 0:
		return o, nil, cli.Usagef("--params, --steps, --time and --crop must not be negative")
	case o.frames > 0 && o.screenshot == "":
		return o, nil, cli.Usagef("--frames needs --screenshot OUT.png")
	case !(o.slicePos >= -1 && o.slicePos <= 1):
		return o, nil, cli.Usagef("--slice-pos must be in [-1, 1], got %g", o.slicePos)
	case !(o.split > 0 && o.split < 1):
		return o, nil, cli.Usagef("--split must be between 0 and 1 (at the edges it would be --mode gt or recon), got %g", o.split)
	case !(o.zoom >= 0 && o.zoom <= 1e4):
		return o, nil, cli.Usagef("--zoom must be in [0, 10000] window pixels per image pixel, got %g", o.zoom)
	case o.tiles != "auto" && o.tiles != "on" && o.tiles != "off":
		return o, nil, cli.Usagef("--tiles must be auto, on or off, got %q", o.tiles)
	case o.tileCache < 1 || o.tileCache > 1<<20:
		return o, nil, cli.Usagef("--tile-cache must be in [1, 1048576] MiB, got %d", o.tileCache)
	case o.region != "" && (o.given["center"] || o.given["zoom"]):
		return o, nil, cli.Usagef("--region sets the centre and the zoom: give it or --center/--zoom, not both")
	}
	switch o.sliceAxis {
	case "auto", "x", "y", "z":
	default:
		return o, nil, cli.Usagef("--slice-axis must be x, y, z or auto, got %q", o.sliceAxis)
	}
	// A screenshot run is unattended: one complete frame unless --frames
	// asks for more.
	if o.screenshot != "" && o.frames == 0 {
		o.frames = 1
	}
	// An unattended run makes a picture of the field, not of the controls:
	// the HUD only when asked for.
	if o.frames > 0 && !o.hud {
		o.hideHUD = true
	}
	return o, pos, nil
}

// imageModes and sdfModes are the --mode values of each kind of field.
var (
	imageModes = []string{"recon", "gt", "error", "split"}
	sdfModes   = []string{"shade", "normals", "depth", "slice"}
)

// checkKind refuses the flags that do not apply to the kind of field on
// the command line (an image when image is true, else an SDF) or that
// would show nothing (a ground-truth mode with no ground truth), and sets
// the modes the placement flags imply. hasGT tells whether a ground truth
// is at hand: --gt, or the image or mesh of a live fit.
func checkKind(o *options, image, hasGT bool) error {
	kind, modes, other := "an SDF", sdfModes, []string{"split", "zoom", "region", "tiles", "tile-cache"}
	if image {
		kind, modes, other = "an image", imageModes, []string{"slice-axis", "slice-pos", "mesh"}
	}
	if o.mode != "" && !slices.Contains(modes, o.mode) {
		return cli.Usagef("--mode %s does not apply to %s (want %s)", o.mode, kind, strings.Join(modes, ", "))
	}
	for _, f := range other {
		if o.given[f] {
			return cli.Usagef("--%s does not apply to %s", f, kind)
		}
	}
	if !hasGT {
		switch {
		case o.mode == "gt" || o.mode == "error" || o.mode == "split":
			return cli.Usagef("--mode %s needs the ground truth: pass --gt IMAGE (the image the model was fitted to)", o.mode)
		case o.given["split"]:
			return cli.Usagef("--split needs the ground truth: pass --gt IMAGE (the image the model was fitted to)")
		case o.mesh:
			return cli.Usagef("--mesh needs the ground truth: pass --gt MESH (the mesh the model was fitted to)")
		}
	}
	if o.mode == "" {
		switch {
		case image && o.given["split"]:
			o.mode = "split"
		case !image && (o.given["slice-axis"] || o.given["slice-pos"]):
			o.mode = "slice"
		}
	}
	return nil
}

// parseCenter reads --center: x,y in image pixels for a w×h image,
// returned as the point of the image plane ([−1, 1]², pixels.PixelCenter's
// coordinates) at the window's centre; or x,y,z for an SDF, the camera
// target.
func parseCenter(s string, image bool, w, h int) ([3]float64, error) {
	var c [3]float64
	n := 3
	if image {
		n = 2
	}
	v, err := parseNumbers(s, n, n)
	if err != nil {
		if image {
			return c, cli.Usagef("--center wants x,y in image pixels: %v", err)
		}
		return c, cli.Usagef("--center wants the camera target x,y,z: %v", err)
	}
	if image {
		return [3]float64{-1 + 2*v[0]/float64(w), -1 + 2*v[1]/float64(h)}, nil
	}
	copy(c[:], v)
	return c, nil
}

// parseRegion reads --region X,Y,W,H, a window of pixels inside the w×h
// image, and returns the view showing it whole in a winW×winH window: the
// point of the image plane at the window's centre and the zoom.
func parseRegion(s string, w, h, winW, winH int) (center [3]float64, zoom float64, err error) {
	v, err := parseNumbers(s, 4, 4)
	if err != nil {
		return center, 0, cli.Usagef("--region wants X,Y,W,H in image pixels: %v", err)
	}
	x, y, rw, rh := v[0], v[1], v[2], v[3]
	if !(x >= 0 && y >= 0 && rw > 0 && rh > 0 && x+rw <= float64(w) && y+rh <= float64(h)) {
		return center, 0, cli.Usagef("--region %s is not inside the image's %d×%d pixels", s, w, h)
	}
	center = [3]float64{-1 + 2*(x+rw/2)/float64(w), -1 + 2*(y+rh/2)/float64(h)}
	return center, min(float64(winW)/rw, float64(winH)/rh), nil
}
