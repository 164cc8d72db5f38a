package metrics

import (
	"math"

	"github.com/neurbf/neurbf/internal/selectk"
)

// kdLeaf is the largest range a k-d tree query scans linearly.
const kdLeaf = 8

// kdTree answers nearest-neighbour queries over a fixed set of 3-D points.
// It is implicit: the points are permuted so that the median of every
// range [lo, hi) sits at mid = lo + (hi−lo)/2 with the points before it not
// above it on axis[mid] and those after not below, recursively; ranges of
// at most kdLeaf points are unordered leaves. Only the permutation and one
// axis byte per point are stored. A built tree is read-only: any number of
// goroutines may query it at once, and queries allocate nothing.
//
// gonum's spatial/kdtree answers the same queries, but through interfaces
// and with allocations per query, and is several times slower on 10⁶
// surface samples (BenchmarkNearest; see docs/DECISIONS.md, "Mesh metrics:
// a k-d tree of our own, queried in tree order").
type kdTree struct {
	pts  [][3]float64 // points in tree order
	id   []int32      // id[i]: index of pts[i] in the input
	axis []uint8      // split axis of the range whose median is i
}

// newKDTree builds a tree over pts (which it does not keep).
func newKDTree(pts [][3]float64) *kdTree {
	t := &kdTree{pts: append([][3]float64(nil), pts...), id: make([]int32, len(pts)), axis: make([]uint8, len(pts))}
	for i := range t.id {
		t.id[i] = int32(i)
	}
	t.build(0, len(pts))
	return t
}

// build orders the range [lo, hi), splitting on its axis of widest spread.
func (t *kdTree) build(lo, hi int) {
	for hi-lo > kdLeaf {
		bmin, bmax := t.pts[lo], t.pts[lo]
		for _, p := range t.pts[lo+1 : hi] {
			for a := range 3 {
				bmin[a], bmax[a] = min(bmin[a], p[a]), max(bmax[a], p[a])
			}
		}
		ax := 0
		for a := 1; a < 3; a++ {
			if bmax[a]-bmin[a] > bmax[ax]-bmin[ax] {
				ax = a
			}
		}
		mid := lo + (hi-lo)/2
		selectk.Select(axisKeys{t, ax}, lo, hi, mid)
		t.axis[mid] = uint8(ax)
		t.build(lo, mid)
		lo = mid + 1
	}
}

// swap exchanges points i and j with their ids.
func (t *kdTree) swap(i, j int) {
	t.pts[i], t.pts[j] = t.pts[j], t.pts[i]
	t.id[i], t.id[j] = t.id[j], t.id[i]
}

// axisKeys presents one coordinate of a tree's points to selectk, the
// ids moving with their points.
type axisKeys struct {
	t  *kdTree
	ax int
}

func (k axisKeys) Key(i int) float64 { return k.t.pts[i][k.ax] }
func (k axisKeys) Swap(i, j int)     { k.t.swap(i, j) }

// nearest returns the tree position of the point nearest to q and its
// squared distance. The tree must not be empty.
func (t *kdTree) nearest(q [3]float64) (int, float64) {
	best, bd := -1, math.Inf(1)
	t.search(q, 0, len(t.pts), &best, &bd)
	return best, bd
}

// search updates best and bd with the points of [lo, hi) nearer to q.
func (t *kdTree) search(q [3]float64, lo, hi int, best *int, bd *float64) {
	for hi-lo > kdLeaf {
		mid := lo + (hi-lo)/2
		p := &t.pts[mid]
		if d := dist2(q, p); d < *bd {
			*best, *bd = mid, d
		}
		diff := q[t.axis[mid]] - p[t.axis[mid]]
		// Descend into the near side now and the far side afterwards, if
		// the splitting plane is nearer than the best point so far.
		if diff < 0 {
			t.search(q, lo, mid, best, bd)
			if diff*diff >= *bd {
				return
			}
			lo = mid + 1
		} else {
			t.search(q, mid+1, hi, best, bd)
			if diff*diff >= *bd {
				return
			}
			hi = mid
		}
	}
	for i := lo; i < hi; i++ {
		if d := dist2(q, &t.pts[i]); d < *bd {
			*best, *bd = i, d
		}
	}
}

// dist2 is the squared distance from q to p.
func dist2(q [3]float64, p *[3]float64) float64 {
	x, y, z := q[0]-p[0], q[1]-p[1], q[2]-p[2]
	return x*x + y*y + z*z
}
