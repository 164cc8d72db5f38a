package rbf

import "github.com/neurbf/neurbf/nn"

var (
	_ nn.RowTables = (*Encoder)(nil)
	_ nn.RowMarker = (*worker)(nil)
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
	for _, m := range masks {
		if m.Bits == nil {
			continue
		}
		for p := range w.n {
			nb, _ := w.neighbours(p)
			for _, c := range nb {
				m.Set(int(c))
			}
		}
	}
}
