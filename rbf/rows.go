package rbf

import "github.com/neurbf/neurbf/nn"

var (
	_ nn.RowTables    = (*Encoder)(nil)
	_ nn.RowMarker    = (*worker)(nil)
	_ nn.RowPreMarker = (*worker)(nil)
)

// RowTables describes Params (nn.RowTables): a point reaches the features,
// and with TrainShapes the centres and shapes, of its K neighbours only, so
// every parameter is a table of one row per RBF.
func (e *Encoder) RowTables() []nn.RowTable {
	k := e.cfg.K
	if e.cfg.TrainShapes {
		return []nn.RowTable{{Width: e.cfg.Features, Reach: k}, {Width: e.dim, Reach: k}, {Width: e.ss, Reach: k}}
	}
	return []nn.RowTable{{Width: e.cfg.Features, Reach: k}}
}

// MarkRows marks the RBFs that the points of the last Forward call reached
// (nn.RowMarker): their neighbours, those within the kernels' reach when
// neighbours were searched, all K when they came from Fix's cache.
func (w *worker) MarkRows(masks []nn.RowMask) {
	for p := range w.n {
		nb, _ := w.neighbours(p)
		markAll(masks, nb)
	}
}

// PreMarkRows marks the RBFs that Forward(…, x, idx) would reach
// (nn.RowPreMarker): it runs Forward's neighbour search (or reads Fix's
// cache) alone, leaving the last Forward call's scratch as it was, and
// keeps the neighbours it searched in keep.
func (w *worker) PreMarkRows(masks []nn.RowMask, x []float32, idx []int32, keep *nn.Neighbours) {
	e := w.e
	dim, k := e.dim, e.cfg.K
	n := len(x) / dim
	fc := e.fix
	if idx == nil {
		fc = nil
	}
	keep.Reset(n, k)
	for p := range n {
		var reached []int32
		if fc != nil {
			r := fixedRow(idx[p], fc.n)
			reached = fc.nb[r*k : r*k+k]
		} else {
			nb := keep.IDs[p*k : p*k+k]
			q32, _ := e.scaled(x[p*dim : p*dim+dim])
			keep.Count[p] = int32(e.index.Within(nb, w.d2, q32[:dim], e.reach2))
			reached = nb[:keep.Count[p]]
		}
		markAll(masks, reached)
	}
}

// UseNeighbours makes the next Forward call read the neighbours of points
// from, from+1, … of nb instead of searching them (nn.RowPreMarker); a
// Forward that uses Fix's cache ignores it. It must be the same encoder's
// neighbours for the same points.
func (w *worker) UseNeighbours(nb *nn.Neighbours, from int) {
	w.use, w.useFrom = nb, from
}

// markAll sets the rows nb in every mask that has Bits.
func markAll(masks []nn.RowMask, nb []int32) {
	for _, m := range masks {
		if m.Bits == nil {
			continue
		}
		for _, c := range nb {
			m.Set(int(c))
		}
	}
}
