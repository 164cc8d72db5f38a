package grid

import (
	"math/bits"

	"github.com/neurbf/neurbf/nn"
)

var (
	_ nn.RowTables    = (*Encoder)(nil)
	_ nn.RowMarker    = (*worker)(nil)
	_ nn.RowPreMarker = (*worker)(nil)
)

// RowTables describes Params (nn.RowTables): a point reaches each level's
// table through the 2^D rows of its cell's corners, rows of Features
// values.
func (e *Encoder) RowTables() []nn.RowTable {
	ts := make([]nn.RowTable, len(e.params))
	for l := range ts {
		ts[l] = nn.RowTable{Width: e.cfg.Features, Reach: 1 << e.dim}
	}
	return ts
}

// MarkRows marks, level by level, the corner rows of the cells of the
// points of the last Forward call (nn.RowMarker).
func (w *worker) MarkRows(masks []nn.RowMask) {
	e := w.e
	nf, nc := e.cfg.Features, w.n<<e.dim
	for l, m := range masks {
		if m.Bits == nil {
			continue
		}
		corner := w.corner[l*nc : (l+1)*nc]
		if nf&(nf-1) == 0 { // a power of two: the row is a shift of the offset
			sh := bits.TrailingZeros(uint(nf))
			for _, c := range corner {
				m.Set(int(c) >> sh)
			}
			continue
		}
		for _, c := range corner {
			m.Set(int(c) / nf)
		}
	}
}

// PreMarkRows marks, level by level, the corner rows of the cells of the
// points of x, as Forward(…, x, idx) would reach them (nn.RowPreMarker);
// idx and keep are not used: a grid has no neighbours to keep. It leaves
// the worker's scratch alone.
func (w *worker) PreMarkRows(masks []nn.RowMask, x []float32, _ []int32, _ *nn.Neighbours) {
	e := w.e
	d := e.dim
	for l, m := range masks {
		if m.Bits == nil {
			continue
		}
		lv := &e.levels[l]
		hi, s := lv.res-2, lv.scale
		mask := uint32(lv.rows - 1)
		for p := 0; p+d <= len(x); p += d {
			var lo [3]int
			for a := range d {
				lo[a], _ = cell(x[p+a], s, hi)
			}
			for b := range 1 << d {
				var v [3]int
				for a := range d {
					v[a] = lo[a] + (b>>a)&1
				}
				m.Set(lv.vertexRow(v, d, mask))
			}
		}
	}
}

// vertexRow returns the table row of vertex v (d coordinates) of level lv,
// as the forward kernels compute it: hashed, or row-major with x fastest.
func (lv *level) vertexRow(v [3]int, d int, mask uint32) int {
	switch {
	case lv.hashed && d == 2:
		return hash2(uint32(v[0]), uint32(v[1]), mask)
	case lv.hashed:
		return hash3(uint32(v[0]), uint32(v[1]), uint32(v[2]), mask)
	}
	r := lv.res
	return v[0] + r*(v[1]+r*v[2])
}

// UseNeighbours does nothing: a grid's Forward finds its corners itself
// (nn.RowPreMarker).
func (w *worker) UseNeighbours(*nn.Neighbours, int) {}
