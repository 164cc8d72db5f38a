package rbf

import (
	"fmt"

	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/nn"
)

// fixChunk is the fewest points a goroutine of Fix takes, so that small
// sets are not split among goroutines that cost more to start than their
// share.
const fixChunk = 1024

// fixCache holds per-point data for the fixed training set of Fix.
type fixCache struct {
	n     int
	nb    []int32   // n×K neighbour ids, nearest first
	phit  []float64 // n×K normalised kernel values; nil with TrainShapes
	inv   []float64 // n values 1/(Σφ + 1e-8); nil with TrainShapes
	table []float32 // n×K×F sines sin(φ̃ m); nil when it does not fit
}

// Fix precomputes, for the fixed training points x (row-major n×InDim),
// each point's K neighbours and normalised kernel values φ̃ and, when the
// whole cache fits in Config.MaxCacheBytes, the K×F table of sines, so that
// a Forward with idx != nil is a gather and weighted sum and its Backward a
// scatter. Without the table the sines are computed on the fly. With
// TrainShapes, φ̃ depends on the parameters and only the neighbour lists
// are kept. It returns the bytes held, or an error if x is not a whole
// number of points or even the neighbour lists exceed MaxCacheBytes. Fix
// replaces any previous cache and must not run concurrently with workers.
func (e *Encoder) Fix(x []float32) (int64, error) {
	if len(x)%e.dim != 0 {
		return 0, fmt.Errorf("rbf fix: %d coordinates is not a multiple of the dimension %d", len(x), e.dim)
	}
	n, k, nf := len(x)/e.dim, e.cfg.K, e.cfg.Features
	fc := &fixCache{n: n, nb: make([]int32, n*k)}
	bytes := int64(n) * int64(k) * 4
	if !e.cfg.TrainShapes {
		bytes += int64(n) * int64(k+1) * 8
	}
	if bytes > e.cfg.MaxCacheBytes {
		return 0, fmt.Errorf("rbf fix: the neighbour cache of %d points needs %d bytes, more than the limit of %d", n, bytes, e.cfg.MaxCacheBytes)
	}
	if !e.cfg.TrainShapes {
		fc.phit = make([]float64, n*k)
		fc.inv = make([]float64, n)
		tb := int64(n) * int64(k) * int64(nf) * 4
		if !e.cfg.NoMSC && bytes+tb <= e.cfg.MaxCacheBytes {
			fc.table = make([]float32, n*k*nf)
			bytes += tb
		}
	}
	// One chunk per CPU, but none under fixChunk points; each point's data
	// are written alone, so the result does not depend on the split.
	threads := min(parallel.Count(0), max(n/fixChunk, 1))
	parallel.For(n, threads, func(_, lo, hi int) {
		d2 := make([]float32, k)
		var cos []float32
		if fc.table != nil {
			cos = make([]float32, k*nf)
		}
		for p := lo; p < hi; p++ {
			q32, q := e.scaled(x[p*e.dim : p*e.dim+e.dim])
			nb := fc.nb[p*k : p*k+k]
			e.index.KNearest(nb, d2, q32[:e.dim])
			if fc.phit == nil {
				continue
			}
			phit := fc.phit[p*k : p*k+k]
			fc.inv[p] = e.point(&q, nb, phit)
			if fc.table != nil {
				row := fc.table[p*k*nf : (p+1)*k*nf]
				e.sineArgs(row, phit)
				nn.SincosSlice(row, cos, row)
			}
		}
	})
	e.fix = fc
	return bytes, nil
}
