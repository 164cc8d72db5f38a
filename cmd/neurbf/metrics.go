package main

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/parallel"
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
	// Curve is (training seconds, PSNR) about 50 times in the run: during
	// training estimated on CurvePixels sampled pixels, the last point
	// the full-image PSNR after training.
	Curve       [][2]float64 `json:"curve,omitempty"`
	CurvePixels int          `json:"curve_pixels,omitempty"`
	// PreviewFactor is set for an image too big for full-size pictures:
	// recon.png, error.png and compare.png then show means of blocks of
	// PreviewFactor×PreviewFactor pixels, and recon.dzi the full size.
	PreviewFactor int `json:"preview_factor,omitempty"`
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

// curveSample is the number of pixels the curve's PSNR is estimated on
// during training; smaller images are measured on every pixel.
const curveSample = 1 << 13

// curveShare bounds the share of the training clock that the curve's
// measurements may take in a run against the clock: the interval between
// points grows when a measurement costs more than this share of it, up to
// a tenth of the budget, so that a curve has about ten points at least.
const curveShare = 0.02

// curveRecorder measures PSNR (clipped, docs/METHOD.md §4) about 50 times
// in a run for curve.png and metrics.json: every `every` steps, or, in a
// run against the clock, every fiftieth of the budget. The measurements
// are training time (the clock is the wall clock, and --time bounds it),
// so during training they are estimates on a fixed stratified sample of
// curveSample pixels, each measured at its centre; the final point is
// the exact full-image PSNR, taken once after training (finish).
type curveRecorder struct {
	m        *field.Model
	every    int
	interval time.Duration
	next     time.Duration
	threads  int
	x        []float32 // centres of the sampled pixels
	target   []float32 // their values, C per pixel
	out      []float32
	points   [][2]float64
	last     int
}

func newCurveRecorder(m *field.Model, img imageSource, every, steps int, budget time.Duration, threads int, seed uint64) *curveRecorder {
	c := &curveRecorder{m: m, every: every, threads: threads}
	switch {
	case every > 0:
	case steps > 0:
		c.every = max(steps/50, 1)
	default:
		c.interval = budget / 50
	}
	c.x, c.target = samplePixels(img, curveSample, seed)
	c.out = make([]float32, len(c.target))
	return c
}

// samplePixels returns the centres and values of n pixels of img, one
// drawn at random from each of n equal runs of pixels in row order (every
// pixel, in order, when the image has at most n).
func samplePixels(img imageSource, n int, seed uint64) (x, target []float32) {
	total := img.w * img.h
	rng := rand.New(rand.NewPCG(seed, 0x63757276)) // "curv"
	idx := make([]int, 0, min(n, total))
	if total <= n {
		for i := range total {
			idx = append(idx, i)
		}
	} else {
		for k := range n {
			lo, hi := k*total/n, (k+1)*total/n
			idx = append(idx, lo+rng.IntN(hi-lo))
		}
	}
	px := make([]float32, img.c)
	for _, i := range idx {
		x = append(x, pixels.PixelCenter(i%img.w, img.w), pixels.PixelCenter(i/img.w, img.h))
		img.at(px, i)
		target = append(target, px...)
	}
	return x, target
}

// Pixels is the number of pixels each point during training is measured on.
func (c *curveRecorder) Pixels() int { return len(c.x) / 2 }

// Record measures at step 1 and then when due.
func (c *curveRecorder) Record(p field.Progress) {
	if c.interval > 0 {
		if p.Step != 1 && p.Elapsed < c.next {
			return
		}
	} else if p.Step != 1 && p.Step%c.every != 0 {
		return
	}
	t0 := time.Now()
	psnr := c.measure()
	if c.interval > 0 {
		cost := time.Since(t0)
		c.next = p.Elapsed + min(max(c.interval, time.Duration(float64(cost)/curveShare)), 5*c.interval)
	}
	c.points = append(c.points, [2]float64{p.Elapsed.Seconds(), psnr})
	c.last = p.Step
}

// measure returns the PSNR of the model on the sampled pixels, evaluated
// on the recorder's threads.
func (c *curveRecorder) measure() float64 {
	dim, ch := 2, c.m.Config.Channels
	n := len(c.x) / dim
	parallel.For(n, c.threads, func(_, lo, hi int) {
		c.m.Eval(c.out[lo*ch:hi*ch], c.x[lo*dim:hi*dim])
	})
	var sum float64
	for i, g := range c.target {
		d := float64(min(max(c.out[i], 0), 1)) - float64(g)
		sum += d * d
	}
	return -10 * math.Log10(sum/float64(len(c.target)))
}

// finish ends the curve with the exact full-image PSNR after training,
// replacing the sampled point of the last step if there is one.
func (c *curveRecorder) finish(tr *field.Trainer, psnr float64) {
	if tr.StepsDone() == 0 {
		return
	}
	if c.last == tr.StepsDone() && len(c.points) > 0 {
		c.points = c.points[:len(c.points)-1]
	}
	c.points = append(c.points, [2]float64{tr.Elapsed().Seconds(), psnr})
}

// plot writes the PSNR-versus-time curve.
func (c *curveRecorder) plot(path string) error {
	s := render.Series{Name: "PSNR"}
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
