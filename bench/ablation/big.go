package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// The -big mode compares model configurations on one whole (big) image at
// equal steps, the way `neurbf fit image` trains it: the raster at its
// source depth, stratified batches, neighbours found on the fly, the
// RBFs placed by the K-means on a subsample (field.NewRasterModel). The
// variants are stepped in turn, a chunk of steps each, so that the cost of
// a step of each is measured in one interleaved run on the same (possibly
// loaded) machine; the medians of the per-chunk costs are reported.
//
//	go run ./bench/ablation -big -params 7800000 -steps 1000 -batch 16384 \
//	    -variant default= -variant grid=grid.json IMAGE
//
// A variant is NAME=FILE: FILE is a JSON field.Config whose unset fields
// take the defaults (empty: all defaults); FILE@all runs the K-means on
// every pixel instead of the subsample (field.NewImageModel's
// initialisation), to measure what the subsample costs. -score=false
// stops after the steps, with the step costs and the estimated PSNRs.

// bigVariant is one model configuration of the -big mode.
type bigVariant struct {
	name   string
	cfg    field.Config
	allKM  bool // K-means on every pixel
	m      *field.Model
	tr     *field.Trainer
	setup  time.Duration
	chunks []float64 // seconds per step of each chunk
	curve  render.Series
}

// variantFlags collects repeated -variant flags.
type variantFlags []string

func (v *variantFlags) String() string     { return strings.Join(*v, " ") }
func (v *variantFlags) Set(s string) error { *v = append(*v, s); return nil }

// parseVariant reads NAME=FILE[@all].
func parseVariant(s string) (bigVariant, error) {
	name, file, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return bigVariant{}, fmt.Errorf("-variant %q: want NAME=FILE[@all]", s)
	}
	v := bigVariant{name: name}
	file, v.allKM = strings.CutSuffix(file, "@all")
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return v, err
		}
		if err := json.Unmarshal(b, &v.cfg); err != nil {
			return v, fmt.Errorf("%s: %w", file, err)
		}
	}
	return v, nil
}

// runBig is the -big mode on one image.
func runBig(path string, specs []string, params, steps, batch, chunk, every, threads int, score bool, out string) error {
	img, _, err := pixels.LoadRaster(path, 0)
	if err != nil {
		return err
	}
	var vs []*bigVariant
	for _, s := range specs {
		v, err := parseVariant(s)
		if err != nil {
			return err
		}
		vs = append(vs, &v)
	}
	probe := probePoints(img, 1<<16)
	for _, v := range vs {
		cfg := v.cfg
		cfg.Task, cfg.Params, cfg.Train.Steps, cfg.Train.Batch = field.TaskImage, params, steps, batch
		t0 := time.Now()
		if v.allKM {
			v.m, err = field.NewImageModel(cfg, img.ToImage())
		} else {
			v.m, err = field.NewRasterModel(cfg, img)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		v.setup = time.Since(t0)
		task, err := field.NewRasterTask(img, batch, false)
		if err != nil {
			return err
		}
		if v.tr, err = field.NewTrainer(v.m, task, threads); err != nil {
			return err
		}
		defer v.tr.Close()
		c := v.m.Config
		fmt.Fprintf(os.Stderr, "%s: %d trainable (%v), %d RBFs, grid %d levels table 2^%d res %d..%d; set-up %.1fs\n",
			v.name, v.m.TrainableParams(), v.m.GroupCounts(), c.RBFs, c.Grid.Levels, c.Grid.Log2Table, c.Grid.BaseRes, c.Grid.MaxRes, v.setup.Seconds())
		v.curve.Name = v.name
	}
	for done := 0; done < steps; {
		n := min(chunk, steps-done)
		for _, v := range vs {
			t0 := time.Now()
			for range n {
				v.tr.Step()
			}
			v.chunks = append(v.chunks, time.Since(t0).Seconds()/float64(n))
		}
		done += n
		if done%every == 0 || done == steps {
			var line []string
			for _, v := range vs {
				p := probe.psnr(v.m)
				v.curve.X, v.curve.Y = append(v.curve.X, float64(done)), append(v.curve.Y, p)
				line = append(line, fmt.Sprintf("%s %.2f", v.name, p))
			}
			fmt.Fprintf(os.Stderr, "step %d: %s (dB, estimated)\n", done, strings.Join(line, ", "))
		}
	}
	for _, v := range vs {
		fmt.Fprintf(os.Stderr, "%s: %.1f ms a step (median of %d chunks)\n", v.name, 1e3*median(v.chunks), len(v.chunks))
	}
	if !score {
		return nil
	}
	fmt.Printf("| variant | trainable params | RBFs | grid levels, table | set-up | ms/step (median, loaded) | PSNR est. at 25/50/75 %% | PSNR / SSIM after %d steps |\n|---|---|---|---|---|---|---|---|\n", steps)
	var series []render.Series
	for _, v := range vs {
		sr, err := render.Stream(v.m.Eval, img, 1024, threads, nil, nil)
		if err != nil {
			return err
		}
		c := v.m.Config
		grid := "—"
		if c.Encoder != field.EncoderRBF {
			grid = fmt.Sprintf("%d, 2^%d", c.Grid.Levels, c.Grid.Log2Table)
		}
		q := func(f float64) string { // the last estimate at or before f of the steps
			p := "—"
			for i, x := range v.curve.X {
				if x <= f*float64(steps) {
					p = fmt.Sprintf("%.2f", v.curve.Y[i])
				}
			}
			return p
		}
		fmt.Printf("| %s | %d | %d | %s | %.1f s | %.1f | %s / %s / %s | %.2f dB / %.4f |\n",
			v.name, v.m.TrainableParams(), c.RBFs, grid, v.setup.Seconds(), 1e3*median(v.chunks), q(0.25), q(0.5), q(0.75), sr.PSNR, sr.SSIM)
		series = append(series, v.curve)
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	title := fmt.Sprintf("%s %d×%d, %d params", base, img.W, img.H, params)
	return render.PlotCurves(filepath.Join(out, base+"-big.png"), title, "training steps", "PSNR (dB, estimated)", series...)
}

// probe is a fixed stratified sample of pixels on which PSNR is estimated
// during training.
type probe struct {
	x, target, pred []float32
}

// probePoints draws n pixels, one from each of n equal runs of the
// row-major order, with a fixed seed.
func probePoints(img *pixels.Raster, n int) probe {
	rng := rand.New(rand.NewPCG(1, 2))
	total := img.W * img.H
	n = min(n, total)
	p := probe{x: make([]float32, 2*n), target: make([]float32, n*img.C), pred: make([]float32, n*img.C)}
	for i := range n {
		lo, hi := i*total/n, (i+1)*total/n
		k := lo + rng.IntN(hi-lo)
		p.x[2*i], p.x[2*i+1] = pixels.PixelCenter(k%img.W, img.W), pixels.PixelCenter(k/img.W, img.H)
		img.Pixel(p.target[i*img.C:], k)
	}
	return p
}

// psnr is the model's PSNR on the probe's pixels, predictions clamped to
// [0, 1] as the pictures are.
func (p probe) psnr(m *field.Model) float64 {
	m.Eval(p.pred, p.x)
	var se float64
	for i, v := range p.pred {
		d := float64(min(max(v, 0), 1) - p.target[i])
		se += d * d
	}
	return -10 * math.Log10(se/float64(len(p.pred)))
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}
