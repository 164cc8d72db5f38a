package dist

import (
	"math"
	"slices"
	"sync/atomic"

	"github.com/neurbf/neurbf/internal/parallel"
)

// Cells along the longest side of the mesh's bounding box of the two
// lattices. Seeds cost one nearest-triangle search per point at build
// time, and a finer seed lattice does not make queries faster (the
// search's cost is set by the boxes near the nearest point, not by the
// first bound). Windings cost one line query per lattice line, and a finer
// winding lattice shortens the segments whose crossings decide the sign
// near the surface, which speeds up near-surface queries (see
// docs/DECISIONS.md, "Exact signed distances: lattice sizes and query
// chunks").
const (
	seedCells    = 12
	windingCells = 64
)

// latticeOffset shifts the lattices off the bounding box by fractions of a
// cell chosen to be unlike any a modelling tool would snap vertices to,
// so that lattice lines rarely graze edges of axis-aligned meshes.
var latticeOffset = [3]float64{0.3183098861837907, 0.5772156649015329, 0.4142135623730950}

// unknownWinding marks a lattice point whose winding number could not be
// decided with certainty (it lies on, or within rounding of, the surface,
// or its lattice line grazes an edge).
const unknownWinding = math.MinInt32

// grid is a regular lattice of points covering the mesh's bounding box
// with a margin of one to two cells.
type grid struct {
	origin [3]float64
	h      float64 // the spacing
	n      [3]int  // points per axis
}

// newGrid lays out a grid of about cells cells along the longest side of
// the bounding box [lo, hi].
func newGrid(lo, hi [3]float64, cells int) grid {
	ext := max(hi[0]-lo[0], hi[1]-lo[1], hi[2]-lo[2])
	h := ext / float64(cells)
	if h == 0 { // all vertices coincide: any spacing will do
		h = 1
	}
	g := grid{h: h}
	for k := range 3 {
		g.origin[k] = lo[k] - h*(1+latticeOffset[k])
		g.n[k] = int(math.Ceil((hi[k]-lo[k])/h+1+latticeOffset[k])) + 2
	}
	return g
}

// size returns the number of points.
func (g *grid) size() int { return g.n[0] * g.n[1] * g.n[2] }

// point returns the coordinates of grid point (i, j, k).
func (g *grid) point(i, j, k int) [3]float64 {
	return [3]float64{
		g.origin[0] + g.h*float64(i),
		g.origin[1] + g.h*float64(j),
		g.origin[2] + g.h*float64(k),
	}
}

// pointAt returns the coordinates of the grid point of index idx =
// i + n[0]·(j + n[1]·k).
func (g *grid) pointAt(idx int) [3]float64 {
	i := idx % g.n[0]
	idx /= g.n[0]
	return g.point(i, idx%g.n[1], idx/g.n[1])
}

// nearest returns the index of the grid point nearest to p, clamped to
// the grid for points outside it.
func (g *grid) nearest(p *[3]float64) int {
	var c [3]int
	for k := range 3 {
		c[k] = min(max(int(math.Round((p[k]-g.origin[k])/g.h)), 0), g.n[k]-1)
	}
	return c[0] + g.n[0]*(c[1]+g.n[1]*c[2])
}

// lattice holds what the Tree precomputes on grids over the mesh's
// bounding box: for every point of a coarse grid a nearest triangle,
// which seeds the distance search of queries near it, and, for closed
// meshes, the exact integer winding number of every point of a finer
// grid, from which the sign of a query follows by counting the faces
// crossed on the way.
type lattice struct {
	// boxLo and boxHi are the mesh's bounding box; a closed mesh's
	// winding number is 0 outside it.
	boxLo, boxHi [3]float64
	seeds        grid
	// seed[idx] is the position in Tree.tris of a triangle nearest to
	// seeds point idx.
	seed  []int32
	winds grid
	// winding[idx] is the winding number of winds point idx, or
	// unknownWinding; nil for meshes that are not closed.
	winding []int32
}

// outside reports whether p lies outside the mesh's bounding box.
func (l *lattice) outside(p *[3]float64) bool {
	for k := range 3 {
		if p[k] < l.boxLo[k] || p[k] > l.boxHi[k] {
			return true
		}
	}
	return false
}

// buildLattice fills t.lattice for the mesh's bounding box [lo, hi]: the
// seeds, and for closed meshes the winding numbers. One worker per CPU
// (parallel.Workers) takes whole grid lines along x in turn and walks each
// in order, seeding each search with the previous point's answer, so the
// result does not depend on scheduling.
func (t *Tree) buildLattice(lo, hi [3]float64) {
	l := lattice{boxLo: lo, boxHi: hi, seeds: newGrid(lo, hi, seedCells)}
	l.seed = make([]int32, l.seeds.size())
	seedLines := l.seeds.n[1] * l.seeds.n[2]
	lines := seedLines
	if t.closed {
		l.winds = newGrid(lo, hi, windingCells)
		l.winding = make([]int32, l.winds.size())
		lines += l.winds.n[1] * l.winds.n[2]
	}
	var next atomic.Int64
	work := func() {
		var buf []lineCrossing
		for {
			line := int(next.Add(1)) - 1
			switch {
			case line < seedLines:
				g := &l.seeds
				seed := int32(0)
				for i := range g.n[0] {
					p := g.point(i, line%g.n[1], line/g.n[1])
					_, seed, _ = t.nearest(&p, seed)
					l.seed[i+g.n[0]*line] = seed
				}
			case line < lines:
				g := &l.winds
				line -= seedLines
				buf = t.lineWinding(l.winding[g.n[0]*line:g.n[0]*(line+1)], buf, g, line%g.n[1], line/g.n[1])
			default:
				return
			}
		}
	}
	parallel.Workers(0, func(int) { work() })
	t.lattice = l
}

// lineWinding sets w[i] to the winding number of grid point (i, j, k),
// or unknownWinding where it is uncertain, from the faces the line
// crosses below each point (the winding number is 0 below the mesh). It
// returns buf for reuse.
func (t *Tree) lineWinding(w []int32, buf []lineCrossing, g *grid, j, k int) []lineCrossing {
	start := g.point(0, j, k)
	buf, ok := t.lineCrossings(buf[:0], &start, 0)
	if !ok {
		for i := range w {
			w[i] = unknownWinding
		}
		return buf
	}
	slices.SortFunc(buf, func(a, b lineCrossing) int {
		switch {
		case a.at < b.at:
			return -1
		case a.at > b.at:
			return 1
		}
		return int(a.delta - b.delta)
	})
	var sum int32
	c := 0
	for i := range w {
		x := g.point(i, j, k)[0]
		for c < len(buf) && buf[c].at+buf[c].tol < x {
			sum += buf[c].delta
			c++
		}
		w[i] = sum
		// A crossing within rounding of the point leaves it undecided.
		for e := c; e < len(buf) && buf[e].at-buf[e].tol <= x; e++ {
			w[i] = unknownWinding
		}
	}
	return buf
}
