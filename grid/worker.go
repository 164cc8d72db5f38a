package grid

import (
	"fmt"
	"math/bits"

	"github.com/neurbf/neurbf/nn"
)

// worker runs an Encoder on batches of points within one goroutine (the
// nn.EncoderWorker that NewWorker returns). It
// keeps, for the points of the last Forward call, each level's corner rows
// and cell fractions, which Backward reuses. Scratch grows to the largest
// batch seen and is reused, so calls allocate nothing after the first at a
// given batch size.
type worker struct {
	e *Encoder
	n int // points in the last Forward call

	// corner holds, level-major, each point's 2^D corner offsets into the
	// level's parameter values (row × Features), x varying fastest.
	corner []int32
	// frac holds, level-major, each point's D cell fractions.
	frac []float32
	// clamped holds each point's mask of clamped axes (see outside).
	clamped []uint8
}

var _ nn.EncoderWorker = (*worker)(nil)

// NewWorker returns scratch state for one goroutine; workers of one encoder
// may run concurrently.
func (e *Encoder) NewWorker() nn.EncoderWorker { return &worker{e: e} }

// Forward encodes the n = len(x)/InDim points of x (row-major) and writes
// point i's features, level-major, to out[i*stride+off : i*stride+off+OutDim].
// The grid has no Fix cache (computing a cell is as cheap as gathering
// it), so idx is ignored and x is always used.
func (w *worker) Forward(out []float32, stride, off int, x []float32, idx []int32) {
	e := w.e
	d, nf := e.dim, e.cfg.Features
	if len(x)%d != 0 {
		panic(fmt.Sprintf("grid: len(x) = %d is not a multiple of the dimension %d", len(x), d))
	}
	n := len(x) / d
	checkRows(n, len(out), stride, off, e.OutDim(), "out")
	w.grow(n)
	nc := n << d
	for i := range n {
		w.clamped[i] = outside(x[i*d : i*d+d])
	}
	for l := range e.levels {
		lv := &e.levels[l]
		tab := e.params[l].Data
		if len(tab) != lv.rows*nf {
			panic(fmt.Sprintf("grid: %s holds %d values, want %d", e.params[l].Name, len(tab), lv.rows*nf))
		}
		corner := w.corner[l*nc : (l+1)*nc]
		frac := w.frac[l*n*d : (l+1)*n*d]
		if d == 2 {
			forward2(out, stride, off+l*nf, corner, frac, lv, nf, tab, x)
		} else {
			forward3(out, stride, off+l*nf, corner, frac, lv, nf, tab, x)
		}
	}
}

// Backward adds the parameter gradients to grads (grads[l] as long as
// Params()[l].Data) and, when dx is non-nil, writes dL/dx (n×InDim) into
// dx, given dL/dfeatures in dout (laid out as Forward's out) for the points
// of the last Forward call. dL/dx uses the current parameter values, which
// must not have changed since Forward.
func (w *worker) Backward(grads [][]float32, dx []float32, dout []float32, stride, off int) {
	e := w.e
	d, nf, n := e.dim, e.cfg.Features, w.n
	checkRows(n, len(dout), stride, off, e.OutDim(), "dout")
	if len(grads) != len(e.params) {
		panic(fmt.Sprintf("grid: %d gradient buffers, want %d", len(grads), len(e.params)))
	}
	if dx != nil {
		if len(dx) < n*d {
			panic(fmt.Sprintf("grid: len(dx) = %d, want at least %d", len(dx), n*d))
		}
		dx = dx[:n*d]
		clear(dx)
	}
	nc := n << d
	for l := range e.levels {
		lv := &e.levels[l]
		if len(grads[l]) != lv.rows*nf {
			panic(fmt.Sprintf("grid: grads[%d] holds %d values, want %d", l, len(grads[l]), lv.rows*nf))
		}
		corner := w.corner[l*nc : (l+1)*nc]
		frac := w.frac[l*n*d : (l+1)*n*d]
		tab := e.params[l].Data
		if d == 2 {
			backward2(grads[l], dx, lv, nf, tab, corner, frac, dout, stride, off+l*nf)
		} else {
			backward3(grads[l], dx, lv, nf, tab, corner, frac, dout, stride, off+l*nf)
		}
	}
	if dx != nil {
		for i, m := range w.clamped[:n] {
			for m != 0 {
				a := bits.TrailingZeros8(m)
				dx[i*d+a] = 0
				m &^= 1 << a
			}
		}
	}
}

// grow makes the scratch hold n points.
func (w *worker) grow(n int) {
	e := w.e
	d, nl := e.dim, len(e.levels)
	w.n = n
	if cap(w.clamped) < n {
		w.corner = make([]int32, nl*n<<d)
		w.frac = make([]float32, nl*n*d)
		w.clamped = make([]uint8, n)
	}
	w.clamped = w.clamped[:n]
}

// checkRows panics unless a buffer of length size holds n rows of width
// cols at the given stride and offset.
func checkRows(n, size, stride, off, cols int, name string) {
	if off < 0 || off+cols > stride {
		panic(fmt.Sprintf("grid: %s offset %d + width %d exceeds stride %d", name, off, cols, stride))
	}
	if n > 0 && (n-1)*stride+off+cols > size {
		panic(fmt.Sprintf("grid: len(%s) = %d is too short for %d rows of stride %d", name, size, n, stride))
	}
}
