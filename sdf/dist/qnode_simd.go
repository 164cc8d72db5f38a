//go:build goexperiment.simd && amd64

package dist

import "simd/archsimd"

// useSIMD is whether the CPU has AVX2, which childDist2 needs for its four
// float64 lanes.
var useSIMD = archsimd.X86.AVX2()

// childDist2 sets d[c] to the squared distance from p to the box of n's
// child c and returns the children nearer than best2 as bits, for the
// four children at once in AVX2 lanes: the same float64 operations in the
// same order as childDist2Scalar, so the same results.
func (n *qnode) childDist2(p *[3]float64, best2 float64, d *[width]float64) uint8 {
	if !useSIMD {
		return n.childDist2Scalar(p, best2, d)
	}
	zero := archsimd.BroadcastFloat64x4(0)
	var s archsimd.Float64x4
	for k := range 3 {
		pk := archsimd.BroadcastFloat64x4(p[k])
		lo := archsimd.LoadFloat32x4(&n.lo[k]).ConvertToFloat64()
		hi := archsimd.LoadFloat32x4(&n.hi[k]).ConvertToFloat64()
		e := lo.Sub(pk).Max(pk.Sub(hi)).Max(zero)
		if k == 0 {
			s = e.Mul(e)
		} else {
			s = s.Add(e.Mul(e))
		}
	}
	s.Store(d)
	return s.Less(archsimd.BroadcastFloat64x4(best2)).ToBits()
}
