//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

// The decoder's elementwise passes on float32 vectors: 8 lanes for CPUs with
// AVX2 and FMA (sincos_avx2_amd64.go), 16 for CPUs with AVX-512
// (sincos_avx512_amd64.go, generated from the former by renaming, like the
// products' simd_avx512_amd64.go). The centrepiece is a vector sincos:
//
//   - reduction: q = round(x·2/π), r = x − q·π/2 with π/2 split into two
//     float32 parts (Cody–Waite) subtracted by fused multiply-adds. The first
//     step is exact (q·pio2A is exact inside the FMA, and x − q·pio2A is a
//     multiple of 2⁻²⁴ below 2 in magnitude), so r carries one rounding,
//     ≤ 2⁻²⁵, plus q·(π/2 − pio2A − pio2B) ≤ 1.1e-9; a third part would
//     change nothing measurable in this range;
//   - polynomials: the Taylor series of Sincos (through r⁹ and r¹⁰) in float32
//     Horner form; for |r| ≤ 0.84 their truncation error is below 1e-8;
//   - quadrant: q mod 4 swaps and negates the two results with integer bit
//     operations, without branches.
//
// The reduction is valid for |x| < sincosSimdLimit = 1e6 (q < 2²⁰, where the
// float32 rounding of x·2/π still leaves |r| ≤ 0.84). A vector with any lane
// outside that range, NaN or ±Inf goes through the scalar Sincos lane by lane.
// Measured against math.Sincos (float64) on every float32 x with
// 1e-6 ≤ |x| < 1e6, the absolute error of both results is at most 7.3e-8
// (0.61 float32 ulps at 1); TestSincosSliceAccuracy checks 1e-7 on a dense
// sweep, the multiples of π/2 and random arguments.
const (
	sincosSimdLimit = 1e6
	twoOverPi32     = 0.63661977236758134308
	pio2A           = 1.57079637050628662109375   // float32(π/2), bits 0x3fc90fdb
	pio2B           = -4.37113882867379098139e-08 // float32(π/2 − pio2A), bits 0xb33bbd2e
	absMask32       = 0x7fffffff                  // clears a float32's sign bit
	signBitShift    = 30                          // moves bit 1 of the quadrant to the sign bit
)

func init() {
	switch {
	case archsimd.X86.AVX512():
		ew = avx512Elem
	case archsimd.X86.AVX2() && archsimd.X86.FMA():
		ew = avx2Elem
	}
}

// roundAvx2 and roundAvx512 round every lane to the nearest integer, ties
// to even (archsimd names the operation differently at the two widths).
func roundAvx2(x archsimd.Float32x8) archsimd.Float32x8 { return x.RoundToEven() }

func roundAvx512(x archsimd.Float32x16) archsimd.Float32x16 { return x.RoundToEvenScaled(0) }
