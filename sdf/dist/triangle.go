package dist

import (
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
)

// triangle is one mesh face with its vertices copied in, so queries touch
// a single contiguous array.
type triangle struct {
	a, b, c [3]float64
	// flat marks a degenerate triangle (collinear or coincident vertices),
	// whose closest point is taken from its three edges instead.
	flat bool
}

// closest returns the point of the triangle closest to p and its squared
// distance, deciding which Voronoi region of the triangle (a vertex, an
// edge or the face) holds p from the signs of dot products with the edge
// vectors, and projecting accordingly.
func (t *triangle) closest(p [3]float64) ([3]float64, float64) {
	if t.flat {
		return t.closestOnEdges(p)
	}
	a, b, c := t.a, t.b, t.c
	ab, ac, ap := vec3.Sub(b, a), vec3.Sub(c, a), vec3.Sub(p, a)
	d1, d2 := vec3.Dot(ab, ap), vec3.Dot(ac, ap)
	if d1 <= 0 && d2 <= 0 { // vertex region of a
		return a, vec3.Dot(ap, ap)
	}
	bp := vec3.Sub(p, b)
	d3, d4 := vec3.Dot(ab, bp), vec3.Dot(ac, bp)
	if d3 >= 0 && d4 <= d3 { // vertex region of b
		return b, vec3.Dot(bp, bp)
	}
	cp := vec3.Sub(p, c)
	d5, d6 := vec3.Dot(ab, cp), vec3.Dot(ac, cp)
	if d6 >= 0 && d5 <= d6 { // vertex region of c
		return c, vec3.Dot(cp, cp)
	}
	// vc, vb, va are the barycentric coordinates of p's projection scaled
	// by twice the squared area; a non-positive one with p between the
	// edge's end planes puts p in that edge's region.
	vc := d1*d4 - d3*d2
	if vc <= 0 && d1 >= 0 && d3 <= 0 { // edge ab
		return at(p, vec3.Add(a, vec3.Scale(d1/(d1-d3), ab)))
	}
	vb := d5*d2 - d1*d6
	if vb <= 0 && d2 >= 0 && d6 <= 0 { // edge ac
		return at(p, vec3.Add(a, vec3.Scale(d2/(d2-d6), ac)))
	}
	va := d3*d6 - d5*d4
	if va <= 0 && d4 >= d3 && d5 >= d6 { // edge bc
		return at(p, vec3.Add(b, vec3.Scale((d4-d3)/((d4-d3)+(d5-d6)), vec3.Sub(c, b))))
	}
	s := 1 / (va + vb + vc) // face region
	return at(p, vec3.Add(a, vec3.Add(vec3.Scale(vb*s, ab), vec3.Scale(vc*s, ac))))
}

// closestOnEdges returns the closest point to p on the triangle's three
// edges and its squared distance.
func (t *triangle) closestOnEdges(p [3]float64) ([3]float64, float64) {
	q, d2 := closestOnSegment(p, t.a, t.b)
	if q2, e2 := closestOnSegment(p, t.b, t.c); e2 < d2 {
		q, d2 = q2, e2
	}
	if q2, e2 := closestOnSegment(p, t.c, t.a); e2 < d2 {
		q, d2 = q2, e2
	}
	return q, d2
}

// closestOnSegment returns the closest point to p on the segment ab and
// its squared distance.
func closestOnSegment(p, a, b [3]float64) ([3]float64, float64) {
	ab := vec3.Sub(b, a)
	l2 := vec3.Dot(ab, ab)
	if l2 == 0 {
		return at(p, a)
	}
	u := min(max(vec3.Dot(vec3.Sub(p, a), ab)/l2, 0), 1)
	return at(p, vec3.Add(a, vec3.Scale(u, ab)))
}

// at returns q and its squared distance to p.
func at(p, q [3]float64) ([3]float64, float64) {
	d := vec3.Sub(p, q)
	return q, vec3.Dot(d, d)
}

// solidAngle returns the signed solid angle of the triangle seen from p
// divided by 4π (its winding number contribution), by Van Oosterom and
// Strackee's formula tan(Ω/2) = a·(b×c) / (|a||b||c| + (a·b)|c| +
// (b·c)|a| + (c·a)|b|) with a, b, c the vertices relative to p. It is
// positive when p sees the triangle's back (inside a closed, outward
// mesh).
func (t *triangle) solidAngle(p [3]float64) float64 {
	a, b, c := vec3.Sub(t.a, p), vec3.Sub(t.b, p), vec3.Sub(t.c, p)
	la, lb, lc := vec3.Norm(a), vec3.Norm(b), vec3.Norm(c)
	num := vec3.Dot(a, vec3.Cross(b, c))
	den := la*lb*lc + vec3.Dot(a, b)*lc + vec3.Dot(b, c)*la + vec3.Dot(c, a)*lb
	return math.Atan2(num, den) / (2 * math.Pi)
}
