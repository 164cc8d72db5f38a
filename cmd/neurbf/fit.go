package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/internal/parallel"
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
	crop      int
	noMSC     bool
	every     int
	maxMemory string
	dryRun    bool
	tiling    tileFlags
}

func fitImage(args []string, stdout, stderr io.Writer) error {
	var f imageFlags
	c := newCommand("fit image", "neurbf fit image [PATH] -o DIR [flags]\n\n"+
		"Fits a NeuRBF model to an image (PNG, JPEG, BMP, TIFF or WebP; no PATH: a built-in photo)\n"+
		"and writes DIR/model.nrbf, recon.png, error.png, compare.png, curve.png and metrics.json.\n"+
		"DIR must be empty or new; --force replaces a previous run there. --time bounds the\n"+
		"wall-clock time of training, measurements included. Ctrl-C stops training early, still\n"+
		"writes every output, and exits with code 130. Memory is planned from the image's header\n"+
		"before it is loaded (--dry-run prints the plan); above 2^24 pixels the pictures are\n"+
		"previews at most 2048 pixels a side, and recon.dzi (Deep Zoom) holds the full size.\n\n"+
		"With --tiles RxC the image is fitted as R×C overlapping tiles, each by the same code as a\n"+
		"whole image, into DIR/tile-I.nrbf and tile-I.json (DIR may hold other tiles). With a tile\n"+
		"index (--tile, $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX) only that tile is fitted, as\n"+
		"one task of a cluster's job array; without, every tile not yet done, --jobs at a time, then\n"+
		"`neurbf merge` into DIR/model.nrbf. A tile already done for the same image, grid and overlap\n"+
		"is not fitted again (--force fits it again); --params is the whole image's budget, --time\n"+
		"each tile's. An interrupted or killed tile writes nothing: a rerun fits it again.", stdout)
	f.register(c, "default: 128K per 256×256 pixels, the paper's small-image setting, up to 2^20 pixels; beyond, fewer per pixel, lowered further to fit --max-memory",
		"pixels per step, drawn stratified (default: every pixel, up to 2^18, when --steps is given; 2^14 when training against the clock)")
	c.IntVar(&f.crop, "crop", 0, "fit the centre `N`×N crop of the image (the paper's small-image protocol uses 256); N must not exceed the image's width or height")
	c.BoolVar(&f.noMSC, "no-msc", false, "ablation: RBF features without the multi-frequency sinusoid composition")
	c.StringVar(&f.maxMemory, "max-memory", "", "plan the fit to use at most `SIZE` of memory, e.g. 8GB or 512MiB (default: 80 % of what this process may use, the cgroup limit included); the fastest neighbour plan that fits is chosen, and the default --params lowered if needed")
	c.BoolVar(&f.dryRun, "dry-run", false, "print the memory plan (model size, neighbour plan, peak memory by part) and exit without loading the image; with --tiles, each tile's plan (the budget split by pixels)")
	c.IntVar(&f.every, "eval-every", 0, "measure PSNR for the curve every N steps (default: about 50 points)")
	f.tiling.register(c)
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
	f.threads = parallel.Count(f.threads)
	if set["tiles"] {
		return f.fitTiles(pos, set, args, stdout, stderr)
	}

	var path string
	if len(pos) == 1 {
		path = pos[0]
	}
	limit, err := memoryLimit(f.maxMemory)
	if err != nil {
		return err
	}
	// The header first: the memory plan is made before any pixel is held.
	// The built-in photo is decoded whole; a crop is cut from the file's
	// raster at its source depth.
	var (
		img      *pixels.Image
		info     pixels.Info
		hdr      pixels.Header
		fileSize int64
		name     = path
		prov     *field.Provenance
	)
	switch {
	case path != "" && f.crop > 0:
		r, inf, err := loadCenterCrop(path, f.crop, limit)
		if err != nil {
			return err
		}
		if inf.AlphaIgnored {
			fmt.Fprintf(stderr, "note: %s has an alpha channel; it is ignored and the stored colour is fitted\n", name)
		}
		img, info = r.ToImage(), inf
		hdr = pixels.Header{W: r.W, H: r.H, C: r.C, Depth: r.Depth, Format: info.Format, Streams: true}
		prov = newProvenance(name, nil, []string{"fit", "image"}, args)
		if prov.InputSHA256, err = hashFile(path); err != nil {
			return err
		}
	case path == "":
		data, n, err := readInput(path, "coffee.png", assets.Coffee)
		if err != nil {
			return err
		}
		name = n
		if img, info, err = decodeFitImage(data, name, f.crop, stderr); err != nil {
			return err
		}
		hdr = pixels.Header{W: img.W, H: img.H, C: img.C, Depth: max(info.BitDepth, 8), Format: info.Format, Streams: true}
		prov = newProvenance(name, data, []string{"fit", "image"}, args)
	default:
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return fmt.Errorf("%s: is a directory, not a file", path)
		}
		if hdr, err = pixels.Probe(path); err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		fileSize = st.Size()
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
	pixelCount := int64(hdr.W) * int64(hdr.H)
	if untilClock && !set["batch"] && cfg.Train.Batch == 0 && pixelCount > timedBatch {
		cfg.Train.Batch = timedBatch
	}
	steps := cfg.Train.Steps
	if untilClock {
		steps = 0 // the clock decides
	}
	samples := expectedSamples(steps, cfg.Train.Batch, budget.Seconds(), pixelCount)
	plan, err := field.PlanImage(cfg, hdr, fileSize, f.threads, limit, samples)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if f.dryRun {
		fmt.Fprintf(stdout, "%s (%d×%d, %d channel(s), %d-bit %s): %s\n", name, hdr.W, hdr.H, hdr.C, hdr.Depth, hdr.Format, plan)
		return nil
	}
	// The runtime collects harder as the heap nears the plan's peak (with
	// a quarter of slack, and never above the limit), so that garbage does
	// not push the resident set far past what was planned.
	debug.SetMemoryLimit(min(limit, plan.Peak+plan.Peak/4))
	if err := prepareOutput(f.out, f.force, stderr); err != nil {
		return err
	}

	t0 := time.Now()
	ph := f.phases(stderr)
	var raster *pixels.Raster
	if img != nil {
		raster, _ = pixels.RasterFromImage(pixels.ToImageDepth(img, hdr.Depth), img.C == 1, 1)
	} else {
		err = ph.run(fmt.Sprintf("loading %s (%d×%d, %s)", name, hdr.W, hdr.H, pixels.FormatBytes(hdr.RasterBytes())), func() (string, error) {
			var err error
			if raster, info, err = pixels.LoadRaster(path, limit); err != nil {
				return "", err
			}
			prov = newProvenance(name, nil, []string{"fit", "image"}, args)
			prov.InputSHA256, err = hashFile(path)
			return "", err
		})
		if err != nil {
			return err
		}
		if info.AlphaIgnored {
			fmt.Fprintf(stderr, "note: %s has an alpha channel; it is ignored and the stored colour is fitted\n", name)
		}
		if pixelCount <= fullSizePixels {
			img = raster.ToImage()
		}
	}
	if !f.quiet { // after loading, so that a broken file stays a one-line error
		fmt.Fprintln(stderr, plan)
	}
	run, err := f.trainRaster(raster, plan, name, budget, untilClock, t0, prov, ph, stderr)
	if err != nil {
		return err
	}
	defer run.tr.Close()
	m, tr, curve, initSec, interrupted := run.m, run.tr, run.curve, run.initSec, run.interrupted
	if img != nil {
		err = writeImageOutputs(f.out, m, img, info.BitDepth, tr, curve, initSec, f.threads, prov, ph, stdout)
	} else {
		err = writeBigImageOutputs(f.out, m, raster, tr, curve, initSec, f.threads, prov, ph, stdout)
	}
	if err != nil {
		return err
	}
	if interrupted {
		return fmt.Errorf("%w after %d steps; the outputs in %s are for what was trained", errInterrupted, tr.StepsDone(), f.out)
	}
	return nil
}

// rasterRun is one training run of a model on a raster, as fit image
// makes it; the caller closes tr.
type rasterRun struct {
	m           *field.Model
	tr          *field.Trainer
	curve       *curveRecorder
	initSec     float64 // loading (since t0), the model, its RBF cache and the trainer
	interrupted bool    // stopped by SIGINT or SIGTERM
}

// trainRaster fits a model of raster (name in messages) by plan: the
// model initialised, its neighbour cache built when planned, then trained
// to its steps or budget (until the clock when untilClock) with the
// curve recorded. A whole image and a tile of one go through it alike.
func (f imageFlags) trainRaster(raster *pixels.Raster, plan field.MemoryPlan, name string, budget time.Duration, untilClock bool, t0 time.Time, prov *field.Provenance, ph phases, stderr io.Writer) (*rasterRun, error) {
	var m *field.Model
	err := ph.run(fmt.Sprintf("initialising the model of %d×%d pixels", raster.W, raster.H), func() (string, error) {
		var err error
		if m, err = plan.NewModel(raster); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		if m.Config.RBFs == 0 {
			return "0 RBFs", nil
		}
		return fmt.Sprintf("%d RBFs, K-means on %s pixels", m.Config.RBFs, countWord(plan.KMeansSample, int64(raster.W)*int64(raster.H))), nil
	})
	if err != nil {
		return nil, err
	}
	prov.Seed = m.Config.Train.Seed
	task, err := field.NewRasterTask(raster, m.Config.Train.Batch, plan.Cached())
	if err != nil {
		return nil, err
	}
	var cacheBytes int64
	if plan.Cached() {
		err = ph.run("caching the RBFs near every pixel", func() (string, error) {
			var err error
			cacheBytes, err = m.Encoder.Fix(task.Points())
			return fmt.Sprintf("%.0f MB", float64(cacheBytes)/1e6), err
		})
		if err != nil {
			return nil, err
		}
	}
	tr, err := field.NewTrainer(m, task, f.threads)
	if err != nil {
		return nil, err
	}
	run := &rasterRun{m: m, tr: tr, initSec: time.Since(t0).Seconds()}
	tr.Budget = budget
	if untilClock {
		tr.Steps = 0
	}
	fmt.Fprintf(stderr, "fitting %s (%d×%d, %d channel(s)): %s encoder, %d trainable parameters, %d RBFs, %s, batch %d, %d threads, %s kernels; neighbours %s; init %.1fs, cache %.0f MB\n",
		name, raster.W, raster.H, raster.C, m.Config.Encoder, m.TrainableParams(), m.Config.RBFs, limitText(tr.Steps, tr.Budget), batchSize(m.Config.Train.Batch, raster.W, raster.H),
		f.threads, kernelsName(), plan.Neighbours, run.initSec, float64(cacheBytes)/1e6)
	run.curve = newCurveRecorder(m, sourceOfRaster(raster), f.every, tr.Steps, tr.Budget, f.threads, m.Config.Train.Seed)
	tr.Recorders = append(tr.Recorders, run.curve)
	if run.interrupted, err = f.train(tr, m, prov, stderr); err != nil {
		tr.Close()
		return nil, err
	}
	return run, nil
}

// batchSize is the number of pixels a step of a w×h image fit uses.
func batchSize(batch, w, h int) int {
	if batch <= 0 || batch > w*h {
		return min(w*h, 1<<18)
	}
	return batch
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
	return f.tiling.check(f, set)
}

// loadFitImage reads the image to fit (pos[0], or the built-in one when pos
// is empty) and crops it. eval uses it to measure against the same image.
func loadFitImage(pos []string, crop int, stderr io.Writer) (*pixels.Image, string, error) {
	var path string
	if len(pos) == 1 {
		path = pos[0]
	}
	data, name, err := readInput(path, "coffee.png", assets.Coffee)
	if err != nil {
		return nil, "", err
	}
	img, _, err := decodeFitImage(data, name, crop, stderr)
	return img, name, err
}

// decodeFitImage decodes the image file data (name is for messages) and
// takes its centre crop×crop pixels when crop > 0, refusing a crop larger
// than the image.
func decodeFitImage(data []byte, name string, crop int, stderr io.Writer) (*pixels.Image, pixels.Info, error) {
	img, info, err := pixels.DecodeWithInfo(bytes.NewReader(data), name)
	if err != nil {
		return nil, info, err
	}
	if info.AlphaIgnored {
		fmt.Fprintf(stderr, "note: %s has an alpha channel; it is ignored and the stored colour is fitted\n", name)
	}
	if crop > 0 {
		if crop > img.W || crop > img.H {
			return nil, info, fmt.Errorf("%w: --crop %d is larger than %s (%d×%d)", errUsage, crop, name, img.W, img.H)
		}
		if img, err = pixels.CenterCrop(img, crop, crop); err != nil {
			return nil, info, fmt.Errorf("%s: %w", name, err)
		}
	}
	return img, info, nil
}

// fitConfig builds the model config: the --config file, then explicit flags.
func fitConfig(f imageFlags, set map[string]bool) (field.Config, error) {
	cfg, err := f.baseConfig(set)
	if set["no-msc"] {
		cfg.RBF.NoMSC = f.noMSC
	}
	return cfg, err
}

// writeImageOutputs writes the snapshot, pictures, curve and metrics,
// each phase reported on ph; recon.png has the input's bits per sample
// (bits, 8 or 16).
func writeImageOutputs(dir string, m *field.Model, img *pixels.Image, bits int, tr *field.Trainer, curve *curveRecorder, initSec float64, threads int, prov *field.Provenance, ph phases, stdout io.Writer) error {
	path := func(n string) string { return filepath.Join(dir, n) }
	hdr := field.SnapshotHeader{Steps: tr.StepsDone(), Seconds: tr.Elapsed().Seconds(), Provenance: prov}
	if err := ph.run("writing model.nrbf", func() (string, error) { return "", m.SaveWithHeader(path("model.nrbf"), hdr) }); err != nil {
		return err
	}
	var (
		rec *pixels.Image
		met *imageResult
	)
	err := ph.run(fmt.Sprintf("reconstructing and scoring %d×%d pixels", img.W, img.H), func() (string, error) {
		rec = reconstruct(m, img.W, img.H, threads)
		var err error
		met, err = imageMetrics(rec, img)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("PSNR %.2f dB, SSIM %.4f", met.PSNR, met.SSIM), nil
	})
	if err != nil {
		return err
	}
	met.fill(m, tr, initSec, threads, prov)
	curve.finish(tr, met.PSNR)
	met.Curve, met.CurvePixels = curve.points, curve.Pixels()
	err = ph.run("writing recon.png, error.png, compare.png, curve.png, metrics.json", func() (string, error) {
		return "", writeImageFiles(dir, img, rec, pixels.ToImageDepth(rec, bits), curve, met)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "PSNR %.2f dB  SSIM %.4f  %d steps in %.1fs (%.0f samples/s)  →  %s\n",
		met.PSNR, met.SSIM, met.Steps, met.TrainSeconds, met.SamplesPerSecond, dir)
	return nil
}

// writeImageFiles writes recon.png (recFile, the reconstruction rec at
// the depth to store), error.png and compare.png (rec against ref),
// curve.png and metrics.json into dir.
func writeImageFiles(dir string, ref, rec *pixels.Image, recFile image.Image, curve *curveRecorder, met *imageResult) error {
	errMap, err := render.ErrorMap(rec, ref, 0)
	if err != nil {
		return err
	}
	for _, w := range []struct {
		name string
		fn   func(string) error
	}{
		{"recon.png", func(p string) error { return pixels.SavePNG(p, recFile) }},
		{"error.png", func(p string) error { return pixels.SavePNG(p, errMap) }},
		{"compare.png", func(p string) error { return pixels.SavePNG(p, render.CompareFigure(ref, rec, errMap)) }},
		{"curve.png", curve.plot},
		{"metrics.json", func(p string) error { return writeJSON(p, met) }},
	} {
		if err := w.fn(filepath.Join(dir, w.name)); err != nil {
			return err
		}
	}
	return nil
}

// countWord says how many of total pixels a sample holds: "all 14.7M",
// or "8.5M of 14.7M".
func countWord(n, total int64) string {
	if n >= total {
		return "all " + cli.HumanCount(total)
	}
	return cli.HumanCount(n) + " of " + cli.HumanCount(total)
}
