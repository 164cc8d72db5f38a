package main

import (
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/nn"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// imageResult is metrics.json of an image fit (and the output of eval).
type imageResult struct {
	PSNR     float64 `json:"psnr"`
	SSIM     float64 `json:"ssim"`
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	Channels int     `json:"channels"`
	runInfo
	Curve [][2]float64 `json:"curve,omitempty"` // (training seconds, full-image PSNR)
}

// imageMetrics measures rec against gt (docs/METHOD.md §4).
func imageMetrics(rec, gt *pixels.Image) (*imageResult, error) {
	psnr, err := pixels.PSNR(rec, gt)
	if err != nil {
		return nil, err
	}
	ssim, err := pixels.SSIM(rec, gt)
	if err != nil {
		return nil, err
	}
	return &imageResult{PSNR: psnr, SSIM: ssim, Width: gt.W, Height: gt.H, Channels: gt.C}, nil
}

// kernelsName names the matrix-product implementation in use.
func kernelsName() string { return nn.Kernels() }

// curveRecorder measures the full-image PSNR (clipped, docs/METHOD.md §4) about 50
// times in a run, outside the training clock, for curve.png and
// metrics.json: every `every` steps, or, in a run against the clock, every
// fiftieth of the budget.
type curveRecorder struct {
	m        *field.Model
	img      *pixels.Image
	every    int
	interval time.Duration
	next     time.Duration
	threads  int
	points   [][2]float64
	last     int
}

func newCurveRecorder(m *field.Model, img *pixels.Image, every, steps int, budget time.Duration, threads int) *curveRecorder {
	c := &curveRecorder{m: m, img: img, every: every, threads: threads}
	switch {
	case every > 0:
	case steps > 0:
		c.every = max(steps/50, 1)
	default:
		c.interval = budget / 50
	}
	return c
}

// Record measures at step 1 and then when due.
func (c *curveRecorder) Record(p field.Progress) {
	if c.interval > 0 {
		if p.Step != 1 && p.Elapsed < c.next {
			return
		}
		c.next = p.Elapsed + c.interval
	} else if p.Step != 1 && p.Step%c.every != 0 {
		return
	}
	rec := reconstruct(c.m, c.img.W, c.img.H, c.threads)
	if psnr, err := pixels.PSNR(rec, c.img); err == nil {
		c.points = append(c.points, [2]float64{p.Elapsed.Seconds(), psnr})
		c.last = p.Step
	}
}

// finish adds the final measurement if the last step was not measured.
func (c *curveRecorder) finish(tr *field.Trainer, psnr float64) {
	if tr.StepsDone() > 0 && c.last != tr.StepsDone() {
		c.points = append(c.points, [2]float64{tr.Elapsed().Seconds(), psnr})
	}
}

// plot writes the PSNR-versus-time curve.
func (c *curveRecorder) plot(path string) error {
	s := render.Series{Name: "full-image PSNR"}
	for _, p := range c.points {
		s.X = append(s.X, p[0])
		s.Y = append(s.Y, p[1])
	}
	return render.PlotCurves(path, "NeuRBF image fit", "training time (s)", "PSNR (dB)", s)
}

// reconstruct draws an image model at w×h pixel centres.
func reconstruct(m *field.Model, w, h, threads int) *pixels.Image {
	return render.ReconstructImage(m.Eval, w, h, m.Config.Channels, threads)
}
