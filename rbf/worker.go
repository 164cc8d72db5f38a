package rbf

import (
	"fmt"

	"github.com/neurbf/neurbf/internal/prefetch"
	"github.com/neurbf/neurbf/nn"
)

// worker runs an Encoder on batches of points within one goroutine (the
// nn.EncoderWorker that NewWorker returns). It
// keeps, for the points of the last Forward call, their coordinates,
// neighbour ids, normalised kernel values φ̃, normalisation factors and
// sines sin(φ̃ m) (or a reference to Fix's table), which Backward reuses;
// the cosines Backward needs for input, centre and shape gradients are
// computed there from φ̃. Scratch grows to the largest batch seen, so calls
// allocate nothing after the first at a given batch size.
type worker struct {
	e *Encoder
	n int

	x     []float32 // n×D input points
	nb    []int32   // n×K neighbour ids
	phit  []float64 // n×K normalised kernel values
	cnt   []int32   // n neighbour counts: K, or fewer beyond the kernels' reach
	inv   []float64 // n normalisation factors 1/(Σφ + 1e-8)
	basis []float32 // n×K×F sines of the uncached path
	cos   []float32 // the cosines of one block (SincosSlice's other output; unused)
	rows  []int32   // fixed-set rows when the last Forward used Fix's table
	table []float32 // Fix's table while rows are in use, else nil

	d2  []float32 // K distances of an index query
	tmp []float64 // K float64 scratch of Backward

	use     *nn.Neighbours // the next Forward's neighbours, from UseNeighbours
	useFrom int            // the first of its points in use
}

var _ nn.EncoderWorker = (*worker)(nil)

// NewWorker returns scratch state for one goroutine. Workers of one
// encoder may run concurrently (after Fix, if it is used).
func (e *Encoder) NewWorker() nn.EncoderWorker {
	k := e.cfg.K
	return &worker{e: e, d2: make([]float32, k), tmp: make([]float64, k)}
}

func (w *worker) grow(n int) {
	e := w.e
	k, nf := e.cfg.K, e.cfg.Features
	if cap(w.inv) < n {
		w.x = make([]float32, n*e.dim)
		w.nb = make([]int32, n*k)
		w.phit = make([]float64, n*k)
		w.inv = make([]float64, n)
		w.cnt = make([]int32, n)
		w.rows = make([]int32, n)
	}
	if !e.cfg.NoMSC && cap(w.basis) < n*k*nf {
		w.basis = make([]float32, n*k*nf)
	}
	if !e.cfg.NoMSC && w.cos == nil {
		w.cos = make([]float32, forwardBlock*k*nf)
	}
	w.n = n
}

// checkRows panics unless buf holds n rows of width at offset off in stride.
func checkRows(n, size, stride, off, width int, name string) {
	if n > 0 && (off < 0 || off+width > stride || (n-1)*stride+off+width > size) {
		panic(fmt.Sprintf("rbf: %s of %d values cannot hold %d rows of %d at offset %d, stride %d", name, size, n, width, off, stride))
	}
}

// Forward encodes the n = len(x)/InDim points of x and writes point i's F
// features to out[i*stride+off:]. When idx is not nil and Fix was called,
// idx[i] is point i's row in the fixed set and its cached data are used
// (the cache must have been built from the same coordinates). It panics
// on mismatched lengths or an idx entry outside the fixed set.
func (w *worker) Forward(out []float32, stride, off int, x []float32, idx []int32) {
	e := w.e
	dim, k, nf := e.dim, e.cfg.K, e.cfg.Features
	if len(x)%dim != 0 {
		panic(fmt.Sprintf("rbf: len(x) = %d is not a multiple of the dimension %d", len(x), dim))
	}
	n := len(x) / dim
	checkRows(n, len(out), stride, off, nf, "out")
	fc := e.fix
	if idx == nil {
		fc = nil
	}
	if fc != nil && len(idx) != n {
		panic(fmt.Sprintf("rbf: %d indices for %d points", len(idx), n))
	}
	w.grow(n)
	copy(w.x, x[:n*dim])
	w.table = nil
	if fc != nil && fc.table != nil {
		w.table = fc.table
	}
	sines := !e.cfg.NoMSC && w.table == nil
	kernels := fc == nil || fc.phit == nil // φ̃ computed here, from centres and shapes
	use, from := w.use, w.useFrom
	w.use = nil
	if use != nil && (use.K != k || from < 0 || from+n > len(use.Count)) {
		panic(fmt.Sprintf("rbf: kept neighbours of %d points of %d cannot serve %d points from %d", len(use.Count), use.K, n, from))
	}
	for lo := 0; lo < n; lo += forwardBlock {
		hi := min(lo+forwardBlock, n)
		// Neighbours first, with the rows the loops below read prefetched.
		for p := lo; p < hi; p++ {
			nb := w.nb[p*k : p*k+k]
			w.cnt[p] = int32(k)
			switch {
			case fc == nil && use != nil:
				q := from + p
				w.cnt[p] = use.Count[q]
				copy(nb, use.IDs[q*k:q*k+int(use.Count[q])])
			case fc == nil:
				q32, _ := e.scaled(x[p*dim : p*dim+dim])
				w.cnt[p] = int32(e.index.Within(nb, w.d2, q32[:dim], e.reach2))
			default:
				r := fixedRow(idx[p], fc.n)
				copy(nb, fc.nb[r*k:r*k+k])
				w.rows[p] = int32(r)
			}
			nb = nb[:w.cnt[p]]
			if kernels {
				prefetch.Rows(e.pos.Data, nb, dim)
				prefetch.Rows(e.shape.Data, nb, e.ss)
			}
			prefetch.Rows(e.w.Data, nb, nf)
		}
		for p := lo; p < hi; p++ {
			nb, phit := w.neighbours(p)
			if kernels {
				_, q := e.scaled(x[p*dim : p*dim+dim])
				w.inv[p] = e.point(&q, nb, phit)
			} else {
				r := int(w.rows[p])
				copy(phit, fc.phit[r*k:r*k+k])
				w.inv[p] = fc.inv[r]
			}
			if sines {
				e.sineArgs(w.basis[p*k*nf:(p+1)*k*nf], phit)
			}
		}
		if sines {
			m0, m1 := lo*k*nf, hi*k*nf
			nn.SincosSlice(w.basis[m0:m1], w.cos[:m1-m0], w.basis[m0:m1])
		}
		for p := lo; p < hi; p++ {
			nb, phit := w.neighbours(p)
			e.combine(out[p*stride+off:p*stride+off+nf], nb, phit, w.basisOf(p))
		}
	}
}

// forwardBlock is how many points Forward takes through all its stages
// at a time: their neighbour search, kernels, sines and weighted sums. The
// rows prefetched after the search are then still in cache when the
// kernels and sums read them, and a block's sines (its K×F×forwardBlock
// values, 32 KiB with the image defaults) stay in cache from their
// arguments to the sum, where a whole batch's (8 MiB at 2^14 points) went
// out to memory between stages once a big model's tables filled the
// cache. A multiple of 16, so that blocks of sines start on the vector
// boundaries of the whole table and every value is computed as before.
const forwardBlock = 64

// prefetchAhead is how many points ahead of the one being combined (or
// scattered) the feature (or gradient) rows of a point's neighbours are
// prefetched: far enough for a fetch from memory to finish, near enough
// for the lines to stay in cache.
const prefetchAhead = 8

// neighbours returns the ids and normalised kernel values of point p's
// neighbours in the last Forward call: the K nearest, or those of them
// within the kernels' reach (the others contribute exactly nothing).
func (w *worker) neighbours(p int) ([]int32, []float64) {
	k, c := w.e.cfg.K, int(w.cnt[p])
	return w.nb[p*k : p*k+c], w.phit[p*k : p*k+c]
}

// basisOf returns the MSC sines of point p of the last Forward call: a
// row of Fix's table, of the worker's own table, or nil without MSC.
func (w *worker) basisOf(p int) []float32 {
	e := w.e
	kf := e.cfg.K * e.cfg.Features
	switch {
	case e.cfg.NoMSC:
		return nil
	case w.table != nil:
		r := int(w.rows[p])
		return w.table[r*kf : (r+1)*kf]
	}
	return w.basis[p*kf : (p+1)*kf]
}

// fixedRow checks a fixed-set index.
func fixedRow(i int32, n int) int {
	if i < 0 || int(i) >= n {
		panic(fmt.Sprintf("rbf: index %d outside the fixed set of %d points", i, n))
	}
	return int(i)
}

// Backward adds dL/dw to grads[0] and, with TrainShapes, dL/dcentres to
// grads[1] and dL/dshapes to grads[2], and when dx is not nil writes dL/dx
// (n×InDim) into dx, given dL/dfeatures in dout (layout of Forward's out)
// for the points of the last Forward call. Input, centre and shape
// gradients are exact (normalisation included).
func (w *worker) Backward(grads [][]float32, dx []float32, dout []float32, stride, off int) {
	e := w.e
	dim, nf, n := e.dim, e.cfg.Features, w.n
	checkRows(n, len(dout), stride, off, nf, "dout")
	train := e.cfg.TrainShapes
	if len(grads) != len(e.Params()) || len(grads[0]) != len(e.w.Data) ||
		(train && (len(grads[1]) != len(e.pos.Data) || len(grads[2]) != len(e.shape.Data))) {
		panic("rbf: gradient buffers do not match Params")
	}
	if dx != nil && len(dx) < n*dim {
		panic(fmt.Sprintf("rbf: dx of %d values for %d points of dimension %d", len(dx), n, dim))
	}
	var dpos, dshape []float32
	if train {
		dpos, dshape = grads[1], grads[2]
	}
	for p := 0; p < n; p++ {
		if p+prefetchAhead < n {
			ahead, _ := w.neighbours(p + prefetchAhead)
			prefetch.Rows(grads[0], ahead, nf)
		}
		g := dout[p*stride+off : p*stride+off+nf]
		nb, phit := w.neighbours(p)
		e.scatter(grads[0], g, nb, phit, w.basisOf(p))
		if dx == nil && !train {
			continue
		}
		_, q := e.scaled(w.x[p*dim : p*dim+dim])
		gq := e.geometry(&q, g, nb, phit, w.inv[p], dpos, dshape, w.tmp)
		if dx != nil {
			for a := 0; a < dim; a++ {
				dx[p*dim+a] = float32(gq[a] * e.scale[a])
			}
		}
	}
}
