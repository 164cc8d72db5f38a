//go:build viewer

package viewer

import (
	"fmt"
	"sync/atomic"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/band"
)

// Baker samples an SDF on a regular n×n×n lattice over [−1, 1]³ with the
// corners aligned (sample i of an axis at −1 + 2i/(n−1)), x fastest, then
// y, then z: the layout of an OpenGL 3-D texture. The lattice is split
// into runs of whole rows of at most render.MaxBatch points that Threads
// goroutines take in turn, each run one SDF call writing straight into the
// destination. A Baker keeps its per-goroutine point buffers, so bakes
// after the first of a size allocate none. It is not safe for concurrent
// use; the zero value is ready.
type Baker struct {
	// Threads is the number of goroutines; 0 (or less) means all CPUs,
	// the module's convention (internal/parallel.Count).
	Threads int

	scratch [][]float32 // per-goroutine point buffers
	n       int
	coord   []float32 // the n lattice coordinates of an axis
}

// Bake fills dst (n³ values) with f on the n³ lattice. It returns an error
// when n < 2 or dst has the wrong length.
func (b *Baker) Bake(dst []float32, n int, f render.SDF) error {
	if n < 2 || n > 1024 {
		return fmt.Errorf("viewer: bake resolution %d outside [2, 1024]", n)
	}
	if len(dst) != n*n*n {
		return fmt.Errorf("viewer: bake of %d³ into %d values", n, len(dst))
	}
	if b.n != n {
		b.n = n
		b.coord = make([]float32, n)
		for i := range b.coord {
			b.coord[i] = float32(-1 + 2*float64(i)/float64(n-1))
		}
	}
	rowsPer := max(1, render.MaxBatch/n) // rows of n points per SDF call
	rows := n * n
	runs := (rows + rowsPer - 1) / rowsPer
	threads := min(parallel.Count(b.Threads), runs)
	for len(b.scratch) < threads {
		b.scratch = append(b.scratch, nil)
	}
	var next atomic.Int64
	work := func(t int) {
		pts := b.scratch[t]
		for {
			r := int(next.Add(1)) - 1
			if r >= runs {
				b.scratch[t] = pts
				return
			}
			r0, r1 := r*rowsPer, min((r+1)*rowsPer, rows)
			np := (r1 - r0) * n
			if cap(pts) < 3*np {
				pts = make([]float32, 3*rowsPer*n)
			}
			p := pts[:3*np]
			k := 0
			for row := r0; row < r1; row++ {
				y, z := b.coord[row%n], b.coord[row/n]
				for _, x := range b.coord {
					p[k], p[k+1], p[k+2] = x, y, z
					k += 3
				}
			}
			f(dst[r0*n:r1*n], nil, p)
		}
	}
	parallel.Workers(threads, work)
	return nil
}

// bakeModel bakes the SDF model m into dst at n³ through a narrow band
// (sdf/band) with lattices of max(n/4+1, 65) and then, when finer, n/2+1
// samples per axis (a coarser first lattice is refused for the bunny,
// which fills the box, as its margin of 1.5 cell diagonals is wide): the model
// is evaluated only near its zero set, and elsewhere the texture gets the
// trilinear interpolation of the finer lattice, which keeps the sign and
// stays within a cell diagonal of a distance-like field, all that sphere
// tracing needs far from the surface. A field that is not distance-like
// (an early model in live training) and bakes below 64³ are evaluated
// everywhere. It returns the number of model evaluations.
func bakeModel(b *Baker, dst []float32, n int, m *field.Model) (int64, error) {
	eval := func(d, _, p []float32) { m.Eval(d, p) }
	if n >= 64 {
		res := []int{max(n/4+1, 65)}
		if n/2+1 > res[0] {
			res = append(res, n/2+1)
		}
		if bf, ok := band.New(m.Eval, res); ok {
			err := b.Bake(dst, n, func(d, _, p []float32) { bf.Eval(d, p) })
			return bf.Evaluations(), err
		}
	}
	return int64(n) * int64(n) * int64(n), b.Bake(dst, n, eval)
}
