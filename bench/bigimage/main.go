// Command bigimage measures fitting one big image the way `neurbf fit
// image` plans it (field.PlanImage): the memory plan, set-up time,
// training samples/s, and PSNR/SSIM after a training-time budget, scored
// over the whole image in bands. -neighbours forces a neighbour plan, to
// compare the lean plan with the cached ones on the same image. It prints
// one JSON line; run it under /usr/bin/time -v for the peak RSS. With
// -steps N it trains N steps instead, and -score=false skips the scoring,
// to measure the set-up (load, K-means, cache) of any size in minutes.
//
//	go run ./bench/bigimage -time 60s testdata/big/mosaic-24mp.png
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/sysmem"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

type result struct {
	Image            string  `json:"image"`
	Width            int     `json:"width"`
	Height           int     `json:"height"`
	Plan             string  `json:"plan"`
	Params           int     `json:"params"`
	RBFs             int     `json:"rbfs"`
	PlannedPeakBytes int64   `json:"planned_peak_bytes"`
	LoadSeconds      float64 `json:"load_seconds"`
	InitSeconds      float64 `json:"init_seconds"`
	FixSeconds       float64 `json:"fix_seconds"`
	Steps            int     `json:"steps"`
	TrainSeconds     float64 `json:"train_seconds"`
	SamplesPerSecond float64 `json:"samples_per_second"`
	ScoreSeconds     float64 `json:"score_seconds"`
	PSNR             float64 `json:"psnr"`
	SSIM             float64 `json:"ssim"`
}

func main() {
	budget := flag.Duration("time", 30*time.Second, "training time")
	steps := flag.Int("steps", 0, "train this many steps instead of -time")
	score := flag.Bool("score", true, "score the whole image after training")
	batch := flag.Int("batch", 1<<14, "pixels per step")
	params := flag.Int("params", 0, "trainable parameters (0: the plan's default)")
	threads := flag.Int("threads", 0, "threads (0: all CPUs)")
	maxMem := flag.Int64("max-memory", 0, "memory limit in bytes (0: 80 % of what is available)")
	force := flag.String("neighbours", "", "force a plan: cached-sines, cached or fly")
	encoder := flag.String("encoder", "", "hybrid (default) or grid")
	preview := flag.String("preview", "", "write the reconstruction's preview here")
	flag.Parse()
	if flag.NArg() != 1 {
		fail(fmt.Errorf("want one image"))
	}
	path := flag.Arg(0)
	limit := *maxMem
	if limit == 0 {
		m, err := sysmem.Read()
		if err != nil {
			fail(err)
		}
		limit = m.Available / 5 * 4
	}
	h, err := pixels.Probe(path)
	if err != nil {
		fail(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		fail(err)
	}
	var cfg field.Config
	cfg.Params, cfg.Train.Batch, cfg.Encoder = *params, *batch, *encoder
	samples := int64(budget.Seconds() * 1e6)
	if *steps > 0 {
		samples = int64(*steps) * int64(*batch)
	}
	plan, err := field.PlanImage(cfg, h, st.Size(), *threads, limit, samples)
	if err != nil {
		fail(err)
	}
	switch *force {
	case "":
	case "cached-sines", "cached", "fly":
		plan.Neighbours = map[string]string{"cached-sines": field.NeighboursCacheSines, "cached": field.NeighboursCache, "fly": field.NeighboursOnTheFly}[*force]
		if *force == "cached-sines" {
			plan.Config.RBF.MaxCacheBytes = 1 << 62
		}
		if *force == "cached" {
			n := int64(h.W) * int64(h.H)
			plan.Config.RBF.MaxCacheBytes = n * int64(plan.Config.RBF.K*12+16)
		}
	default:
		fail(fmt.Errorf("-neighbours %q", *force))
	}
	fmt.Fprintln(os.Stderr, plan)
	res := result{Image: path, Width: h.W, Height: h.H, Plan: plan.Neighbours, PlannedPeakBytes: plan.Peak}

	t0 := time.Now()
	img, _, err := pixels.LoadRaster(path, limit)
	if err != nil {
		fail(err)
	}
	res.LoadSeconds = time.Since(t0).Seconds()
	t0 = time.Now()
	m, err := plan.NewModel(img)
	if err != nil {
		fail(err)
	}
	res.InitSeconds = time.Since(t0).Seconds()
	res.Params, res.RBFs = m.TrainableParams(), m.Config.RBFs
	task, err := field.NewRasterTask(img, plan.Config.Train.Batch, plan.Cached())
	if err != nil {
		fail(err)
	}
	t0 = time.Now()
	if plan.Cached() {
		if _, err := m.Encoder.Fix(task.Points()); err != nil {
			fail(err)
		}
	}
	res.FixSeconds = time.Since(t0).Seconds()
	fmt.Fprintf(os.Stderr, "loaded in %.1fs, initialised in %.1fs, cache in %.1fs; training for %s\n", res.LoadSeconds, res.InitSeconds, res.FixSeconds, *budget)
	tr, err := field.NewTrainer(m, task, *threads)
	if err != nil {
		fail(err)
	}
	tr.Steps, tr.Budget = 0, *budget
	if *steps > 0 {
		tr.Steps, tr.Budget = *steps, 0
	}
	if err := tr.Run(context.Background()); err != nil {
		fail(err)
	}
	tr.Close()
	res.Steps, res.TrainSeconds = tr.StepsDone(), tr.Elapsed().Seconds()
	res.SamplesPerSecond = float64(tr.Samples()) / tr.StepTime().Seconds()
	if !*score {
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	t0 = time.Now()
	sr, err := render.Stream(m.Eval, img, 2048, *threads, nil, nil)
	if err != nil {
		fail(err)
	}
	res.ScoreSeconds = time.Since(t0).Seconds()
	res.PSNR, res.SSIM = sr.PSNR, sr.SSIM
	if *preview != "" {
		if err := pixels.SavePNG(*preview, sr.Recon); err != nil {
			fail(err)
		}
	}
	json.NewEncoder(os.Stdout).Encode(res)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bigimage:", err)
	os.Exit(1)
}
