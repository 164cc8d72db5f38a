package nn

import "math"

// Constants of the argument reduction: π/2 split into a 33-bit head, so that
// k·pio2Hi is exact for |k| < 2^20, and the next 53 bits.
const (
	twoOverPi   = 0.63661977236758134308
	pio2Hi      = 1.57079632673412561417e+00
	pio2Lo      = 6.07710050650619224932e-11
	sincosLimit = 1e6 // beyond this, fall back to math.Sincos
)

// Taylor coefficients of sin and cos on [-π/4, π/4]; the truncation error
// there is below 2e-9, far under float32 resolution.
const (
	s3, s5, s7, s9      = -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880
	c2, c4, c6, c8, c10 = -1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320, -1.0 / 3628800
)

// Sincos returns sin(x) and cos(x) to within a float32 rounding for
// |x| < 1e6 (larger, NaN and infinite arguments go through math.Sincos).
// It is faster than math.Sincos (BenchmarkSincos; see docs/DECISIONS.md,
// "Sincos: a float32-accurate sincos of our own"): the reduction by π/2 is
// done in float64 without the large-argument path, the polynomials are
// short, and the quadrant is applied without branches. The decoder and the
// MSC encoder evaluate millions of these per step.
func Sincos(x float32) (sin, cos float32) {
	xd := float64(x)
	if !(math.Abs(xd) < sincosLimit) {
		s, c := math.Sincos(xd)
		return float32(s), float32(c)
	}
	k := math.RoundToEven(xd * twoOverPi)
	r := (xd - k*pio2Hi) - k*pio2Lo
	z := r * r
	s := r + r*z*(s3+z*(s5+z*(s7+z*s9)))
	c := 1 + z*(c2+z*(c4+z*(c6+z*(c8+z*c10))))
	// Quadrant q = k mod 4: (sin, cos) = (s, c), (c, -s), (-s, -c), (-c, s).
	q := uint64(int64(k))
	swap := -(q & 1) // all ones when q is odd
	sb, cb := math.Float64bits(s), math.Float64bits(c)
	sinb := (sb &^ swap) | (cb & swap)
	cosb := (cb &^ swap) | (sb & swap)
	sinb ^= (q & 2) << 62
	cosb ^= ((q + 1) & 2) << 62
	return float32(math.Float64frombits(sinb)), float32(math.Float64frombits(cosb))
}
