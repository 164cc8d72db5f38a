package knn

import (
	"fmt"
	"math"
	"slices"
)

// KDTree finds the K points of a fixed 3-D set nearest to a query point.
// It is a static kd-tree: each node splits its points at the median of
// the axis along which their bounding box is widest, down to buckets of
// at most kdLeaf points, stored contiguously, and keeps the tight
// bounding box of its points (not the cell its splitting planes bound,
// which on surface data is mostly empty space and gives a loose bound).
// A query visits subtrees in the order of their boxes' distance from it,
// skipping every subtree whose box is farther than the current K-th
// distance.
//
// Where the points lie on a surface (SDF centres) and queries come from
// anywhere in space, its cost hardly depends on the query's distance from
// the surface, unlike a uniform bucket grid (Grid), whose shells of empty
// cells grow with that distance.
//
// A KDTree is read-only after NewKDTree: any number of goroutines may
// query it at once, and a query allocates nothing.
type KDTree struct {
	n     int
	nodes []kdNode
	ids   []int32   // point ids in bucket order
	pts   []float32 // their coordinates, 3 per point
}

// kdNode is a subtree: the bounding box of its points, and either its
// children (at left and left+1) or, for a leaf (left = 0), its points
// begin : end.
type kdNode struct {
	lo, hi     [3]float32
	left       int32
	begin, end int32
}

// kdLeaf is the largest bucket.
const kdLeaf = 8

// NewKDTree returns a tree over the n = len(points)/3 points (row-major).
// It panics unless there is at least one point.
func NewKDTree(points []float32) *KDTree {
	if len(points) == 0 || len(points)%3 != 0 {
		panic(fmt.Sprintf("knn: NewKDTree needs a positive multiple of 3 values, got %d", len(points)))
	}
	n := len(points) / 3
	t := &KDTree{n: n, ids: make([]int32, n)}
	for i := range t.ids {
		t.ids[i] = int32(i)
	}
	t.nodes = append(t.nodes, kdNode{})
	t.build(0, 0, n, points)
	t.pts = make([]float32, 3*n)
	for j, id := range t.ids {
		copy(t.pts[3*j:3*j+3], points[3*int(id):3*int(id)+3])
	}
	return t
}

// build fills node ni with the points ids[begin:end].
func (t *KDTree) build(ni, begin, end int, points []float32) {
	lo := [3]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(1))}
	hi := [3]float32{float32(math.Inf(-1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
	ids := t.ids[begin:end]
	for _, id := range ids {
		for a := range 3 {
			v := points[3*int(id)+a]
			lo[a], hi[a] = min(lo[a], v), max(hi[a], v)
		}
	}
	if end-begin <= kdLeaf {
		t.nodes[ni] = kdNode{lo: lo, hi: hi, begin: int32(begin), end: int32(end)}
		return
	}
	axis := 0
	for a := 1; a < 3; a++ {
		if hi[a]-lo[a] > hi[axis]-lo[axis] {
			axis = a
		}
	}
	key := func(id int32) float32 { return points[3*int(id)+axis] }
	slices.SortFunc(ids, func(a, b int32) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return int(a - b)
	})
	mid := len(ids) / 2
	left := len(t.nodes)
	t.nodes = append(t.nodes, kdNode{}, kdNode{})
	t.nodes[ni] = kdNode{lo: lo, hi: hi, left: int32(left)}
	t.build(left, begin, begin+mid, points)
	t.build(left+1, begin+mid, end, points)
}

// Len is the number of points.
func (t *KDTree) Len() int { return t.n }

// KNearest writes the ids of the len(nb) points nearest to q into nb and
// their squared Euclidean distances (float32, summed over the axes in
// order) into d2, nearest first. It panics if len(q) != 3,
// len(d2) != len(nb) or len(nb) is 0 or more than Len.
//
// The search is best first: subtrees wait in a min-heap ordered by a
// lower bound on their squared distance from q, and it ends when the
// nearest waiting subtree is no closer than the K-th point found. Far from
// the points, where a depth-first search wanders through many subtrees
// before its K-th distance tightens, this visits several times fewer.
func (t *KDTree) KNearest(nb []int32, d2 []float32, q []float32) {
	k := len(nb)
	if len(q) != 3 || len(d2) != k || k == 0 || k > t.n {
		panic(fmt.Sprintf("knn: KDTree.KNearest with %d coordinates, %d ids, %d distances, %d points", len(q), k, len(d2), t.n))
	}
	t.kNearest(nb, d2, q, float32(math.Inf(1)), kdHeapSize)
}

// KNearestWithin is KNearest restricted to points at squared distance at
// most r2: it writes those of the len(nb) nearest points that are that
// close into the first entries of nb and d2 and returns their number. Far
// from every point it returns 0 after visiting a few nodes.
func (t *KDTree) KNearestWithin(nb []int32, d2 []float32, q []float32, r2 float32) int {
	k := len(nb)
	if len(q) != 3 || len(d2) != k || k == 0 || k > t.n {
		panic(fmt.Sprintf("knn: KDTree.KNearestWithin with %d coordinates, %d ids, %d distances, %d points", len(q), k, len(d2), t.n))
	}
	return t.kNearest(nb, d2, q, r2, kdHeapSize)
}

// kNearest is KNearestWithin with a heap of at most limit ≤ kdHeapSize
// entries (tests use small limits to exercise the full-heap path).
func (t *KDTree) kNearest(nb []int32, d2 []float32, q []float32, r2 float32, limit int) int {
	s := kdQuery{t: t, q: [3]float32{q[0], q[1], q[2]}, nb: nb, d2: d2, r2: r2, limit: limit}
	s.descend(0)
	for s.size > 0 {
		e := s.pop()
		if s.beyond(e.rd) {
			break
		}
		s.descend(e.node)
	}
	return s.found
}

// kdEntry is a subtree waiting to be searched, with rd, the squared
// distance from the query to its bounding box.
type kdEntry struct {
	node int32
	rd   float32
}

// kdHeapSize is the capacity of a query's heap; when it is full, a subtree
// is searched at once instead of waiting (still exact, just less ordered).
const kdHeapSize = 256

// kdQuery is the state of one KNearest call.
type kdQuery struct {
	t     *KDTree
	q     [3]float32
	nb    []int32
	d2    []float32
	r2    float32 // points farther than this are not wanted
	found int
	size  int
	limit int // heap capacity in use, at most kdHeapSize
	heap  [kdHeapSize]kdEntry
}

// beyond reports whether squared distance d is out of the search: beyond
// r2, or no closer than the K-th point when K were found.
func (s *kdQuery) beyond(d float32) bool {
	k := len(s.nb)
	return d > s.r2 || (s.found == k && d >= s.d2[k-1])
}

// descend walks from node ni to a leaf, taking the child whose box is
// nearer to q and queueing the other, then offers the leaf's points.
func (s *kdQuery) descend(ni int32) {
	t := s.t
	for {
		nd := &t.nodes[ni]
		if nd.left == 0 {
			s.leaf(nd)
			return
		}
		near, far := nd.left, nd.left+1
		rn, rf := s.boxDist2(near), s.boxDist2(far)
		if rf < rn {
			near, far, rn, rf = far, near, rf, rn
		}
		if s.beyond(rn) {
			return
		}
		if !s.beyond(rf) {
			s.push(kdEntry{node: far, rd: rf})
		}
		ni = near
	}
}

// boxDist2 is the squared distance from q to node ni's bounding box.
func (s *kdQuery) boxDist2(ni int32) float32 { return boxDist2(&s.t.nodes[ni], &s.q) }

// boxDist2 is the squared distance from q to the node's bounding box.
func boxDist2(nd *kdNode, q *[3]float32) float32 {
	var d float32
	for a := range 3 {
		if t := nd.lo[a] - q[a]; t > 0 {
			d += t * t
		} else if t := q[a] - nd.hi[a]; t > 0 {
			d += t * t
		}
	}
	return d
}

// leaf offers the points of a leaf to the sorted top-K.
func (s *kdQuery) leaf(nd *kdNode) {
	t := s.t
	q0, q1, q2 := s.q[0], s.q[1], s.q[2]
	pts := t.pts[3*nd.begin : 3*nd.end]
	for j := range int(nd.end - nd.begin) {
		a, b, c := q0-pts[3*j], q1-pts[3*j+1], q2-pts[3*j+2]
		d := a*a + b*b + c*c
		if !s.beyond(d) {
			s.found = insertTopK(s.nb, s.d2, s.found, t.ids[int(nd.begin)+j], d)
		}
	}
}

// push adds e to the heap, or searches it at once when the heap is full.
func (s *kdQuery) push(e kdEntry) {
	if s.size == s.limit {
		s.descend(e.node)
		return
	}
	i := s.size
	s.size++
	for i > 0 {
		p := (i - 1) / 2
		if s.heap[p].rd <= e.rd {
			break
		}
		s.heap[i] = s.heap[p]
		i = p
	}
	s.heap[i] = e
}

// pop removes and returns the entry of least rd.
func (s *kdQuery) pop() kdEntry {
	top := s.heap[0]
	s.size--
	last := s.heap[s.size]
	i := 0
	for {
		c := 2*i + 1
		if c >= s.size {
			break
		}
		if c+1 < s.size && s.heap[c+1].rd < s.heap[c].rd {
			c++
		}
		if last.rd <= s.heap[c].rd {
			break
		}
		s.heap[i] = s.heap[c]
		i = c
	}
	s.heap[i] = last
	return top
}
