package dist

import "math"

// width is the number of children of a node of the distance hierarchy.
const width = 4

// qnode is a node of the distance hierarchy: the binary hierarchy of New
// collapsed to four children a node, whose bounds sit side by side (one
// array per axis and side) so that a query measures its distance to all
// four boxes at once, four lanes of one vector where SIMD is available.
// Bounds are stored in float32, rounded outwards, so a child's stored box
// always contains its triangles; distances to it are computed in float64
// and so never exceed the distances to the triangles inside. Unused slots
// hold an empty box (lo = +∞, hi = −∞), infinitely far from every point.
type qnode struct {
	// lo[k][c] and hi[k][c] bound child c along axis k.
	lo, hi [3][width]float32
	// child[c] is the index of child c in Tree.qnodes when count[c] is 0;
	// otherwise child c is a leaf whose triangles fill the count[c]
	// groups from Tree.groups[child[c]] on.
	child, count [width]int32
}

// flatten returns the distance hierarchy of the binary hierarchy nodes
// over the triangles tris, and the groups of its leaves:
// each qnode takes the place of a binary node and, as its children, the
// binary descendants found by repeatedly opening the inner child with the
// largest surface area until there are four. A tree that is a single leaf
// becomes one qnode with one child.
func flatten(nodes []node, tris []triangle) ([]qnode, []group) {
	q := make([]qnode, 0, len(nodes)/3+1)
	groups := make([]group, 0, len(tris)/2)
	var add func(i int32) int32
	add = func(i int32) int32 {
		self := int32(len(q))
		q = append(q, qnode{})
		kids := []int32{i}
		if nodes[i].right >= 0 {
			kids = []int32{i + 1, nodes[i].right}
		}
		for len(kids) < width {
			open, best := -1, -1.0
			for s, j := range kids {
				if n := &nodes[j]; n.right >= 0 && area(n.lo, n.hi) > best {
					open, best = s, area(n.lo, n.hi)
				}
			}
			if open < 0 {
				break
			}
			j := kids[open]
			kids[open] = j + 1
			kids = append(kids, nodes[j].right)
		}
		inf := float32(math.Inf(1))
		for c := range width {
			if c >= len(kids) {
				for k := range 3 {
					q[self].lo[k][c], q[self].hi[k][c] = inf, -inf
				}
				continue
			}
			ch := &nodes[kids[c]]
			if ch.right >= 0 {
				q[self].setChild(c, ch, add(kids[c]), 0)
				continue
			}
			first := int32(len(groups))
			groups = append(groups, newGroups(tris, ch.begin, ch.end)...)
			q[self].setChild(c, ch, first, int32(len(groups))-first)
		}
		return self
	}
	add(0)
	return q, groups
}

// setChild makes slot c of n the node ch with its bounds: the inner
// qnode idx when count is 0, else a leaf of count groups from idx on.
func (n *qnode) setChild(c int, ch *node, idx, count int32) {
	for k := range 3 {
		n.lo[k][c] = down32(ch.lo[k])
		n.hi[k][c] = up32(ch.hi[k])
	}
	n.child[c], n.count[c] = idx, count
}

// down32 returns the largest float32 not above x.
func down32(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

// up32 returns the smallest float32 not below x.
func up32(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// childDist2Scalar sets d[c] to the squared distance from p to the box of
// n's child c (zero inside the box, +∞ for an unused slot), one child at
// a time, and returns the children nearer than best2 as bits.
func (n *qnode) childDist2Scalar(p *[3]float64, best2 float64, d *[width]float64) uint8 {
	var m uint8
	for c := range width {
		var s float64
		for k := range 3 {
			e := max(float64(n.lo[k][c])-p[k], p[k]-float64(n.hi[k][c]), 0)
			if k == 0 {
				s = e * e
			} else {
				s += e * e
			}
		}
		d[c] = s
		if s < best2 {
			m |= 1 << c
		}
	}
	return m
}
