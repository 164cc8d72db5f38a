package grid

import (
	"math/bits"

	"github.com/neurbf/neurbf/nn"
)

var (
	_ nn.RowTables = (*Encoder)(nil)
	_ nn.RowMarker = (*worker)(nil)
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
