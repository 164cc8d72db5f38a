package dist

import (
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
)

// Signed returns the signed distance from p to the mesh: the unsigned
// distance, negated when p is inside, that is when its winding number is
// at least 0.5.
func (t *Tree) Signed(p [3]float64) float64 {
	d2, _, _ := t.nearest(&p, t.lattice.seed[t.lattice.seeds.nearest(&p)])
	d := math.Sqrt(d2)
	if t.inside(&p, d2) {
		return -d
	}
	return d
}

// inside reports whether p, at squared distance d2 from the mesh, has a
// winding number of at least 0.5: exactly for a closed mesh (see
// closedInside), and from the hierarchical winding number for a mesh with
// holes or where closedInside cannot decide.
func (t *Tree) inside(p *[3]float64, d2 float64) bool {
	if t.closed {
		if in, ok := t.closedInside(p, d2); ok {
			return in
		}
	}
	return t.Winding(*p) >= 0.5
}

// closedInside decides, for a closed mesh, whether p, at squared distance
// d2 from it, is inside. The winding number of a closed mesh is an integer
// that changes only across faces, by ±1 a face, so it is known exactly: 0
// outside the bounding box; otherwise, with g the nearest point of the
// winding lattice, g's value when p is nearer to g than to the surface
// (the segment between them lies in a ball free of faces), else g's value
// plus the faces the segment g→p crosses. It returns false when g's value
// is unknown or a crossing is too close to call in float64 (p or g within
// rounding of a face's plane where the segment meets it, or the segment
// grazing an edge).
func (t *Tree) closedInside(p *[3]float64, d2 float64) (inside, ok bool) {
	if t.lattice.outside(p) {
		return false, true
	}
	g := t.lattice.winds.nearest(p)
	w := t.lattice.winding[g]
	if w == unknownWinding {
		return false, false
	}
	q := t.lattice.winds.pointAt(g)
	if e := vec3.Sub(*p, q); vec3.Dot(e, e) < d2*(1-1e-9) {
		return w >= 1, true
	}
	delta, ok := t.segmentCrossings(&q, p)
	return w+int32(delta) >= 1, ok
}
