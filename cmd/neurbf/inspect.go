package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
)

func cmdRender(args []string, stdout, stderr io.Writer) error {
	c := newCommand("render", "neurbf render MODEL -o OUT.png [--width W --height H | --scale S]\n"+
		"neurbf render SDF-MODEL -o OUT.png [--mode M] [--camera az,el[,dist]] [--turntable N] [--gt MESH]\n\n"+
		"Reconstructs a fitted image from its snapshot at any resolution: the field is\n"+
		"continuous, so --scale 4 shows reconstructed detail, not magnified pixels.\n"+
		"An SDF snapshot is sphere-traced with its exact normals from an orbit camera\n"+
		"(one view of --width×--height, default 512×512, or a turntable strip of N views),\n"+
		"each beside the ground-truth mesh when --gt is given.", stdout)
	out := c.String("o", "", "output PNG `file` (required)")
	w := c.Int("width", 0, "output width in pixels (default: the fitted image's, times --scale)")
	h := c.Int("height", 0, "output height in pixels (default: the fitted image's, times --scale)")
	scale := c.Float64("scale", 1, "size relative to the fitted image")
	threads := c.Int("threads", runtime.NumCPU(), "worker goroutines")
	var sv sdfViewFlags
	c.StringVar(&sv.mode, "mode", "shade", "SDF models: shade, normals or depth")
	c.StringVar(&sv.camera, "camera", "30,20", "SDF models: orbit camera `az,el[,dist]` in degrees (distance default 3)")
	c.IntVar(&sv.turntable, "turntable", 0, "SDF models: a strip of `N` views around the vertical axis (0: one view)")
	c.StringVar(&sv.gt, "gt", "", "SDF models: ground-truth `mesh` drawn beside each view")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *out == "" {
		return fmt.Errorf("%w: render needs one MODEL and -o OUT.png", errUsage)
	}
	if sv.turntable < 0 || sv.turntable > 360 {
		return fmt.Errorf("%w: render: --turntable must be in [0, 360], got %d", errUsage, sv.turntable)
	}
	if *scale <= 0 || *w < 0 || *h < 0 || *threads < 1 {
		return fmt.Errorf("%w: render: --scale, --width, --height and --threads must be positive", errUsage)
	}
	m, _, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	if m.Config.Task == field.TaskSDF {
		W, H := cmp.Or(*w, *h, defaultSDFView), cmp.Or(*h, *w, defaultSDFView)
		if W*H > 1<<26 {
			return fmt.Errorf("%w: render: view size %d×%d is out of range", errUsage, W, H)
		}
		img, err := renderSDFModel(m, sv, W, H, *threads)
		if err != nil {
			return err
		}
		if err := pixels.SavePNG(*out, img); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (%d×%d)\n", *out, img.W, img.H)
		return nil
	}
	if m.Config.Task != field.TaskImage {
		return fmt.Errorf("%s: a %s model; render draws image and sdf models", pos[0], m.Config.Task)
	}
	W, H := *w, *h
	switch {
	case W == 0 && H == 0:
		W, H = int(float64(m.Config.Width)**scale+0.5), int(float64(m.Config.Height)**scale+0.5)
	case W == 0:
		W = int(float64(H)*float64(m.Config.Width)/float64(m.Config.Height) + 0.5)
	case H == 0:
		H = int(float64(W)*float64(m.Config.Height)/float64(m.Config.Width) + 0.5)
	}
	if W < 1 || H < 1 || W*H > 1<<28 {
		return fmt.Errorf("%w: render: output size %d×%d is out of range", errUsage, W, H)
	}
	if err := pixels.SavePNG(*out, reconstruct(m, W, H, *threads)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d×%d)\n", *out, W, H)
	return nil
}

func cmdEval(args []string, stdout, stderr io.Writer) error {
	c := newCommand("eval", "neurbf eval MODEL --image PATH\n       neurbf eval MODEL --mesh PATH  (SDF models; see 'neurbf eval --mesh x -h')\n\n"+
		"Reconstructs an image model at the image's size and prints PSNR and SSIM (docs/METHOD.md §4) as JSON.", stdout)
	imgPath := c.String("image", "", "ground-truth image `file` (required)")
	crop := c.Int("crop", 0, "compare against the centre `N`×N crop, as fitted with fit --crop N")
	threads := c.Int("threads", runtime.NumCPU(), "worker goroutines")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *imgPath == "" {
		return fmt.Errorf("%w: eval needs one MODEL and --image PATH", errUsage)
	}
	if *threads < 1 || *crop < 0 {
		return fmt.Errorf("%w: eval: --threads must be positive and --crop not negative", errUsage)
	}
	m, hdr, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	if m.Config.Task != field.TaskImage {
		return fmt.Errorf("%s: a %s model; eval --image needs an image model", pos[0], m.Config.Task)
	}
	img, _, err := loadFitImage([]string{*imgPath}, *crop, stderr)
	if err != nil {
		return err
	}
	if img.C != m.Config.Channels {
		return fmt.Errorf("%s has %d channel(s), the model %d", *imgPath, img.C, m.Config.Channels)
	}
	res, err := imageMetrics(reconstruct(m, img.W, img.H, *threads), img)
	if err != nil {
		return err
	}
	res.Encoder, res.Params, res.RBFs, res.Steps, res.TrainSeconds = m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, hdr.Steps, hdr.Seconds
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

func cmdInfo(args []string, stdout, stderr io.Writer) error {
	c := newCommand("info", "neurbf info MODEL\n\nPrints a snapshot's format version, training state, parameter counts per group and config.", stdout)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("%w: info needs one MODEL", errUsage)
	}
	m, hdr, err := field.Load(pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: neurbf snapshot, format version %d\n", pos[0], field.SnapshotVersion)
	fmt.Fprintf(stdout, "task %s, encoder %s, trained %d steps in %.1fs\n", m.Config.Task, m.Config.Encoder, hdr.Steps, hdr.Seconds)
	fmt.Fprintf(stdout, "trainable parameters: %d\n", m.TrainableParams())
	for _, g := range m.GroupCounts() {
		fmt.Fprintf(stdout, "  %-10s %9d\n", g.Group, g.Count)
	}
	if n := m.FrozenValues(); n > 0 {
		fmt.Fprintf(stdout, "frozen values (RBF centres and shapes): %d\n", n)
	}
	js, err := json.MarshalIndent(m.Config, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "config:\n%s\n", js)
	return nil
}

// cpuName returns the processor's model name, or the architecture.
func cpuName() string {
	f, err := os.Open("/proc/cpuinfo")
	if err == nil {
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if k, v, ok := strings.Cut(s.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}
