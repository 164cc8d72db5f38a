//go:build viewer

package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/neurbf/neurbf/render"
)

const usageText = `neurbf-view — look at NeuRBF fields, compare with ground truth, watch training

Usage:
  neurbf-view [flags] MODEL.nrbf     view a fitted image or SDF snapshot
  neurbf-view [flags] IMAGE          fit an image (PNG, JPEG, …) live, then keep viewing
  neurbf-view [flags] MESH           fit a mesh's SDF (PLY, OBJ, STL, OFF) live, then keep viewing
  neurbf-view --gt PATH MODEL.nrbf   compare with the ground truth (the image or mesh fitted)

Keys: Esc/q quit, h HUD, s save (--save), F12 screenshot, space pause/resume training.
Image: 1 recon, 2 gt, 3 error, v split (shift-drag moves it), r RBF ellipses, drag pan,
scroll zoom, 0 reset. SDF: 1 shade, 2 normals, 3 depth, 4 slice ([ ] move, x axis),
m ground-truth mesh, c RBF centres, drag rotate, right-drag pan, scroll zoom.

Flags:
`

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
	return fmt.Sprintf("%g,%g,%g", f.c.Azimuth, f.c.Elevation, f.c.Distance)
}

func (f cameraFlag) Set(s string) error {
	parts := strings.Split(s, ",")
	if len(parts) < 2 || len(parts) > 3 {
		return fmt.Errorf("want az,el or az,el,dist in degrees and units, got %q", s)
	}
	var v [3]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return fmt.Errorf("%q is not a number", p)
		}
		v[i] = x
	}
	c := render.Camera{Azimuth: v[0], Elevation: v[1], Distance: v[2]}
	if err := c.Validate(); err != nil {
		return err
	}
	*f.c = c
	return nil
}

// parseFlags reads the command line into o and returns the positional
// arguments.
func parseFlags(args []string, stdout io.Writer) (options, []string, error) {
	o := options{camera: render.Camera{Azimuth: 30, Elevation: 20}}
	fs := flag.NewFlagSet("neurbf-view", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		fmt.Fprint(stdout, usageText)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.mode, "mode", "", "view mode: shade, normals, depth or slice (SDF); recon, gt, error or split (image)")
	fs.Var(cameraFlag{&o.camera}, "camera", "SDF orbit camera `az,el[,dist]` (degrees; distance 0 = 3)")
	fs.StringVar(&o.screenshot, "screenshot", "", "write the view to `OUT.png` (after --frames frames, or on F12)")
	fs.IntVar(&o.frames, "frames", 0, "render `N` frames off-screen (after live training ends), write --screenshot and exit")
	fs.StringVar(&o.gt, "gt", "", "ground truth to compare with: the image or the mesh the model was fitted to")
	fs.IntVar(&o.width, "width", 800, "window width in pixels")
	fs.IntVar(&o.height, "height", 600, "window height in pixels")
	fs.IntVar(&o.bake, "bake", 256, "SDF texture resolution per axis for a fitted model")
	fs.IntVar(&o.liveBake, "live-bake", 96, "SDF texture resolution per axis while training")
	fs.IntVar(&o.threads, "threads", runtime.NumCPU(), "goroutines for training, baking and reconstruction")
	fs.StringVar(&o.save, "save", "neurbf-view.nrbf", "snapshot `path` the s key and --on-close save write")
	fs.StringVar(&o.onClose, "on-close", "ask", "after live training, on closing: ask (on the terminal), save or discard")
	fs.BoolVar(&o.rbf, "rbf", false, "start with the RBF overlay on (ellipses for images, centres for SDFs)")
	fs.BoolVar(&o.mesh, "mesh", false, "start with the ground-truth mesh wireframe on (SDF with --gt or live)")
	fs.BoolVar(&o.hideHUD, "no-hud", false, "start with the HUD off")
	fs.BoolVar(&o.hud, "hud", false, "draw the HUD in --frames screenshots too (unattended runs leave it out)")
	fs.BoolVar(&o.noLowRes, "no-lowres", false, "draw the SDF view at full resolution while the camera moves (default: half)")
	fs.IntVar(&o.params, "params", 0, "live fit: trainable-parameter budget (default: the paper's for the task)")
	fs.IntVar(&o.steps, "steps", 0, "live fit: training steps (default: as many as --time allows)")
	fs.DurationVar(&o.budget, "time", 2*time.Minute, "live fit: training-time budget")
	fs.IntVar(&o.crop, "crop", 0, "live image fit: fit the centre `N`×N crop")
	fs.Uint64Var(&o.seed, "seed", 0, "live fit: random seed")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return o, nil, err
		}
		return o, nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	switch {
	case fs.NArg() != 1:
		fs.Usage()
		return o, nil, fmt.Errorf("%w: want one file (a snapshot, an image or a mesh), got %d arguments", errUsage, fs.NArg())
	case o.frames < 0:
		return o, nil, fmt.Errorf("%w: --frames must not be negative, got %d", errUsage, o.frames)
	case o.width < 1 || o.height < 1 || o.width > 8192 || o.height > 8192:
		return o, nil, fmt.Errorf("%w: window size %d×%d outside 1…8192", errUsage, o.width, o.height)
	case o.bake < 2 || o.bake > 1024 || o.liveBake < 2 || o.liveBake > 1024:
		return o, nil, fmt.Errorf("%w: --bake and --live-bake must be in [2, 1024], got %d and %d", errUsage, o.bake, o.liveBake)
	case o.threads < 1:
		return o, nil, fmt.Errorf("%w: --threads must be at least 1, got %d", errUsage, o.threads)
	case o.onClose != "ask" && o.onClose != "save" && o.onClose != "discard":
		return o, nil, fmt.Errorf("%w: --on-close must be ask, save or discard, got %q", errUsage, o.onClose)
	case o.params < 0 || o.steps < 0 || o.budget < 0 || o.crop < 0:
		return o, nil, fmt.Errorf("%w: --params, --steps, --time and --crop must not be negative", errUsage)
	case o.frames > 0 && o.screenshot == "":
		return o, nil, fmt.Errorf("%w: --frames needs --screenshot OUT.png", errUsage)
	}
	// An unattended run makes a picture of the field, not of the controls:
	// the HUD only when asked for.
	if o.frames > 0 && !o.hud {
		o.hideHUD = true
	}
	return o, fs.Args(), nil
}
