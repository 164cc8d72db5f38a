// Command ablation reruns the paper's central ablation (NeuRBF Table 6) on
// real photos: at one parameter budget and one number of steps, the hybrid
// encoder (NeuRBF) against a grid alone (Instant-NGP-like: 16 hashed levels
// of 2 features) and against the hybrid without the multi-frequency
// sinusoid composition. It reports PSNR after equal steps and after equal
// training seconds, as a Markdown table, and writes the curves as a plot.
//
//	go run ./bench/ablation [-steps 1000] [-params 128000] [-crop 256] [-o DIR] IMAGE...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// variant is one column of the ablation.
type variant struct {
	name string
	cfg  field.Config
}

// run is one training run's curve: (seconds, PSNR) every few steps.
type run struct {
	t, psnr []float64
}

func main() {
	steps := flag.Int("steps", 1000, "training steps of every run")
	params := flag.Int("params", 128000, "parameter budget of every run")
	crop := flag.Int("crop", 256, "centre crop of each image")
	every := flag.Int("every", 50, "measure PSNR every N steps")
	out := flag.String("o", "ablation-out", "directory for the plots")
	threads := flag.Int("threads", runtime.NumCPU(), "worker goroutines")
	big := flag.Bool("big", false, "compare -variant configurations on the whole image at equal steps, interleaved (see big.go)")
	batch := flag.Int("batch", 1<<14, "-big: pixels per step")
	chunk := flag.Int("chunk", 10, "-big: steps of one variant before the next takes its turn")
	score := flag.Bool("score", true, "-big: score every model on the whole image at the end")
	var specs variantFlags
	flag.Var(&specs, "variant", "-big: NAME=FILE[@all], a JSON field.Config (repeatable)")
	flag.Parse()
	if *big {
		if flag.NArg() != 1 || len(specs) == 0 || *steps <= 0 || *batch <= 0 || *chunk <= 0 || *every%*chunk != 0 {
			fmt.Fprintln(os.Stderr, "usage: ablation -big -variant NAME=FILE... [-steps N] [-params N] [-batch N] [-chunk N] [-every N, a multiple of -chunk] IMAGE")
			os.Exit(2)
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fail(err)
		}
		if err := runBig(flag.Arg(0), specs, *params, *steps, *batch, *chunk, *every, *threads, *score, *out); err != nil {
			fail(err)
		}
		return
	}
	if flag.NArg() == 0 || *steps <= 0 || *params <= 0 || *crop <= 0 || *every <= 0 {
		fmt.Fprintln(os.Stderr, "usage: ablation [-steps N] [-params N] [-crop N] [-o DIR] IMAGE...")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	variants := []variant{
		{"hybrid (NeuRBF)", field.Config{Encoder: field.EncoderHybrid}},
		{"grid only (I-NGP-like)", field.Config{Encoder: field.EncoderGrid}},
		{"hybrid, no MSC", field.Config{Encoder: field.EncoderHybrid}},
	}
	variants[2].cfg.RBF.NoMSC = true
	fmt.Printf("| image | %s |\n|---|%s\n", strings.Join(names(variants), " | "), strings.Repeat("---|", len(variants)))
	for _, path := range flag.Args() {
		img, err := pixels.Load(path)
		if err != nil {
			fail(err)
		}
		if img, err = pixels.CenterCrop(img, min(*crop, img.W), min(*crop, img.H)); err != nil {
			fail(err)
		}
		var runs []run
		var series []render.Series
		for _, v := range variants {
			cfg := v.cfg
			cfg.Params, cfg.Train.Steps = *params, *steps
			r, err := fit(cfg, img, *every, *threads)
			if err != nil {
				fail(fmt.Errorf("%s, %s: %w", path, v.name, err))
			}
			runs = append(runs, r)
			series = append(series, render.Series{Name: v.name, X: r.t, Y: r.psnr})
		}
		// Equal seconds: the shortest run's training time.
		tEq := runs[0].t[len(runs[0].t)-1]
		for _, r := range runs {
			tEq = min(tEq, r.t[len(r.t)-1])
		}
		cells := make([]string, len(runs))
		for i, r := range runs {
			cells[i] = fmt.Sprintf("%.2f / %.2f", r.psnr[len(r.psnr)-1], r.at(tEq))
		}
		base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		fmt.Printf("| %s (%d steps / %.0f s) | %s |\n", base, *steps, tEq, strings.Join(cells, " | "))
		title := fmt.Sprintf("%s %d×%d, %d params", base, img.W, img.H, *params)
		if err := render.PlotCurves(filepath.Join(*out, base+".png"), title, "training time (s)", "PSNR (dB)", series...); err != nil {
			fail(err)
		}
	}
}

// fit trains one model and records its full-image PSNR curve.
func fit(cfg field.Config, img *pixels.Image, every, threads int) (run, error) {
	var r run
	m, err := field.NewImageModel(cfg, img)
	if err != nil {
		return r, err
	}
	task := field.NewImageTask(img, 0)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		return r, err
	}
	tr, err := field.NewTrainer(m, task, threads)
	if err != nil {
		return r, err
	}
	defer tr.Close()
	var measureErr error
	tr.Recorders = append(tr.Recorders, field.RecorderFunc(func(p field.Progress) {
		if p.Step%every != 0 && p.Step != p.Steps {
			return
		}
		psnr, err := pixels.PSNR(render.ReconstructImage(m.Eval, img.W, img.H, img.C, threads), img)
		if err != nil {
			measureErr = err
		}
		r.t = append(r.t, p.Elapsed.Seconds())
		r.psnr = append(r.psnr, psnr)
	}))
	if err := tr.Run(context.Background()); err != nil {
		return r, err
	}
	return r, measureErr
}

// at returns the PSNR of the last measurement at or before t seconds.
func (r run) at(t float64) float64 {
	v := r.psnr[0]
	for i, ti := range r.t {
		if ti <= t {
			v = r.psnr[i]
		}
	}
	return v
}

func names(vs []variant) []string {
	var s []string
	for _, v := range vs {
		s = append(s, v.name+" (steps / seconds)")
	}
	return s
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "ablation:", err)
	os.Exit(1)
}
