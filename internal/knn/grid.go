package knn

import (
	"fmt"
	"math"
)

// Grid finds the K points of a fixed set nearest to a query point. It
// buckets the points into a uniform grid over their bounding box (about
// cellTarget points per cell, ordered cell by cell so that a row of cells is
// one contiguous run) and searches shells of cells of growing Chebyshev
// radius around the query's cell until no unsearched cell can hold a closer
// point, starting at the first shell that holds any point (so queries far
// from every point, like SDF samples inside a shape, skip the empty space).
// Queries outside the box start from the nearest boundary cell.
//
// A Grid is read-only after NewGrid, so any number of goroutines may
// query it at once; each passes its own destination slices, and a query
// allocates nothing. On this project's sizes it answers several times as
// many queries per second as gonum's kd-tree, which also allocates per
// query (BenchmarkGrid* against BenchmarkGonumKDTree*; see
// docs/DECISIONS.md, "RBF bucket index instead of gonum's k-d tree").
type Grid struct {
	dim   int
	n     int
	lo    [3]float32
	cell  float32 // cell side
	inv   float32 // 1/cell
	res   [3]int  // cells per axis (1 on axes ≥ dim)
	start []int32 // points of cell c are start[c] : start[c+1] in ids / pts
	// reach[c] is the Chebyshev distance, in cells, from cell c to the
	// nearest non-empty cell: the shells a query may skip.
	reach []uint16
	ids   []int32 // point ids in cell order
	pts   []float32
}

// cellTarget is the mean number of points per cell of the bounding box, the
// best value tried for both 2-D uniform-ish and 3-D surface-like centres
// (see docs/DECISIONS.md, "RBF bucket index instead of gonum's k-d tree").
const cellTarget = 2

// NewGrid returns an index over the n = len(points)/dim points (row-major).
// It panics unless dim is 1, 2 or 3 and there is at least one point.
func NewGrid(points []float32, dim int) *Grid {
	if dim < 1 || dim > 3 || len(points) == 0 || len(points)%dim != 0 {
		panic(fmt.Sprintf("knn: NewGrid needs dim in 1..3 and a positive multiple of dim values, got dim %d, %d values", dim, len(points)))
	}
	n := len(points) / dim
	ix := &Grid{dim: dim, n: n, res: [3]int{1, 1, 1}}
	var hi [3]float32
	for a := 0; a < dim; a++ {
		ix.lo[a], hi[a] = float32(math.Inf(1)), float32(math.Inf(-1))
	}
	for p := 0; p < n; p++ {
		for a := 0; a < dim; a++ {
			v := points[p*dim+a]
			ix.lo[a] = min(ix.lo[a], v)
			hi[a] = max(hi[a], v)
		}
	}
	// Cell side from the box volume; flat axes count with a small extent,
	// and the side grows until the cell count is bounded.
	var ext [3]float64
	big := 0.0
	for a := 0; a < dim; a++ {
		ext[a] = float64(hi[a] - ix.lo[a])
		big = max(big, ext[a])
	}
	if big == 0 {
		big = 1
	}
	vol := 1.0
	for a := 0; a < dim; a++ {
		ext[a] = max(ext[a], big*1e-3)
		vol *= ext[a]
	}
	side := math.Pow(vol*cellTarget/float64(n), 1/float64(dim))
	for {
		cells := 1
		for a := 0; a < dim; a++ {
			ix.res[a] = max(1, int(math.Ceil(ext[a]/side)))
			cells *= ix.res[a]
		}
		if cells <= 4*n+64 {
			break
		}
		side *= 1.25
	}
	ix.cell = float32(side)
	ix.inv = float32(1 / side)

	cells := ix.res[0] * ix.res[1] * ix.res[2]
	ix.start = make([]int32, cells+1)
	cellOf := make([]int32, n)
	for p := 0; p < n; p++ {
		c := ix.cellOf(points[p*dim : p*dim+dim])
		cellOf[p] = int32(c)
		ix.start[c+1]++
	}
	for c := 0; c < cells; c++ {
		ix.start[c+1] += ix.start[c]
	}
	ix.ids = make([]int32, n)
	ix.pts = make([]float32, n*dim)
	fill := append([]int32(nil), ix.start[:cells]...)
	for p := 0; p < n; p++ {
		j := fill[cellOf[p]]
		fill[cellOf[p]]++
		ix.ids[j] = int32(p)
		copy(ix.pts[int(j)*dim:], points[p*dim:p*dim+dim])
	}
	ix.reach = ix.emptyReach()
	return ix
}

// emptyReach computes reach by a breadth-first search from the non-empty
// cells over the 3^D cell neighbourhood.
func (ix *Grid) emptyReach() []uint16 {
	cells := len(ix.start) - 1
	reach := make([]uint16, cells)
	queue := make([]int32, 0, cells)
	for c := 0; c < cells; c++ {
		if ix.start[c+1] > ix.start[c] {
			queue = append(queue, int32(c))
		} else {
			reach[c] = math.MaxUint16
		}
	}
	rx, ry := ix.res[0], ix.res[1]
	for h := 0; h < len(queue); h++ {
		c := int(queue[h])
		x, y, z := c%rx, c/rx%ry, c/(rx*ry)
		next := reach[c] + 1
		for dz := -1; dz <= 1; dz++ {
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					u, v, w := x+dx, y+dy, z+dz
					if u < 0 || v < 0 || w < 0 || u >= rx || v >= ry || w >= ix.res[2] {
						continue
					}
					if d := (w*ry+v)*rx + u; reach[d] > next {
						reach[d] = next
						queue = append(queue, int32(d))
					}
				}
			}
		}
	}
	return reach
}

// Order returns the point ids in the grid's cell order (a new slice): cell
// by cell in row-major order of cells, and within a cell by increasing id.
// Points renumbered in this order are stored in the same order by a Grid
// built from them, which then visits them in the same sequence, so its
// answers are the same up to the renumbering, ties included.
func (ix *Grid) Order() []int32 { return append([]int32(nil), ix.ids...) }

// Len is the number of indexed points.
func (ix *Grid) Len() int { return ix.n }

// Dim is the dimension of the indexed points.
func (ix *Grid) Dim() int { return ix.dim }

// coord returns the (clamped) cell coordinate of v on axis a.
func (ix *Grid) coord(v float32, a int) int {
	c := int(math.Floor(float64((v - ix.lo[a]) * ix.inv)))
	return min(max(c, 0), ix.res[a]-1)
}

func (ix *Grid) cellOf(p []float32) int {
	c := 0
	for a := ix.dim - 1; a >= 0; a-- {
		c = c*ix.res[a] + ix.coord(p[a], a)
	}
	return c
}

// KNearest writes the ids of the len(nb) points nearest to q into nb and
// their squared Euclidean distances into d2, nearest first. It panics if
// len(q) != Dim, len(d2) != len(nb) or len(nb) is 0 or more than Len.
func (ix *Grid) KNearest(nb []int32, d2 []float32, q []float32) {
	k := len(nb)
	if len(q) != ix.dim || len(d2) != k || k == 0 || k > ix.n {
		panic(fmt.Sprintf("knn: Grid.KNearest with %d coordinates (dim %d), %d ids, %d distances, %d points", len(q), ix.dim, k, len(d2), ix.n))
	}
	var qq [3]float32
	var c0 [3]int
	copy(qq[:], q)
	for a := 0; a < ix.dim; a++ {
		c0[a] = ix.coord(q[a], a)
	}
	s := search{ix: ix, q: qq, nb: nb, d2: d2}
	slack := ix.cell * 1e-4 // covers rounding between cell bounds and bucketing
	for r := int(ix.reach[(c0[2]*ix.res[1]+c0[1])*ix.res[0]+c0[0]]); ; r++ {
		s.shell(&c0, r)
		// The nearest unsearched cell lies beyond the shell on some axis.
		bound, more := float32(math.Inf(1)), false
		for a := 0; a < ix.dim; a++ {
			if c0[a]-r-1 >= 0 {
				bound = min(bound, qq[a]-(ix.lo[a]+float32(c0[a]-r)*ix.cell))
				more = true
			}
			if c0[a]+r+1 < ix.res[a] {
				bound = min(bound, ix.lo[a]+float32(c0[a]+r+1)*ix.cell-qq[a])
				more = true
			}
		}
		if !more {
			return
		}
		bound = max(bound-slack, 0)
		if s.found == k && bound*bound >= d2[k-1] {
			return
		}
	}
}

// search is the state of one KNearest query.
type search struct {
	ix    *Grid
	q     [3]float32
	nb    []int32
	d2    []float32
	found int
}

// shell visits the cells at Chebyshev distance exactly r from c0.
func (s *search) shell(c0 *[3]int, r int) {
	ix := s.ix
	for dz := -r; dz <= r; dz++ {
		z := c0[2] + dz
		if z < 0 || z >= ix.res[2] {
			continue
		}
		for dy := -r; dy <= r; dy++ {
			y := c0[1] + dy
			if y < 0 || y >= ix.res[1] {
				continue
			}
			row := (z*ix.res[1] + y) * ix.res[0]
			if dz == -r || dz == r || dy == -r || dy == r {
				x0, x1 := max(c0[0]-r, 0), min(c0[0]+r, ix.res[0]-1)
				s.visit(ix.start[row+x0], ix.start[row+x1+1])
				continue
			}
			if x := c0[0] - r; x >= 0 {
				s.visit(ix.start[row+x], ix.start[row+x+1])
			}
			if x := c0[0] + r; r > 0 && x < ix.res[0] {
				s.visit(ix.start[row+x], ix.start[row+x+1])
			}
		}
	}
}

// visit offers the points j0 ≤ j < j1 (in cell order) to the sorted top-K.
func (s *search) visit(j0, j1 int32) {
	ix, k := s.ix, len(s.nb)
	dim := ix.dim
	for j := int(j0); j < int(j1); j++ {
		p := ix.pts[j*dim : j*dim+dim]
		var d float32
		for a, v := range p {
			t := s.q[a] - v
			d += t * t
		}
		if s.found == k && d >= s.d2[k-1] {
			continue
		}
		s.found = insertTopK(s.nb, s.d2, s.found, ix.ids[j], d)
	}
}

// insertTopK inserts the point id at squared distance d into the top-K
// list nb, d2 (sorted nearest first, of which found entries are filled,
// and d closer than the last when it is full) after any equally distant
// entries, and returns the new count.
func insertTopK(nb []int32, d2 []float32, found int, id int32, d float32) int {
	i := found
	if i == len(nb) {
		i--
	} else {
		found++
	}
	for ; i > 0 && d2[i-1] > d; i-- {
		d2[i], nb[i] = d2[i-1], nb[i-1]
	}
	d2[i], nb[i] = d, id
	return found
}
