package knn

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/neurbf/neurbf/internal/parallel"
)

// Cells answers KDTree.KNearestWithin for one fixed K and radius from a
// lattice of cubic cells, each listing the points that can be in the
// answer for some query inside it. For a cell of centre c and
// half-diagonal h: a point among the K nearest of a query p in the cell
// lies within d_K(c) + 2h of c (the K nearest of c are within
// d_K(c) + h of p), and a point within r of p lies within r + h of c, so
// the list holds the points within the smaller of the two. A query scans
// its cell's list, tens of points next to a surface and none far from
// it, and keeps the K nearest within r exactly as the tree does, from
// the same float32 distances: the answers are the tree's, up to the
// order of equal distances. The lattice covers the points' bounding box
// widened by r; beyond it no point is within r.
//
// It serves the SDF encoder, whose queries (fresh samples every step)
// spent about two fifths of a training step descending the tree. Cells
// is read-only once built, and a query allocates nothing.
type Cells struct {
	k     int
	r2    float32
	lo    [3]float32
	inv   float32 // cells per unit length
	res   int     // cells per axis
	cell  float32 // cell side
	start []int32 // cell i lists cand[start[i]:start[i+1]]
	cand  []cellPoint
	dist  []float32 // each listed point's distance from its cell's centre
}

// cellPoint is a listed point: its coordinates and id, together so that
// a scan reads one stream. Each cell's list is sorted by distance from
// the cell's centre, so a scan finds the nearest points first and stops
// once the rest are farther than the K-th found.
type cellPoint struct {
	x, y, z float32
	id      int32
}

// cellsPerPoint sets the lattice's size: about this many cells for each
// point, over the widened bounding box.
const cellsPerPoint = 16

// maxCellsBytes caps what a lattice may hold; past it NewCells declines.
const maxCellsBytes = 256 << 20

// NewCells returns the lattice for queries of the k nearest points of
// the tree within squared distance r2, built on threads goroutines, or
// nil when it does not pay or would not fit: r2 infinite, fewer than k
// points, or more than maxCellsBytes of lists.
func NewCells(t *KDTree, k int, r2 float32, threads int) *Cells {
	if k < 1 || k > t.n || !(r2 >= 0) || math.IsInf(float64(r2), 1) {
		return nil
	}
	r := math.Sqrt(float64(r2))
	var lo, hi [3]float64
	for a := range 3 {
		lo[a], hi[a] = math.Inf(1), math.Inf(-1)
	}
	for j := 0; j < t.n; j++ {
		for a := range 3 {
			v := float64(t.pts[3*j+a])
			lo[a], hi[a] = min(lo[a], v), max(hi[a], v)
		}
	}
	// Widen by r and a margin for float32 rounding of the queries' cells.
	side := 0.0
	for a := range 3 {
		pad := r*(1+1e-4) + 1e-6*(1+math.Abs(lo[a])+math.Abs(hi[a]))
		lo[a] -= pad
		hi[a] += pad
		side = max(side, hi[a]-lo[a])
	}
	res := max(1, int(math.Cbrt(float64(cellsPerPoint*t.n))))
	if res > 1024 {
		res = 1024
	}
	cell := side / float64(res)
	c := &Cells{k: k, r2: r2, inv: float32(1 / cell), res: res, cell: float32(cell)}
	for a := range 3 {
		c.lo[a] = float32(lo[a])
	}
	h := cell * math.Sqrt(3) / 2

	// Each goroutine fills whole z slabs; the slabs are then joined.
	type slab struct {
		count []int32
		cand  []cellPoint
		dist  []float32
	}
	slabs := make([]slab, res)
	var mu sync.Mutex
	total, over := 0, false
	parallel.For(res, threads, func(_, zlo, zhi int) {
		nb, d2 := make([]int32, k), make([]float32, k)
		for z := zlo; z < zhi; z++ {
			s := slab{count: make([]int32, res*res)}
			for y := range res {
				for x := range res {
					ctr := [3]float32{
						float32(lo[0] + (float64(x)+0.5)*cell),
						float32(lo[1] + (float64(y)+0.5)*cell),
						float32(lo[2] + (float64(z)+0.5)*cell),
					}
					t.KNearest(nb, d2, ctr[:])
					rad := min(math.Sqrt(float64(d2[k-1]))+2*h, r+h)
					if math.Sqrt(float64(d2[0])) > rad*(1+1e-5)+1e-6 {
						continue
					}
					// Slack covers the float32 rounding of the centre and
					// of the distances compared later.
					rad = rad*(1+1e-4) + 1e-6
					n0 := len(s.cand)
					t.within(0, ctr, float32(rad*rad), func(j int) {
						p := cellPoint{t.pts[3*j], t.pts[3*j+1], t.pts[3*j+2], t.ids[j]}
						s.cand = append(s.cand, p)
						s.dist = append(s.dist, float32(math.Sqrt(dist2(ctr, p))))
					})
					sortByDist(s.cand[n0:], s.dist[n0:])
					s.count[y*res+x] = int32(len(s.cand) - n0)
				}
			}
			slabs[z] = s
			mu.Lock()
			total += len(s.cand)
			// Lists (20 bytes an entry with its distance), counts and starts.
			over = over || total*20+8*res*res*res > maxCellsBytes
			stop := over
			mu.Unlock()
			if stop {
				return
			}
		}
	})
	if over || total > math.MaxInt32 {
		return nil
	}
	c.start = make([]int32, res*res*res+1)
	c.cand = make([]cellPoint, 0, total)
	c.dist = make([]float32, 0, total)
	i := 0
	for _, s := range slabs {
		for _, n := range s.count {
			c.start[i+1] = c.start[i] + n
			i++
		}
		c.cand = append(c.cand, s.cand...)
		c.dist = append(c.dist, s.dist...)
	}
	return c
}

// dist2 is the squared distance from q to p, in float64.
func dist2(q [3]float32, p cellPoint) float64 {
	a, b, e := float64(q[0])-float64(p.x), float64(q[1])-float64(p.y), float64(q[2])-float64(p.z)
	return a*a + b*b + e*e
}

// sortByDist sorts the points by dist, nearest first, ties by id.
func sortByDist(ps []cellPoint, dist []float32) {
	type entry struct {
		p cellPoint
		d float32
	}
	es := make([]entry, len(ps))
	for i := range ps {
		es[i] = entry{ps[i], dist[i]}
	}
	slices.SortFunc(es, func(x, y entry) int {
		if c := cmp.Compare(x.d, y.d); c != 0 {
			return c
		}
		return cmp.Compare(x.p.id, y.p.id)
	})
	for i, e := range es {
		ps[i], dist[i] = e.p, e.d
	}
}

// within calls fn with the bucket position of every point of node ni's
// subtree within squared distance r2 of q.
func (t *KDTree) within(ni int32, q [3]float32, r2 float32, fn func(j int)) {
	nd := &t.nodes[ni]
	if boxDist2(nd, &q) > r2 {
		return
	}
	if nd.left != 0 {
		t.within(nd.left, q, r2, fn)
		t.within(nd.left+1, q, r2, fn)
		return
	}
	for j := int(nd.begin); j < int(nd.end); j++ {
		a, b, c := q[0]-t.pts[3*j], q[1]-t.pts[3*j+1], q[2]-t.pts[3*j+2]
		if a*a+b*b+c*c <= r2 {
			fn(j)
		}
	}
}

// Fits reports whether the lattice answers queries of len(nb) = k
// neighbours within squared distance r2.
func (c *Cells) Fits(k int, r2 float32) bool { return c != nil && k == c.k && r2 == c.r2 }

// KNearestWithin writes the ids of the points within squared distance r2
// among the k nearest to q into the first entries of nb, their squared
// distances into d2, nearest first, and returns their number, as
// KDTree.KNearestWithin does; nb and d2 have length k, and k and r2 are
// those of NewCells (Fits).
func (c *Cells) KNearestWithin(nb []int32, d2 []float32, q []float32) int {
	q0, q1, q2 := q[0], q[1], q[2]
	fx, fy, fz := (q0-c.lo[0])*c.inv, (q1-c.lo[1])*c.inv, (q2-c.lo[2])*c.inv
	res := float32(c.res)
	// The negated tests also send NaN out.
	if !(fx >= 0 && fx < res && fy >= 0 && fy < res && fz >= 0 && fz < res) {
		return 0
	}
	ix, iy, iz := int(fx), int(fy), int(fz)
	i := (iz*c.res+iy)*c.res + ix
	lo, hi := c.start[i], c.start[i+1]
	if lo == hi {
		return 0
	}
	// e bounds the query's distance from the cell's centre, so a listed
	// point at distance t from the centre is at least t − e from the
	// query; with the list sorted by t, the scan stops at the first t
	// past e + (the K-th distance found, or r). The bound is widened by
	// a relative 1e-4 against float32 rounding.
	h := c.cell / 2
	a, b, g := fx-float32(ix)-0.5, fy-float32(iy)-0.5, fz-float32(iz)-0.5
	e := float32(math.Sqrt(float64(a*a+b*b+g*g)))*c.cell*1.0001 + 1e-6*(1+h)
	found, k := 0, len(nb)
	r := float32(math.Sqrt(float64(c.r2)))*1.0001 + 1e-6
	stop := r + e
	ds := c.dist[lo:hi]
	for j, p := range c.cand[lo:hi] {
		if ds[j] > stop {
			break
		}
		a, b, g := q0-p.x, q1-p.y, q2-p.z
		d := a*a + b*b + g*g
		if d > c.r2 || (found == k && d >= d2[k-1]) {
			continue
		}
		found = insertTopK(nb, d2, found, p.id, d)
		if found == k {
			stop = min(r, float32(math.Sqrt(float64(d2[k-1])))*1.0001+1e-6) + e
		}
	}
	return found
}
