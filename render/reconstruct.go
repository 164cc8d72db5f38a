package render

import (
	"fmt"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/pixels"
)

// fullPlane is the region of a whole image.
var fullPlane = Region{X0: -1, Y0: -1, X1: 1, Y1: 1}

// Renderer evaluates ImageFuncs over pixel rasters. It splits a raster
// into chunks of at most MaxBatch consecutive pixels (row-major, so a
// chunk's output is a contiguous run of the image and the function writes
// straight into it) and Threads goroutines take chunks in turn. The chunks
// do not depend on Threads, so neither does the picture.
//
// A Renderer keeps its scratch between calls: after the first, a render on
// one goroutine allocates nothing, and on several only what starting the
// goroutines takes. It is not safe for concurrent use. The zero value is
// ready to use.
type Renderer struct {
	// Threads is the number of goroutines; 0 (or less) means all CPUs,
	// the module's convention (internal/parallel.Count).
	Threads int

	xs, ys []float32   // pixel-centre coordinates of the columns and rows
	bufs   [][]float32 // per-goroutine point batches, 2·MaxBatch each

	// The render in progress.
	dst    *pixels.Image
	f      ImageFunc
	chunks pixelChunks
}

// Render fills dst with f evaluated at the pixel centres of region r of the
// plane, dst.C channels per pixel, every value clipped to [0,1] (NaN
// becomes 0). It returns an error if r is not a valid region and panics if
// dst.Pix does not hold W·H·C values.
func (rd *Renderer) Render(dst *pixels.Image, f ImageFunc, r Region) error {
	if err := r.Validate(); err != nil {
		return err
	}
	rd.render(dst, f, r)
	return nil
}

// render is Render for a region already validated.
func (rd *Renderer) render(dst *pixels.Image, f ImageFunc, r Region) {
	w, h, c := dst.W, dst.H, dst.C
	if w < 0 || h < 0 || c < 0 || len(dst.Pix) != w*h*c {
		panic(fmt.Sprintf("render: image %dx%dx%d has %d samples", w, h, c, len(dst.Pix)))
	}
	n := w * h
	if n == 0 {
		return
	}
	rd.xs = grow(rd.xs, w)
	rd.ys = grow(rd.ys, h)
	for i := range w {
		rd.xs[i] = center(r.X0, r.X1, i, w)
	}
	for j := range h {
		rd.ys[j] = center(r.Y0, r.Y1, j, h)
	}

	rd.dst, rd.f = dst, f
	rd.chunks.reset(n)
	defer func() { rd.dst, rd.f = nil, nil }() // do not keep them alive

	threads := min(parallel.Count(rd.Threads), rd.chunks.count())
	for len(rd.bufs) < threads {
		rd.bufs = append(rd.bufs, make([]float32, 2*MaxBatch))
	}
	if threads == 1 { // no closure: a warm render on one thread allocates nothing
		rd.work(rd.bufs[0])
		return
	}
	parallel.Workers(threads, func(w int) { rd.work(rd.bufs[w]) })
}

// work evaluates chunks of the render in progress until none is left,
// using buf for the points.
func (rd *Renderer) work(buf []float32) {
	w, c := rd.dst.W, rd.dst.C
	for {
		p0, p1, ok := rd.chunks.claim()
		if !ok {
			return
		}
		xy := buf[:2*(p1-p0)]
		for p := p0; p < p1; p++ {
			q := 2 * (p - p0)
			xy[q] = rd.xs[p%w]
			xy[q+1] = rd.ys[p/w]
		}
		out := rd.dst.Pix[p0*c : p1*c]
		rd.f(out, xy)
		clip01(out)
	}
}

// ReconstructImage evaluates f at the pixel centres of a w×h raster
// covering [-1,1]² (see pixels.PixelCenter) and returns the picture, channels
// values per pixel clipped to [0,1], computed on threads goroutines (0 or
// less: all CPUs, the module's convention, internal/parallel.Count). Any
// size works: a field fitted to 256² drawn at 1024² is a 4× zoom. w, h and
// channels must be positive; callers holding user input should use
// ReconstructRegion, which returns an error instead.
func ReconstructImage(f ImageFunc, w, h, channels, threads int) *pixels.Image {
	if w <= 0 || h <= 0 || channels <= 0 {
		panic(fmt.Sprintf("render: bad image size %dx%dx%d", w, h, channels))
	}
	img := pixels.New(w, h, channels)
	rd := Renderer{Threads: threads}
	rd.render(img, f, fullPlane)
	return img
}

// ReconstructRegion is ReconstructImage for the sub-rectangle r of the
// plane: the w×h raster covers r instead of [-1,1]², which zooms into it.
// It returns an error for an invalid region or a non-positive size.
func ReconstructRegion(f ImageFunc, r Region, w, h, channels, threads int) (*pixels.Image, error) {
	if w <= 0 || h <= 0 || channels <= 0 {
		return nil, fmt.Errorf("render: image size %dx%d with %d channels: all must be positive", w, h, channels)
	}
	img := pixels.New(w, h, channels)
	rd := Renderer{Threads: threads}
	if err := rd.Render(img, f, r); err != nil {
		return nil, err
	}
	return img, nil
}

// grow returns s resliced to length n, reallocated only if too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// clip01 clamps every value of v to [0,1] in place, mapping NaN to 0.
func clip01(v []float32) {
	for i, x := range v {
		switch {
		case !(x > 0):
			v[i] = 0
		case x > 1:
			v[i] = 1
		}
	}
}
