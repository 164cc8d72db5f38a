package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// Defaults of `neurbf fit image` with no arguments: the built-in photo,
// sized so that the fit takes about a minute on two cores.
const (
	defaultOut = "neurbf-out"
	// defaultBudget is the training time when neither --steps nor --time
	// is given; the learning rates then decay with the clock.
	defaultBudget = time.Minute
	// timedBatch is the default batch of a run against the clock.
	timedBatch = 1 << 14
)

func cmdFit(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, "Usage: neurbf fit image [PATH] -o DIR [flags]\n       neurbf fit sdf [MESH] -o DIR [flags]\n\nRun 'neurbf fit image -h' or 'neurbf fit sdf -h' for the flags.\n")
		if len(args) == 0 {
			return fmt.Errorf("%w: fit needs a task: image or sdf", errUsage)
		}
		return nil
	}
	switch args[0] {
	case "image":
		return fitImage(args[1:], stdout, stderr)
	case "sdf":
		return fitSDF(args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: unknown fit task %q (want image or sdf)", errUsage, args[0])
}

// imageFlags are the flags of `neurbf fit image`.
type imageFlags struct {
	trainFlags
	crop  int
	noMSC bool
	every int
}

func fitImage(args []string, stdout, stderr io.Writer) error {
	var f imageFlags
	c := newCommand("fit image", "neurbf fit image [PATH] -o DIR [flags]\n\n"+
		"Fits a NeuRBF model to a PNG or JPEG image (no PATH: a built-in photo) and writes\n"+
		"DIR/model.nrbf, recon.png, error.png, compare.png, curve.png and metrics.json.\n"+
		"Ctrl-C stops training early and still writes every output.", stdout)
	f.register(c, "default: 128K per 256×256 pixels, the paper's small-image setting",
		"pixels per step, drawn stratified (default: every pixel, up to 2^18, when --steps is given; 2^14 when training against the clock)")
	c.IntVar(&f.crop, "crop", 0, "fit the centre `N`×N crop of the image (the paper's small-image protocol uses 256)")
	c.BoolVar(&f.noMSC, "no-msc", false, "ablation: RBF features without the multi-frequency sinusoid composition")
	c.IntVar(&f.every, "eval-every", 0, "measure full-image PSNR every N steps for the curve (default: about 50 points)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return fmt.Errorf("%w: fit image takes one image path, got %d arguments", errUsage, len(pos))
	}
	set := map[string]bool{}
	c.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if err := checkFitFlags(f, set); err != nil {
		return err
	}

	img, name, err := loadFitImage(pos, f.crop, stderr)
	if err != nil {
		return err
	}
	cfg, err := fitConfig(f, set)
	if err != nil {
		return err
	}
	// Against a clock (--time, or the default one-minute run) with no step
	// count, training runs until the budget with stratified batches of
	// timedBatch pixels, which reach a better PSNR in a fixed time than
	// larger batches (see docs/DECISIONS.md, "One-minute image fit: 2^14-pixel
	// batches").
	budget := f.budget
	untilClock := !set["steps"] && cfg.Train.Steps == 0
	if untilClock && budget == 0 {
		budget = defaultBudget
	}
	if untilClock && !set["batch"] && cfg.Train.Batch == 0 && img.W*img.H > timedBatch {
		cfg.Train.Batch = timedBatch
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("output directory: %w", err)
	}

	t0 := time.Now()
	m, err := field.NewImageModel(cfg, img)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	initSec := time.Since(t0).Seconds()
	task := field.NewImageTask(img, m.Config.Train.Batch)
	cacheBytes, err := m.Encoder.Fix(task.Points())
	if err != nil {
		return err
	}
	tr, err := field.NewTrainer(m, task, f.threads)
	if err != nil {
		return err
	}
	defer tr.Close()
	tr.Budget = budget
	if untilClock {
		tr.Steps = 0
	}
	fmt.Fprintf(stderr, "fitting %s (%d×%d, %d channel(s)): %s encoder, %d trainable parameters, %d RBFs, %d steps, %d threads, %s kernels; init %.1fs, cache %.0f MB\n",
		name, img.W, img.H, img.C, m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, tr.Steps, f.threads, kernelsName(), initSec, float64(cacheBytes)/1e6)

	curve := newCurveRecorder(m, img, f.every, tr.Steps, tr.Budget, f.threads)
	tr.Recorders = append(tr.Recorders, curve)
	cp, err := f.addCheckpoints(tr, m)
	if err != nil {
		return err
	}
	var bar *progressBar
	if !f.quiet {
		bar = newProgressBar(os.Stderr)
		tr.Recorders = append(tr.Recorders, bar)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }() // a second Ctrl-C kills at once
	runErr := tr.Run(ctx)
	stop()
	if bar != nil {
		bar.Done()
	}
	if err := cp.Err(); err != nil {
		return err
	}
	if runErr != nil {
		fmt.Fprintf(stderr, "interrupted after %d steps: writing the outputs for what was trained\n", tr.StepsDone())
	}
	return writeImageOutputs(f.out, m, img, tr, curve, initSec, f.threads, stdout)
}

// checkFitFlags rejects values that cannot mean anything.
func checkFitFlags(f imageFlags, set map[string]bool) error {
	if err := f.check(set); err != nil {
		return err
	}
	switch {
	case f.crop < 0:
		return fmt.Errorf("%w: --crop must be positive, got %d", errUsage, f.crop)
	case f.every < 0:
		return fmt.Errorf("%w: --eval-every must not be negative, got %d", errUsage, f.every)
	}
	return nil
}

// loadFitImage reads the image to fit (or the built-in one) and crops it.
func loadFitImage(pos []string, crop int, stderr io.Writer) (*pixels.Image, string, error) {
	var (
		img  *pixels.Image
		info pixels.Info
		err  error
		name = "built-in photo coffee.png"
	)
	if len(pos) == 1 {
		name = pos[0]
		img, info, err = pixels.LoadWithInfo(name)
	} else {
		img, info, err = pixels.DecodeWithInfo(bytes.NewReader(assets.Coffee), name)
	}
	if err != nil {
		return nil, "", err
	}
	if info.AlphaIgnored {
		fmt.Fprintf(stderr, "note: %s has an alpha channel; it is ignored and the stored colour is fitted\n", name)
	}
	if crop > 0 {
		if img, err = pixels.CenterCrop(img, min(crop, img.W), min(crop, img.H)); err != nil {
			return nil, "", fmt.Errorf("%s: %w", name, err)
		}
	}
	return img, name, nil
}

// fitConfig builds the model config: the --config file, then explicit flags.
func fitConfig(f imageFlags, set map[string]bool) (field.Config, error) {
	cfg, err := f.baseConfig(set)
	if set["no-msc"] {
		cfg.RBF.NoMSC = f.noMSC
	}
	return cfg, err
}

// writeImageOutputs writes the snapshot, pictures, curve and metrics.
func writeImageOutputs(dir string, m *field.Model, img *pixels.Image, tr *field.Trainer, curve *curveRecorder, initSec float64, threads int, stdout io.Writer) error {
	path := func(n string) string { return filepath.Join(dir, n) }
	if err := m.Save(path("model.nrbf"), tr.StepsDone(), tr.Elapsed().Seconds()); err != nil {
		return err
	}
	rec := reconstruct(m, img.W, img.H, threads)
	met, err := imageMetrics(rec, img)
	if err != nil {
		return err
	}
	met.fill(m, tr, initSec, threads)
	curve.finish(tr, met.PSNR)
	met.Curve = curve.points
	errMap, err := render.ErrorMap(rec, img, 0)
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func(string) error
	}{
		{"recon.png", func(p string) error { return pixels.SavePNG(p, rec) }},
		{"error.png", func(p string) error { return render.SavePNG(p, errMap) }},
		{"compare.png", func(p string) error {
			return render.SavePNG(p, render.Side(pixels.ToNRGBA(img), pixels.ToNRGBA(rec), errMap))
		}},
		{"curve.png", curve.plot},
		{"metrics.json", func(p string) error { return writeJSON(p, met) }},
	}
	for _, s := range steps {
		if err := s.fn(path(s.name)); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "PSNR %.2f dB  SSIM %.4f  %d steps in %.1fs (%.0f samples/s)  →  %s\n",
		met.PSNR, met.SSIM, met.Steps, met.TrainSeconds, met.SamplesPerSecond, dir)
	return nil
}
