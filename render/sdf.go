package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/pixels"
)

// SDF evaluates a signed distance field (negative inside, positive
// outside) at n = len(dist) points, destinations first: dist receives the
// n distances and, when grad is not nil, grad receives the n gradients
// (n×3) at the points of points (row-major, n×3). A neural model computes
// its gradient by back-propagation to the input; an analytic shape returns
// its normal.
//
// The renderer calls an SDF from several goroutines at once, each with
// its own slices, with at most MaxBatch points per call, so an SDF must be
// safe for concurrent use (a model typically takes a per-goroutine worker
// from a pool). Its value at a point must not depend on the other points
// of the batch; then the picture does not depend on the number of
// goroutines.
type SDF func(dist, grad, points []float32)

// Solid is a shape with an exact signed distance and its gradient, such
// as those of package sdf/sdftest.
type Solid interface {
	Dist(p [3]float64) float64
	Normal(p [3]float64) [3]float64
}

// SolidSDF returns the SDF of s, evaluated in float64 at the float32
// points. It is safe for concurrent use if s's methods are.
func SolidSDF(s Solid) SDF {
	return func(dist, grad, points []float32) {
		for i := range dist {
			p := [3]float64{float64(points[3*i]), float64(points[3*i+1]), float64(points[3*i+2])}
			dist[i] = float32(s.Dist(p))
			if grad != nil {
				n := s.Normal(p)
				grad[3*i], grad[3*i+1], grad[3*i+2] = float32(n[0]), float32(n[1]), float32(n[2])
			}
		}
	}
}

// Defaults of a zero TraceOptions.
const (
	// DefaultStepFactor scales every sphere-tracing step: a neural SDF is
	// only approximately a distance and may overestimate it.
	DefaultStepFactor = 0.9
	// DefaultMaxSteps bounds the sphere-tracing steps of a ray; a ray
	// still marching after them counts as a miss.
	DefaultMaxSteps = 128
	// DefaultEpsilon is the hit threshold: a ray stops where |sdf| < ε.
	DefaultEpsilon = 1e-3
)

// TraceOptions configure sphere tracing. The zero value means the
// defaults above, a zero Shading and one goroutine per CPU.
type TraceOptions struct {
	Shading
	// StepFactor in (0, 1] multiplies every step; 0 means DefaultStepFactor.
	StepFactor float64
	// MaxSteps is the number of steps after which a ray gives up; 0 means
	// DefaultMaxSteps.
	MaxSteps int
	// Epsilon is the hit threshold on |sdf|; 0 means DefaultEpsilon.
	Epsilon float64
	// Threads is the number of goroutines; 0 (or less) means all CPUs,
	// the module's convention (internal/parallel.Count).
	Threads int
}

// resolved returns o with its zero fields replaced by the defaults, or an
// error naming the first invalid field.
func (o TraceOptions) resolved() (TraceOptions, error) {
	if o.StepFactor == 0 {
		o.StepFactor = DefaultStepFactor
	}
	if o.MaxSteps == 0 {
		o.MaxSteps = DefaultMaxSteps
	}
	if o.Epsilon == 0 {
		o.Epsilon = DefaultEpsilon
	}
	if !(o.StepFactor > 0 && o.StepFactor <= 1) {
		return o, fmt.Errorf("render: sphere-tracing step factor %g is outside (0, 1]", o.StepFactor)
	}
	if o.MaxSteps < 0 {
		return o, fmt.Errorf("render: sphere-tracing step limit %d is negative", o.MaxSteps)
	}
	if !(o.Epsilon > 0) || math.IsInf(o.Epsilon, 0) {
		return o, fmt.Errorf("render: sphere-tracing hit threshold %g is not a positive number", o.Epsilon)
	}
	return o, nil
}

// SDFRenderer draws SDFs by sphere tracing inside the box [−1,1]³. It
// splits the picture into chunks of MaxBatch consecutive pixels
// (row-major) that goroutines take in turn; the rays of a chunk march
// together, one SDF call per step for all of them still marching (the
// neural model is fast only on batches), then one more call with
// gradients for the normals of the hits (not needed in Depth mode). The
// chunks do not depend on Threads, so neither does the picture.
//
// Each ray is clipped to the box first and starts where it enters it. It
// advances by StepFactor·sdf (backwards where an overshoot made sdf
// negative, but never before the entry point) until |sdf| < Epsilon, a
// hit; it misses when it leaves the box, after MaxSteps steps, or when
// the SDF returns NaN. A ray whose entry point is already inside the
// surface hits there: the solid is cut by the box, as marching cubes on
// the box would cut it.
//
// An SDFRenderer keeps its scratch between calls: after the first, a
// render on one goroutine allocates nothing, on several only what starting
// the goroutines takes. It is not safe for concurrent use. The zero value
// is ready to use.
type SDFRenderer struct {
	TraceOptions

	tracers []*tracer // per-goroutine scratch

	// The render in progress.
	dst    *pixels.Image
	f      SDF
	fr     frame
	look   look
	opt    TraceOptions
	chunks pixelChunks
}

// Render fills dst (3 channels) with the view of f from cam in the given
// mode. It returns an error for an invalid camera, mode or option, or a
// nil f, and panics if dst is not a 3-channel image with W·H·3 samples.
func (rd *SDFRenderer) Render(dst *pixels.Image, f SDF, cam Camera, mode Mode) error {
	if dst.C != 3 || dst.W < 0 || dst.H < 0 || len(dst.Pix) != dst.W*dst.H*3 {
		panic(fmt.Sprintf("render: SDF view into a %dx%dx%d image with %d samples", dst.W, dst.H, dst.C, len(dst.Pix)))
	}
	if f == nil {
		return errors.New("render: SDF view of a nil SDF")
	}
	if err := cam.Validate(); err != nil {
		return err
	}
	opt, err := rd.TraceOptions.resolved()
	if err != nil {
		return err
	}
	rd.fr = cam.frame(dst.W, dst.H)
	if rd.look, err = opt.Shading.resolve(mode, &rd.fr); err != nil {
		return err
	}
	n := dst.W * dst.H
	if n == 0 {
		return nil
	}
	rd.dst, rd.f, rd.opt = dst, f, opt
	rd.chunks.reset(n)
	defer func() { rd.dst, rd.f = nil, nil }() // do not keep them alive

	threads := min(parallel.Count(opt.Threads), rd.chunks.count())
	for len(rd.tracers) < threads {
		rd.tracers = append(rd.tracers, newTracer())
	}
	if threads == 1 { // no closure: a warm render on one thread allocates nothing
		rd.work(rd.tracers[0])
		return nil
	}
	parallel.Workers(threads, func(w int) { rd.work(rd.tracers[w]) })
	return nil
}

// work traces chunks of the render in progress until none is left.
func (rd *SDFRenderer) work(tr *tracer) {
	for {
		p0, p1, ok := rd.chunks.claim()
		if !ok {
			return
		}
		tr.trace(rd, p0, p1)
	}
}

// RenderSDF returns the w×h view of f from cam in the given mode, traced
// with the options opt (nil for the defaults). It returns an error for a
// non-positive size, an invalid camera, mode or option, or a nil f.
func RenderSDF(f SDF, cam Camera, w, h int, mode Mode, opt *TraceOptions) (*pixels.Image, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("render: SDF view size %dx%d: both must be positive", w, h)
	}
	var rd SDFRenderer
	if opt != nil {
		rd.TraceOptions = *opt
	}
	img := pixels.New(w, h, 3)
	if err := rd.Render(img, f, cam, mode); err != nil {
		return nil, err
	}
	return img, nil
}
