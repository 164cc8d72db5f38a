package field

import (
	"math"
	"math/bits"

	"github.com/neurbf/neurbf/internal/prefetch"
	"github.com/neurbf/neurbf/nn"
)

// rowCost is the crossover of sparse training (docs/DECISIONS.md, "Sparse
// updates for the tables a batch reaches little of"): visiting one reached
// row sparsely (summing the shards' rows, updating the moments and values,
// each a cache miss at a random row) costs about as much as the dense
// passes spend on rowCost values streamed in order. A table of rows of
// width values therefore keeps its gradient sparse when the expected
// fraction of its rows that a batch reaches, 1 − e^(−ρ) for ρ = batch ×
// rows a point reaches / rows, is at most width/rowCost; its clearing and
// summing then cost in proportion to the rows reached, and with lazy Adam
// (lazyDefault) its update too. The cost was measured with lazy Adam. Wide rows of a big table (a 30M-parameter image's RBF features)
// qualify; narrow ones (a grid's 2 features) only when a batch reaches a
// few percent of them; the paper's 256² setting, whose full batches reach
// every row, trains densely as before.
const rowCost = 100

// sparseChoice overrides the crossover (rowCost), for measurements and
// tests.
type sparseChoice int8

const (
	sparseAuto  sparseChoice = iota // by rowCost, Adam lazy when lazyDefault
	sparseNone                      // every parameter dense
	sparseGrads                     // every encoder table's gradient sparse, Adam dense
	sparseAll                       // every encoder table sparse, with lazy Adam
)

// lazyDefault says whether the tables the crossover makes sparse are also
// updated by lazy Adam, whose rows are caught up before each forward pass
// reads them (nn.Adam.CatchUpRows), with each idle step's own rates: that
// is dense Adam but for float32 rounding (TestLazyMatchesDense), and at
// 300 equal steps on the 5120×2880 photo at 30M it gave 34.65 dB against
// dense Adam's 34.66 (docs/DECISIONS.md, "Sparse updates for the tables a
// batch reaches little of").
const lazyDefault = true

// sparseTables returns, for each of the model's parameters, the row width
// of a table that batches of batch samples train sparsely, or 0 for a
// parameter trained densely. Only encoder tables (nn.RowTables) can be
// sparse; the decoder is dense.
func sparseTables(m *Model, batch int, choice sparseChoice) []int {
	widths := make([]int, len(m.Params()))
	if choice == sparseNone {
		return widths
	}
	for k, t := range m.Encoder.RowTables() {
		if t.Width == 0 {
			continue
		}
		rows := len(m.Params()[k].Data) / t.Width
		reached := 1 - math.Exp(-float64(batch)*float64(t.Reach)/float64(rows))
		if choice == sparseAll || choice == sparseGrads || reached*rowCost <= float64(t.Width) {
			widths[k] = t.Width
		}
	}
	return widths
}

// sparsify decides, before the first step, of n samples, which parameters
// train sparsely (sparseTables), and sets them up: the union masks, the
// hands' row markers, and lazy updates in opt, whose steps the gradient
// sum applies.
func (c *crew) sparsify(n int, opt *nn.Adam) {
	c.opt = opt
	c.rows = sparseTables(c.model, n, c.sparse)
	c.union = make([]nn.RowMask, len(c.params))
	c.pre = make([]nn.RowMask, len(c.params))
	_, marks := c.hands[0].enc.(nn.RowPreMarker)
	for k, w := range c.rows {
		if w == 0 {
			continue
		}
		c.union[k] = nn.NewRowMask(len(c.params[k].Data), w)
		c.lazy = marks && (c.sparse == sparseAll || (c.sparse == sparseAuto && lazyDefault))
		if c.lazy {
			if err := opt.SetLazy(k, c.union[k]); err != nil {
				panic(err) // the mask was made for the parameter
			}
			c.pre[k] = nn.NewRowMask(len(c.params[k].Data), w)
		}
		for _, h := range c.hands {
			h.mark = h.enc.(nn.RowMarker)
			h.pre, _ = h.enc.(nn.RowPreMarker)
		}
	}
}

// RowTables describes the parts' tables, then the bias, which every point
// reaches (nn.RowTables); a part that is not an nn.RowTables counts as
// dense.
func (h *Hybrid) RowTables() []nn.RowTable {
	var ts []nn.RowTable
	for k, p := range h.parts {
		if rt, ok := p.(nn.RowTables); ok {
			ts = append(ts, rt.RowTables()...)
		} else {
			ts = append(ts, make([]nn.RowTable, h.np[k])...)
		}
	}
	return append(ts, nn.RowTable{})
}

// MarkRows has each part that is an nn.RowMarker mark its rows.
func (w *hybridWorker) MarkRows(masks []nn.RowMask) {
	for k, pw := range w.ws {
		if rm, ok := pw.(nn.RowMarker); ok {
			rm.MarkRows(masks[:w.h.np[k]])
		}
		masks = masks[w.h.np[k]:]
	}
}

// PreMarkRows has each part that is an nn.RowPreMarker mark the rows a
// Forward of x would reach; the bias has no rows to mark. Part k keeps
// its neighbours in keep.Part(k).
func (w *hybridWorker) PreMarkRows(masks []nn.RowMask, x []float32, idx []int32, keep *nn.Neighbours) {
	for k, pw := range w.ws {
		if pm, ok := pw.(nn.RowPreMarker); ok {
			pm.PreMarkRows(masks[:w.h.np[k]], x, idx, keep.Part(k))
		}
		masks = masks[w.h.np[k]:]
	}
}

// UseNeighbours passes nb.Part(k) on to part k (nn.RowPreMarker).
func (w *hybridWorker) UseNeighbours(nb *nn.Neighbours, from int) {
	for k, pw := range w.ws {
		if pm, ok := pw.(nn.RowPreMarker); ok {
			pm.UseNeighbours(nb.Part(k), from)
		}
	}
}

// reduceRows is part r of the sparse gradient sum of parameter k: over the
// mask words of its part, the union of the shards' rows becomes c.union[k],
// a row no longer in it is zeroed in the parameter's Grad, and a row in it
// gets the sum of the shards' rows, added in shard order as the dense sum
// adds them (rows a shard did not reach hold zeros there), so that Grad is
// exactly the dense path's. The shards' rows are zeroed as they are summed
// and their masks emptied, so that a shard's sparse buffers are all zero
// when a step starts (runShard clears only its dense ones). With lazy Adam
// the rows are summed and updated together, a prefetched chunk at a time
// (sumAndStepRows); otherwise dense Adam updates the part's values while
// they are in cache, on every thread of the crew.
func (c *crew) reduceRows(h *hand, k, r int) {
	u, g := c.union[k], c.params[k].Grad
	w := u.Width
	lo, hi := r*len(u.Bits)/reduceParts, (r+1)*len(u.Bits)/reduceParts
	src := h.src[:c.used]
	for s := range src {
		src[s] = c.shards[s].grads[k]
	}
	for i := lo; i < hi; i++ {
		var now uint64
		for s := range c.used {
			m := c.shards[s].masks[k].Bits
			now |= m[i]
			m[i] = 0
		}
		gone := u.Bits[i] &^ now
		u.Bits[i] = now
		for gone != 0 {
			row := i<<6 | bits.TrailingZeros64(gone)
			gone &= gone - 1
			clear(g[row*w : row*w+w])
		}
		if c.lazy { // summed below, row by row with their update
			continue
		}
		if now == ^uint64(0) {
			a, b := i*64*w, (i+1)*64*w
			nn.SumInto(g[a:b], subslices(h.dst[:c.used], src, a, b))
			for _, s := range src {
				clear(s[a:b])
			}
			continue
		}
		for now != 0 {
			row := i<<6 | bits.TrailingZeros64(now)
			now &= now - 1
			takeRow(g[row*w:row*w+w], src, row*w)
		}
	}
	if c.lazy {
		c.sumAndStepRows(k, src, lo, hi)
		return
	}
	c.opt.StepValues(k, min(lo*64*w, len(g)), min(hi*64*w, len(g)))
}

// sumAndStepRows sums the shards' rows src of lazy parameter k that lie in
// its union's words [lo, hi) into Grad (takeRow) and updates them, a chunk
// of rows at a time, the next chunk's rows in every array prefetched
// meanwhile: the rows lie far apart in a big table, and their cache misses
// then overlap.
func (c *crew) sumAndStepRows(k int, src [][]float32, lo, hi int) {
	u, g := c.union[k], c.params[k].Grad
	w := u.Width
	ch := u.Chunks(lo, hi, nn.RowChunk)
	ch.Start()
	c.fetchRows(k, src, ch.Cur())
	for ids := ch.Cur(); len(ids) > 0; ids = ch.Advance() {
		c.fetchRows(k, src, ch.Ahead())
		for _, row := range ids {
			a := int(row) * w
			takeRow(g[a:a+w], src, a)
		}
		c.opt.StepRowsOf(k, ids)
	}
}

// fetchRows prefetches rows ids of lazy parameter k in every array that
// sumAndStepRows reads: the shards' gradients, Grad, the values, moments
// and stamps.
func (c *crew) fetchRows(k int, src [][]float32, ids []int32) {
	w := c.union[k].Width
	for _, s := range src {
		prefetch.Rows(s, ids, w)
	}
	prefetch.Rows(c.params[k].Grad, ids, w)
	c.opt.PrefetchRows(k, ids)
}

// takeRow sets d to the sum, in shard order, of the rows at offset a of
// src, and zeroes those rows (two shards, the usual case at the batches
// that train sparsely, in one pass).
func takeRow(d []float32, src [][]float32, a int) {
	s0 := src[0][a : a+len(d)]
	if len(src) == 2 {
		s1 := src[1][a : a+len(d)]
		for j := range d {
			d[j] = s0[j] + s1[j]
			s0[j], s1[j] = 0, 0
		}
		return
	}
	copy(d, s0)
	clear(s0)
	for _, s := range src[1:] {
		s = s[a : a+len(d)]
		for j := range d {
			d[j] += s[j]
			s[j] = 0
		}
	}
}

// subslices sets dst[s] = src[s][a:b] and returns dst.
func subslices(dst, src [][]float32, a, b int) [][]float32 {
	for s := range src {
		dst[s] = src[s][a:b]
	}
	return dst
}
