package dist

import "math"

// errFactor bounds the relative rounding error of orient2d and orient3d:
// their results are within errFactor times the sum of the absolute values
// of their products of the exact determinant. Shewchuk (1997) proves the
// bounds (3+16ε)ε and (7+56ε)ε with ε = 2⁻⁵³ (about 3.3e-16 and 7.8e-16)
// for exactly representable inputs; 1e-15 leaves a margin. (Inputs far
// below 1e-100 could underflow, which mesh coordinates never are.)
const errFactor = 1e-15

// orient3d returns det[a−d, b−d, c−d], positive when d lies below the
// plane through a, b and c (the side their counter-clockwise order, seen
// from above, points away from), and a bound on its rounding error: the
// sign is certain when |det| exceeds the bound.
func orient3d(a, b, c, d *[3]float64) (det, bound float64) {
	adx, ady, adz := a[0]-d[0], a[1]-d[1], a[2]-d[2]
	bdx, bdy, bdz := b[0]-d[0], b[1]-d[1], b[2]-d[2]
	cdx, cdy, cdz := c[0]-d[0], c[1]-d[1], c[2]-d[2]
	bc1, bc2 := bdx*cdy, cdx*bdy
	ca1, ca2 := cdx*ady, adx*cdy
	ab1, ab2 := adx*bdy, bdx*ady
	det = adz*(bc1-bc2) + bdz*(ca1-ca2) + cdz*(ab1-ab2)
	per := (math.Abs(bc1)+math.Abs(bc2))*math.Abs(adz) + (math.Abs(ca1)+math.Abs(ca2))*math.Abs(bdz) + (math.Abs(ab1)+math.Abs(ab2))*math.Abs(cdz)
	return det, errFactor * per
}

// orient2d returns (a−c)×(b−c) for points of the plane, positive when a,
// b, c turn counter-clockwise, and a bound on its rounding error.
func orient2d(au, av, bu, bv, cu, cv float64) (det, bound float64) {
	l := (au - cu) * (bv - cv)
	r := (av - cv) * (bu - cu)
	return l - r, errFactor * (math.Abs(l) + math.Abs(r))
}

// sign returns the sign of det, or 0 when |det| ≤ bound and so the sign
// is not certain.
func sign(det, bound float64) int {
	switch {
	case det > bound:
		return 1
	case det < -bound:
		return -1
	}
	return 0
}
