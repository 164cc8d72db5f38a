package mesh

import "math"

// Bounds returns the smallest axis-aligned box holding every vertex of m,
// as its lower and upper corners (both zero when m has no vertices).
func Bounds(m *Mesh) (lo, hi [3]float64) {
	if len(m.V) == 0 {
		return lo, hi
	}
	lo, hi = m.V[0], m.V[0]
	for _, v := range m.V[1:] {
		for k, c := range v {
			lo[k] = min(lo[k], c)
			hi[k] = max(hi[k], c)
		}
	}
	return lo, hi
}

// cross returns the cross product (b−a)×(c−a) of triangle f of m, whose
// length is twice the triangle's area and whose direction is its normal.
func cross(m *Mesh, f [3]int32) [3]float64 {
	a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
	u := [3]float64{b[0] - a[0], b[1] - a[1], b[2] - a[2]}
	v := [3]float64{c[0] - a[0], c[1] - a[1], c[2] - a[2]}
	return [3]float64{u[1]*v[2] - u[2]*v[1], u[2]*v[0] - u[0]*v[2], u[0]*v[1] - u[1]*v[0]}
}

func norm(p [3]float64) float64 { return math.Sqrt(p[0]*p[0] + p[1]*p[1] + p[2]*p[2]) }

// faceNormal returns the unit normal of face i, or zero if it is
// degenerate.
func faceNormal(m *Mesh, i int) [3]float64 {
	n := cross(m, m.F[i])
	l := norm(n)
	if l == 0 {
		return [3]float64{}
	}
	return [3]float64{n[0] / l, n[1] / l, n[2] / l}
}

// FaceNormals stores the unit outward normal of every face of m in dst,
// grown if needed, and returns it. Degenerate faces get a zero normal.
func FaceNormals(dst [][3]float64, m *Mesh) [][3]float64 {
	if cap(dst) < len(m.F) {
		dst = make([][3]float64, len(m.F))
	}
	dst = dst[:len(m.F)]
	for i := range m.F {
		dst[i] = faceNormal(m, i)
	}
	return dst
}

// Area returns the total surface area of m.
func Area(m *Mesh) float64 {
	var s float64
	for _, f := range m.F {
		s += norm(cross(m, f))
	}
	return s / 2
}

// SignedVolume returns the volume m encloses, by the divergence theorem:
// positive when m is closed and its faces are oriented outward, negative
// when they are oriented inward. For an open mesh the number depends on
// the position of the origin.
func SignedVolume(m *Mesh) float64 {
	var s float64
	for _, f := range m.F {
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		s += a[0]*(b[1]*c[2]-b[2]*c[1]) - a[1]*(b[0]*c[2]-b[2]*c[0]) + a[2]*(b[0]*c[1]-b[1]*c[0])
	}
	return s / 6
}

// Closed reports whether every edge of m is shared by exactly two faces,
// traversed in opposite directions: m is watertight and consistently
// oriented, so that the ray-parity sign test is valid for it.
func Closed(m *Mesh) bool {
	// Each directed edge a→b must appear once, and b→a once too.
	edges := make(map[[2]int32]int8, 3*len(m.F)/2)
	for _, f := range m.F {
		for j := range 3 {
			e := [2]int32{f[j], f[(j+1)%3]}
			if edges[e]++; edges[e] > 1 {
				return false
			}
		}
	}
	for e := range edges {
		if edges[[2]int32{e[1], e[0]}] != 1 {
			return false
		}
	}
	return len(m.F) > 0
}
