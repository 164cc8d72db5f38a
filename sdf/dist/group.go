package dist

import (
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
)

// group holds up to four triangles of one leaf, prepared lane by lane for
// a cheap estimate of their squared distances to a point: the search then
// skips the exact computation (triangle.closest) for every triangle that
// is clearly no nearer than the best so far, four at a time in AVX2 lanes
// where SIMD is available.
//
// The estimate is the face's squared distance when the point projects
// inside the triangle and otherwise the least squared distance to the
// three edges (each a clamped projection), all from the two dot products
// d1 = (b−a)·(p−a) and d2 = (c−a)·(p−a) and precomputed constants.
type group struct {
	ax, ay, az    [4]float64 // vertex a
	e0x, e0y, e0z [4]float64 // b − a
	e1x, e1y, e1z [4]float64 // c − a
	a00, a01, a11 [4]float64 // (b−a)·(b−a), (b−a)·(c−a), (c−a)·(c−a)
	// inv00, inv11 and invBC are one over a00, a11 and |c−b|²; invDet is
	// one over a00·a11 − a01², the squared area vector.
	inv00, inv11, invBC, invDet [4]float64
	// l2 is the longest edge squared and kq = l2/(a00·a11 − a01²), which
	// grows as the triangle thins; both scale the error bound.
	l2, kq [4]float64
	// trust is 1, or 0 for a flat or nearly flat triangle, whose bounds
	// are then 0 and +∞ so that it is always measured exactly.
	trust [4]float64
	// nx, ny, nz is the area vector (b−a)×(c−a), for the side test.
	nx, ny, nz [4]float64
	// tri[l] is the position in Tree.tris of lane l's triangle, −1 for an
	// unused lane (which repeats lane 0's data).
	tri [4]int32
}

// sliver is the smallest squared area vector, relative to the fourth
// power of the longest edge, of a triangle whose estimate is trusted:
// below it the triangle is always measured exactly.
const sliver = 1e-10

// slackFactor scales the estimate's error bound: the rounding error of
// its formulas is a small multiple of 2⁻⁵³ times |p−a|² + l2, times
// |p−a|²·kq where the face coordinates divide by the squared area;
// 1e-12 leaves a margin of thousands (TestGroupEstimate measures it).
const slackFactor = 1e-12

// newGroups returns the groups of the triangles tris[begin:end], four to a
// group.
func newGroups(tris []triangle, begin, end int32) []group {
	var gs []group
	for g := begin; g < end; g += 4 {
		var grp group
		for l := range int32(4) {
			k := g + l
			if k >= end {
				grp.set(int(l), &tris[g], -1)
				continue
			}
			grp.set(int(l), &tris[k], k)
		}
		gs = append(gs, grp)
	}
	return gs
}

// set fills lane l with triangle t at position k of Tree.tris.
func (g *group) set(l int, t *triangle, k int32) {
	e0, e1 := vec3.Sub(t.b, t.a), vec3.Sub(t.c, t.a)
	g.ax[l], g.ay[l], g.az[l] = t.a[0], t.a[1], t.a[2]
	g.e0x[l], g.e0y[l], g.e0z[l] = e0[0], e0[1], e0[2]
	g.e1x[l], g.e1y[l], g.e1z[l] = e1[0], e1[1], e1[2]
	a00, a01, a11 := vec3.Dot(e0, e0), vec3.Dot(e0, e1), vec3.Dot(e1, e1)
	bc2 := a00 + a11 - 2*a01
	g.a00[l], g.a01[l], g.a11[l] = a00, a01, a11
	n := vec3.Cross(e0, e1)
	g.nx[l], g.ny[l], g.nz[l] = n[0], n[1], n[2]
	g.l2[l] = max(a00, a11, vec3.Dot(vec3.Sub(t.c, t.b), vec3.Sub(t.c, t.b)))
	g.tri[l] = k
	if det := a00*a11 - a01*a01; !t.flat && det > sliver*g.l2[l]*g.l2[l] {
		g.inv00[l], g.inv11[l], g.invBC[l], g.invDet[l] = 1/a00, 1/a11, 1/bc2, 1/det
		g.kq[l] = g.l2[l] / det
		g.trust[l] = 1
	}
}

// estimate returns bounds lo ≤ hi on the squared distance from p to lane
// l's triangle: its estimate minus and plus the bound on its error, or 0
// and +∞ for an untrusted lane. It is the portable version of what
// candidates computes for four lanes at once.
func (g *group) estimate(l int, p *[3]float64) (lo, hi float64) {
	apx, apy, apz := p[0]-g.ax[l], p[1]-g.ay[l], p[2]-g.az[l]
	ap2 := apx*apx + apy*apy + apz*apz
	d1 := g.e0x[l]*apx + g.e0y[l]*apy + g.e0z[l]*apz
	d2_ := g.e1x[l]*apx + g.e1y[l]*apy + g.e1z[l]*apz
	a00, a01, a11 := g.a00[l], g.a01[l], g.a11[l]
	// Edges ab, ac and bc: |p − x − t·e|² = |p − x|² + t·(t·|e|² − 2·(p−x)·e)
	// with t the clamped projection.
	t := clamp01(d1 * g.inv00[l])
	eab := ap2 + t*(t*a00-2*d1)
	t = clamp01(d2_ * g.inv11[l])
	eac := ap2 + t*(t*a11-2*d2_)
	u := (d2_ - a01) - (d1 - a00) // (p − b)·(c − b)
	bc2 := a00 + a11 - 2*a01
	t = clamp01(u * g.invBC[l])
	bp2 := ap2 - 2*d1 + a00
	ebc := bp2 + t*(t*bc2-2*u)
	e := eab
	if eac < e {
		e = eac
	}
	if ebc < e {
		e = ebc
	}
	// Face: the projection a + v·(b−a) + w·(c−a) solves the normal
	// equations, so |p − q|² = |p − a|² − (v·d1 + w·d2).
	v := (a11*d1 - a01*d2_) * g.invDet[l]
	w := (a00*d2_ - a01*d1) * g.invDet[l]
	if v >= 0 && w >= 0 && v+w <= 1 {
		e = ap2 - (v*d1 + w*d2_)
	}
	slack := slackFactor * (ap2 + g.l2[l]) * (2 + ap2*g.kq[l])
	if g.trust[l] == 0 {
		return 0, math.Inf(1)
	}
	return e - slack, e + slack
}

// clamp01 returns x clamped to [0, 1]; unlike the builtin min and max it
// need not order zeros or NaNs, which lets it compile to a few
// instructions.
func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// candidatesScalar sets lo[l] and hi[l] to lane l's bounds (estimate) and
// returns, as bits, the lanes whose triangle may be nearer to p than
// bound: those with lo[l] < bound.
func (g *group) candidatesScalar(p *[3]float64, bound float64, lo, hi *[4]float64) uint8 {
	var m uint8
	for l := range 4 {
		lo[l], hi[l] = g.estimate(l, p)
		if lo[l] < bound {
			m |= 1 << l
		}
	}
	return m
}

// sideFactor scales the error bound of the side test: n·(x − a), with n
// the rounded area vector, is within 13·2⁻⁵³·l2·|x − a|₁ of the exact
// value (n's components are within 10·2⁻⁵³·l2 of the exact ones, the dot
// product adds 3·2⁻⁵³·|n|∞·|x − a|₁, and |n|∞ ≤ l2); 1e-13 leaves a margin
// of about seven.
const sideFactor = 1e-13

// straddlesScalar returns, as bits, the lanes whose triangle's plane does
// not certainly have x and y strictly on the same side: the only ones a
// segment from x to y can cross.
func (g *group) straddlesScalar(x, y *[3]float64) uint8 {
	var m uint8
	for l := range 4 {
		if sx, sy := g.side(l, x), g.side(l, y); !(sx > 0 && sy > 0 || sx < 0 && sy < 0) {
			m |= 1 << l
		}
	}
	return m
}

// side returns +1 or −1 when x lies certainly on the front or the back of
// lane l's triangle's plane (n·(x − a) > 0 on the front), 0 when rounding
// leaves it in doubt.
func (g *group) side(l int, x *[3]float64) int {
	dx, dy, dz := x[0]-g.ax[l], x[1]-g.ay[l], x[2]-g.az[l]
	s := g.nx[l]*dx + g.ny[l]*dy + g.nz[l]*dz
	b := sideFactor * g.l2[l] * (math.Abs(dx) + math.Abs(dy) + math.Abs(dz))
	switch {
	case s > b:
		return 1
	case s < -b:
		return -1
	}
	return 0
}
