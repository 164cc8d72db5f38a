//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

// The decoder's elementwise passes on 8-lane float32 vectors, for CPUs with
// AVX2 and FMA (AVX-512 CPUs run them too; no AVX-512 instruction is used).
// The centrepiece is a vector sincos:
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
	allLanes8       = 0xff                        // Mask32x8.ToBits with every lane set
	signBitShift    = 30                          // moves bit 1 of the quadrant to the sign bit
)

func init() {
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		ew = avx2Elem
	}
}

// avx2Elem is the AVX2 implementation of the elementwise passes.
var avx2Elem = elementwise{
	name:      "avx2",
	sincos:    sincosAvx2,
	residual:  residualAvx2,
	biasReLU:  biasReLUAvx2,
	reluGrad:  reluGradAvx2,
	scaleGrad: scaleGradAvx2,
}

// sincosConsts holds the broadcast constants of sincos8, set up once per call
// of a slice routine instead of once per vector.
type sincosConsts struct {
	limit, twoOverPi, pa, pb archsimd.Float32x8
	s3, s5, s7, s9           archsimd.Float32x8
	one, c2, c4, c6, c8, c10 archsimd.Float32x8
	abs, i1, i2              archsimd.Int32x8
}

// newSincosConsts broadcasts the constants of sincos8.
func newSincosConsts() sincosConsts {
	b := archsimd.BroadcastFloat32x8
	return sincosConsts{
		limit: b(sincosSimdLimit), twoOverPi: b(twoOverPi32),
		pa: b(-pio2A), pb: b(-pio2B),
		s3: b(s3), s5: b(s5), s7: b(s7), s9: b(s9),
		one: b(1), c2: b(c2), c4: b(c4), c6: b(c6), c8: b(c8), c10: b(c10),
		abs: archsimd.BroadcastInt32x8(absMask32),
		i1:  archsimd.BroadcastInt32x8(1), i2: archsimd.BroadcastInt32x8(2),
	}
}

// inRange reports whether every lane of x is finite and below
// sincosSimdLimit in magnitude, so that sincos8 is accurate on it.
func (k *sincosConsts) inRange(x archsimd.Float32x8) bool {
	ax := x.AsInt32x8().And(k.abs).AsFloat32x8()
	return ax.Less(k.limit).ToBits() == allLanes8
}

// sincos8 returns the sines and cosines of the lanes of x, which must be in
// range (see inRange).
func (k *sincosConsts) sincos8(x archsimd.Float32x8) (sin, cos archsimd.Float32x8) {
	q := x.Mul(k.twoOverPi).RoundToEven()
	r := q.MulAdd(k.pa, x)
	r = q.MulAdd(k.pb, r)
	z := r.Mul(r)
	s := z.MulAdd(k.s9, k.s7).MulAdd(z, k.s5).MulAdd(z, k.s3).Mul(z).MulAdd(r, r)
	c := z.MulAdd(k.c10, k.c8).MulAdd(z, k.c6).MulAdd(z, k.c4).MulAdd(z, k.c2).MulAdd(z, k.one)
	// Quadrant n = q mod 4: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
	n := q.ConvertToInt32()
	odd := n.ShiftAllLeft(31).ShiftAllRight(31) // all ones where n is odd
	si, ci := s.AsInt32x8(), c.AsInt32x8()
	sinI := si.AndNot(odd).Or(ci.And(odd))
	cosI := ci.AndNot(odd).Or(si.And(odd))
	sinI = sinI.Xor(n.And(k.i2).ShiftAllLeft(signBitShift))
	cosI = cosI.Xor(n.Add(k.i1).And(k.i2).ShiftAllLeft(signBitShift))
	return sinI.AsFloat32x8(), cosI.AsFloat32x8()
}

// sincosAvx2 is SincosSlice on vectors of 8, with the scalar Sincos for the
// tail and for vectors holding an out-of-range argument.
func sincosAvx2(sin, cos, x []float32) {
	k := newSincosConsts()
	i := 0
	for ; i+8 <= len(x); i += 8 {
		v := archsimd.LoadFloat32x8Slice(x[i:])
		if !k.inRange(v) {
			sincosScalar(sin[i:i+8], cos[i:i+8], x[i:i+8])
			continue
		}
		s, c := k.sincos8(v)
		s.StoreSlice(sin[i:])
		c.StoreSlice(cos[i:])
	}
	sincosScalar(sin[i:], cos[i:], x[i:])
	archsimd.ClearAVXUpperBits()
}

// residualAvx2 is elementwise.residual on vectors of 8 columns; columns past
// the last whole vector, and vectors with an argument out of the range of
// sincos8, go through residualScalar.
func residualAvx2(pre, h1, b0, freqs []float32, rows int, deriv bool) {
	h := len(b0)
	hv := h &^ 7
	k := newSincosConsts()
	for r := range rows {
		p, o := pre[r*h:(r+1)*h], h1[r*h:(r+1)*h]
		for j := 0; j < hv; j += 8 {
			v := archsimd.LoadFloat32x8Slice(p[j:]).Add(archsimd.LoadFloat32x8Slice(b0[j:]))
			f := archsimd.LoadFloat32x8Slice(freqs[j:])
			x := v.Mul(f)
			if !k.inRange(x) {
				residualScalar(p[j:j+8], o[j:j+8], b0[j:j+8], freqs[j:j+8], 1, deriv)
				continue
			}
			s, c := k.sincos8(x)
			v.Add(s).StoreSlice(o[j:])
			if deriv {
				f.MulAdd(c, k.one).StoreSlice(p[j:])
			}
		}
		if hv < h {
			residualScalar(p[hv:], o[hv:], b0[hv:], freqs[hv:], 1, deriv)
		}
	}
	archsimd.ClearAVXUpperBits()
}

// biasReLUAvx2 is elementwise.biasReLU on vectors of 8 columns.
func biasReLUAvx2(x, b []float32, rows int) {
	h := len(b)
	hv := h &^ 7
	zero := archsimd.BroadcastFloat32x8(0)
	for r := range rows {
		row := x[r*h : (r+1)*h]
		for j := 0; j < hv; j += 8 {
			v := archsimd.LoadFloat32x8Slice(row[j:]).Add(archsimd.LoadFloat32x8Slice(b[j:]))
			v.Max(zero).StoreSlice(row[j:])
		}
		if hv < h {
			biasReLUScalar(row[hv:], b[hv:], 1)
		}
	}
	archsimd.ClearAVXUpperBits()
}

// reluGradAvx2 is elementwise.reluGrad on vectors of 8 columns. It walks
// each column block down the rows with its sum in a register, so the sums
// add in the same order, and round the same, as reluGradScalar's.
func reluGradAvx2(g, a, sum []float32, rows int) {
	h := len(sum)
	hv := h &^ 7
	zero := archsimd.BroadcastFloat32x8(0)
	for j := 0; j < hv; j += 8 {
		acc := zero
		for i := j; i < rows*h; i += h {
			gv := archsimd.LoadFloat32x8Slice(g[i:])
			dead := archsimd.LoadFloat32x8Slice(a[i:]).LessEqual(zero).ToInt32x8()
			gv = gv.AsInt32x8().AndNot(dead).AsFloat32x8()
			gv.StoreSlice(g[i:])
			acc = acc.Add(gv)
		}
		acc.StoreSlice(sum[j:])
	}
	archsimd.ClearAVXUpperBits()
	if hv < h {
		reluGradCols(g, a, sum, rows, hv)
	}
}

// scaleGradAvx2 is elementwise.scaleGrad on vectors of 8 columns, summing in
// the order of scaleGradScalar like reluGradAvx2.
func scaleGradAvx2(g, d, sum []float32, rows int) {
	h := len(sum)
	hv := h &^ 7
	for j := 0; j < hv; j += 8 {
		acc := archsimd.BroadcastFloat32x8(0)
		for i := j; i < rows*h; i += h {
			gv := archsimd.LoadFloat32x8Slice(g[i:]).Mul(archsimd.LoadFloat32x8Slice(d[i:]))
			gv.StoreSlice(g[i:])
			acc = acc.Add(gv)
		}
		acc.StoreSlice(sum[j:])
	}
	archsimd.ClearAVXUpperBits()
	if hv < h {
		scaleGradCols(g, d, sum, rows, hv)
	}
}
