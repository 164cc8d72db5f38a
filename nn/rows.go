package nn

import "math/bits"

// RowMask is a set of rows of a parameter whose values form rows of Width
// values each (an encoder's table: an RBF's features, a grid vertex's):
// row r is bit r%64 of Bits[r/64]. Sparse training keeps one per parameter
// and gradient shard, so that clearing, summing and updating a table cost
// in proportion to the rows a batch reaches rather than to the table.
type RowMask struct {
	Width int
	Bits  []uint64
}

// NewRowMask returns an empty mask for a parameter of values values in rows
// of width (values must be a multiple of width).
func NewRowMask(values, width int) RowMask {
	rows := values / width
	return RowMask{Width: width, Bits: make([]uint64, (rows+63)/64)}
}

// Set adds row r.
func (m RowMask) Set(r int) { m.Bits[r>>6] |= 1 << (uint(r) & 63) }

// Has reports whether row r is in the set.
func (m RowMask) Has(r int) bool { return m.Bits[r>>6]&(1<<(uint(r)&63)) != 0 }

// RowMarker is implemented by encoder workers whose parameters include
// tables that a point reaches through a few rows only (see RowTables).
type RowMarker interface {
	// MarkRows sets, in masks[k], the row of the worker's k-th parameter
	// that any point of the last Forward call reached: a superset of the
	// rows to which Backward adds gradient. It skips a parameter whose
	// mask has nil Bits, and adds to the masks without clearing them.
	MarkRows(masks []RowMask)
}

// RowTable describes how the points of a batch reach one parameter of an
// encoder.
type RowTable struct {
	// Width is the number of values of a row, 0 when any point may reach
	// the whole parameter (a bias).
	Width int
	// Reach is the most rows a point reaches.
	Reach int
}

// RowTables is implemented by encoders whose workers are RowMarkers.
type RowTables interface {
	// RowTables describes each parameter, in Params order.
	RowTables() []RowTable
}

// RowPreMarker is implemented by encoder workers that can say which rows a
// Forward call would read before making it: a trainer with lazily updated
// tables (Adam.CatchUpRows) brings those rows up to date first, so that
// the forward pass reads them where dense Adam would have left them.
type RowPreMarker interface {
	// PreMarkRows sets, in masks[k], every row of the worker's k-th
	// parameter that Forward(…, x, idx) would read (the rows MarkRows
	// would mark after it), without computing features. It skips a
	// parameter whose mask has nil Bits and adds to the masks without
	// clearing them. An encoder that searches neighbours leaves them in
	// keep (not nil), for UseNeighbours.
	PreMarkRows(masks []RowMask, x []float32, idx []int32, keep *Neighbours)
	// UseNeighbours makes the next Forward call, of n points, take the
	// neighbours of points from … from+n−1 of nb (which PreMarkRows kept
	// for the same points) instead of searching them again.
	UseNeighbours(nb *Neighbours, from int)
}

// Neighbours holds the neighbours a RowPreMarker found for a run of
// points: point i's are IDs[i*K : i*K+Count[i]].
type Neighbours struct {
	K     int
	IDs   []int32
	Count []int32

	parts []Neighbours
}

// Part returns the i-th of nb's sub-holders, for an encoder of several
// parts to give each its own; it grows them on first use.
func (nb *Neighbours) Part(i int) *Neighbours {
	if i >= len(nb.parts) {
		nb.parts = append(nb.parts, make([]Neighbours, i+1-len(nb.parts))...)
	}
	return &nb.parts[i]
}

// Reset empties nb for n points of k neighbours each, growing its slices
// only when they are too short.
func (nb *Neighbours) Reset(n, k int) {
	nb.K = k
	if cap(nb.Count) < n {
		nb.IDs, nb.Count = make([]int32, n*k), make([]int32, n)
	}
	nb.IDs, nb.Count = nb.IDs[:n*k], nb.Count[:n]
}

// RowScan lists the rows of a mask's words in order, a chunk at a time, so
// that a loop over them can prefetch a chunk's rows before it visits them.
type RowScan struct {
	bits []uint64
	i    int    // index in bits of cur
	base int    // first row of the words
	cur  uint64 // the bits of word i not yet listed
}

// Scan returns a RowScan of the rows in words [lo, hi) of m.
func (m RowMask) Scan(lo, hi int) RowScan {
	s := RowScan{bits: m.Bits[lo:hi], base: lo << 6}
	if len(s.bits) > 0 {
		s.cur = s.bits[0]
	}
	return s
}

// Next fills buf with the next rows, as many as fit, and returns them; an
// empty result means the scan is done.
func (s *RowScan) Next(buf []int32) []int32 {
	n := 0
	for n < len(buf) && s.i < len(s.bits) {
		if s.cur == 0 {
			s.i++
			if s.i < len(s.bits) {
				s.cur = s.bits[s.i]
			}
			continue
		}
		buf[n] = int32(s.base + s.i<<6 + bits.TrailingZeros64(s.cur))
		s.cur &= s.cur - 1
		n++
	}
	return buf[:n]
}

// RowChunks walks a scan's rows a chunk at a time while holding the next
// chunk, so that a loop can have the rows of one chunk fetched from memory
// while it works on the previous one:
//
//	ch := mask.Chunks(lo, hi, size)
//	fetch(ch.Start())
//	for ids := ch.Cur(); len(ids) > 0; ids = ch.Advance() {
//		fetch(ch.Ahead())
//		work on ids
//	}
type RowChunks struct {
	scan RowScan
	buf  [2][64]int32
	n    [2]int
	cur  int
	size int
}

// Chunks returns a RowChunks of the rows in words [lo, hi) of m, in chunks
// of at most size (1 to 64) rows.
func (m RowMask) Chunks(lo, hi, size int) RowChunks {
	return RowChunks{scan: m.Scan(lo, hi), size: min(max(size, 1), 64)}
}

// Start lists the first two chunks and returns the first.
func (c *RowChunks) Start() []int32 {
	c.n[0] = len(c.scan.Next(c.buf[0][:c.size]))
	c.n[1] = len(c.scan.Next(c.buf[1][:c.size]))
	c.cur = 0
	return c.Cur()
}

// Cur returns the chunk to work on; empty when the walk is done.
func (c *RowChunks) Cur() []int32 { return c.buf[c.cur][:c.n[c.cur]] }

// Ahead returns the chunk after Cur, to fetch while Cur is worked on.
func (c *RowChunks) Ahead() []int32 { return c.buf[1-c.cur][:c.n[1-c.cur]] }

// Advance makes Ahead the current chunk, lists the one after it, and
// returns the new current chunk.
func (c *RowChunks) Advance() []int32 {
	old := c.cur
	c.cur = 1 - old
	c.n[old] = len(c.scan.Next(c.buf[old][:c.size]))
	return c.Cur()
}
