package dist

import (
	"math"
	"math/bits"

	"github.com/neurbf/neurbf/internal/vec3"
)

// Crossing counts: for a closed mesh the winding number is an integer off
// the surface that changes by exactly ±1 where a path crosses a face, so
// w(p) = w(g) + the signed number of faces the segment g→p crosses. The
// tests below decide every crossing with filtered exact predicates and
// report failure, never a guess, when a segment passes too near an edge,
// a vertex or a face's plane for the rounding error to be ruled out.

// segmentCrossings returns the change of the winding number along the
// segment from g to p, the number of faces crossed from their front
// (outer) side minus those crossed from their back, and false when a
// crossing could not be decided with certainty.
func (t *Tree) segmentCrossings(g, p *[3]float64) (delta int, ok bool) {
	var lo, hi [3]float64
	for k := range 3 {
		lo[k], hi[k] = min(g[k], p[k]), max(g[k], p[k])
	}
	var stack [wideStackSize]int32
	sp := 0
	i := int32(0)
	for {
		n := &t.qnodes[i]
		for c := range width {
			if !n.overlaps(c, &lo, &hi) {
				continue
			}
			cnt := n.count[c]
			if cnt == 0 {
				stack[sp] = n.child[c]
				sp++
				continue
			}
			for gi := n.child[c]; gi < n.child[c]+cnt; gi++ {
				grp := &t.groups[gi]
				for m := grp.straddles(g, p); m != 0; m &= m - 1 {
					k := grp.tri[bits.TrailingZeros8(m)&3]
					if k < 0 {
						continue
					}
					d, sure := t.tris[k].crossing(g, p)
					if !sure {
						return 0, false
					}
					delta += d
				}
			}
		}
		if sp == 0 {
			return delta, true
		}
		sp--
		i = stack[sp]
	}
}

// overlaps reports whether the box of child c of n meets the box [lo, hi].
func (n *qnode) overlaps(c int, lo, hi *[3]float64) bool {
	for k := range 3 {
		if float64(n.lo[k][c]) > hi[k] || float64(n.hi[k][c]) < lo[k] {
			return false
		}
	}
	return true
}

// crossing returns +1 when the segment g→p passes through the triangle
// from its front to its back, −1 the other way and 0 when it misses; sure
// is false when rounding leaves the answer in doubt. The segment crosses
// when g and p lie strictly on opposite sides of the triangle's plane and
// the line gp passes strictly inside all three edges.
func (t *triangle) crossing(g, p *[3]float64) (delta int, sure bool) {
	sg := sign(orient3d(&t.a, &t.b, &t.c, g))
	sp := sign(orient3d(&t.a, &t.b, &t.c, p))
	if sg != 0 && sg == sp {
		return 0, true
	}
	e1 := sign(orient3d(g, p, &t.a, &t.b))
	e2 := sign(orient3d(g, p, &t.b, &t.c))
	e3 := sign(orient3d(g, p, &t.c, &t.a))
	if e1*e2 < 0 || e2*e3 < 0 || e3*e1 < 0 {
		return 0, true // the line passes outside an edge
	}
	if e1 == 0 || e2 == 0 || e3 == 0 || sg == 0 || sp == 0 {
		return 0, false
	}
	// orient3d(a, b, c, x) < 0 on the front, the side the normal
	// (b−a)×(c−a) points to; entering the back adds one turn.
	return -sg, true
}

// lineCrossing is where a lattice line passes through a face and how the
// winding number changes there, going up the line.
type lineCrossing struct {
	at    float64 // coordinate along the line
	tol   float64 // bound on the rounding error of at
	delta int32
}

// lineCrossings appends to buf the faces the line through q parallel to
// axis k passes through and returns it, with false when the line passes
// too near an edge of some face for its crossings to be certain.
func (t *Tree) lineCrossings(buf []lineCrossing, q *[3]float64, k int) ([]lineCrossing, bool) {
	u, v := (k+1)%3, (k+2)%3
	var stack [wideStackSize]int32
	sp := 0
	i := int32(0)
	for {
		n := &t.qnodes[i]
		for c := range width {
			if float64(n.lo[u][c]) > q[u] || float64(n.hi[u][c]) < q[u] ||
				float64(n.lo[v][c]) > q[v] || float64(n.hi[v][c]) < q[v] {
				continue
			}
			cnt := n.count[c]
			if cnt == 0 {
				stack[sp] = n.child[c]
				sp++
				continue
			}
			for gi := n.child[c]; gi < n.child[c]+cnt; gi++ {
				for _, j := range t.groups[gi].tri {
					if j < 0 {
						continue
					}
					var ok bool
					if buf, ok = t.tris[j].lineCrossing(buf, q, k); !ok {
						return buf, false
					}
				}
			}
		}
		if sp == 0 {
			return buf, true
		}
		sp--
		i = stack[sp]
	}
}

// lineCrossing appends to buf where the line through q parallel to axis k
// passes through the triangle, if it does, and returns it, with false
// when the line passes too near an edge for that to be certain.
func (tr *triangle) lineCrossing(buf []lineCrossing, q *[3]float64, k int) ([]lineCrossing, bool) {
	u, v := (k+1)%3, (k+2)%3
	qu, qv := q[u], q[v]
	s1 := sign(orient2d(tr.a[u], tr.a[v], tr.b[u], tr.b[v], qu, qv))
	s2 := sign(orient2d(tr.b[u], tr.b[v], tr.c[u], tr.c[v], qu, qv))
	s3 := sign(orient2d(tr.c[u], tr.c[v], tr.a[u], tr.a[v], qu, qv))
	if s1*s2 < 0 || s2*s3 < 0 || s3*s1 < 0 {
		return buf, true
	}
	if s1 == 0 || s2 == 0 || s3 == 0 {
		return buf, false
	}
	// The projected triangle turns counter-clockwise (s1 > 0) exactly
	// when its normal's k component is positive, and then the line, going
	// up, leaves the back for the front: one turn less.
	nrm := vec3.Cross(vec3.Sub(tr.b, tr.a), vec3.Sub(tr.c, tr.a))
	du, dv := qu-tr.a[u], qv-tr.a[v]
	at := tr.a[k] - (nrm[u]*du+nrm[v]*dv)/nrm[k]
	tol := 1e-13 * (math.Abs(nrm[u]*du) + math.Abs(nrm[v]*dv) + math.Abs(nrm[k]*tr.a[k])) / math.Abs(nrm[k])
	return append(buf, lineCrossing{at: at, tol: tol, delta: int32(-s1)}), true
}
