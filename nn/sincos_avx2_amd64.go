//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

//go:generate go test -run TestAVX512Generated -update-avx512

// This file is the template of sincos_avx512_amd64.go, which is generated
// from it by renaming (see TestAVX512Generated): keep every width-specific
// name spelled with the Avx2 / Float32x8 / Int32x8 / lanesAvx2 pattern. The
// method and constants are documented in sincos_simd_amd64.go.

// avx2Elem is the AVX2 implementation of the elementwise passes.
var avx2Elem = elementwise{
	name:      "avx2",
	sincos:    sincosAvx2,
	residual:  residualAvx2,
	biasReLU:  biasReLUAvx2,
	reluGrad:  reluGradAvx2,
	scaleGrad: scaleGradAvx2,
}

// sincosConstsAvx2 holds the broadcast constants of sincosVec, set up once per call
// of a slice routine instead of once per vector.
type sincosConstsAvx2 struct {
	limit, twoOverPi, pa, pb archsimd.Float32x8
	s3, s5, s7, s9           archsimd.Float32x8
	one, c2, c4, c6, c8, c10 archsimd.Float32x8
	abs, i1, i2              archsimd.Int32x8
}

// newSincosConstsAvx2 broadcasts the constants of sincosVec.
func newSincosConstsAvx2() sincosConstsAvx2 {
	b := archsimd.BroadcastFloat32x8
	return sincosConstsAvx2{
		limit: b(sincosSimdLimit), twoOverPi: b(twoOverPi32),
		pa: b(-pio2A), pb: b(-pio2B),
		s3: b(s3), s5: b(s5), s7: b(s7), s9: b(s9),
		one: b(1), c2: b(c2), c4: b(c4), c6: b(c6), c8: b(c8), c10: b(c10),
		abs: archsimd.BroadcastInt32x8(absMask32),
		i1:  archsimd.BroadcastInt32x8(1), i2: archsimd.BroadcastInt32x8(2),
	}
}

// inRange reports whether every lane of x is finite and below
// sincosSimdLimit in magnitude, so that sincosVec is accurate on it.
func (k *sincosConstsAvx2) inRange(x archsimd.Float32x8) bool {
	ax := x.AsInt32x8().And(k.abs).AsFloat32x8()
	return ax.Less(k.limit).ToBits() == 1<<lanesAvx2-1
}

// sincosVec returns the sines and cosines of the lanes of x, which must be in
// range (see inRange).
func (k *sincosConstsAvx2) sincosVec(x archsimd.Float32x8) (sin, cos archsimd.Float32x8) {
	q := roundAvx2(x.Mul(k.twoOverPi))
	r := q.MulAdd(k.pa, x)
	r = q.MulAdd(k.pb, r)
	z := r.Mul(r)
	s := z.MulAdd(k.s9, k.s7).MulAdd(z, k.s5).MulAdd(z, k.s3).Mul(z).MulAdd(r, r)
	c := z.MulAdd(k.c10, k.c8).MulAdd(z, k.c6).MulAdd(z, k.c4).MulAdd(z, k.c2).MulAdd(z, k.one)
	// Quadrant n = q mod 4: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
	n := q.ConvertToInt32()
	odd := n.ShiftAllLeft(31).ShiftAllRight(31) // all ones where n is odd
	si, ci := s.AsInt32x8(), c.AsInt32x8()
	// Swap s and c where n is odd: d holds their differing bits there. (No
	// AndNot: with Go 1.26, Int32x16.AndNot came out here as ^x & y, its
	// operands swapped as if it commuted, though right in a function of its
	// own; compare golang/go#81468 on Min and Max.)
	d := si.Xor(ci).And(odd)
	sinI, cosI := si.Xor(d), ci.Xor(d)
	sinI = sinI.Xor(n.And(k.i2).ShiftAllLeft(signBitShift))
	cosI = cosI.Xor(n.Add(k.i1).And(k.i2).ShiftAllLeft(signBitShift))
	return sinI.AsFloat32x8(), cosI.AsFloat32x8()
}

// sincosAvx2 is SincosSlice on vectors of lanesAvx2, with the scalar Sincos for the
// tail and for vectors holding an out-of-range argument.
func sincosAvx2(sin, cos, x []float32) {
	k := newSincosConstsAvx2()
	i := 0
	for ; i+lanesAvx2 <= len(x); i += lanesAvx2 {
		v := archsimd.LoadFloat32x8Slice(x[i:])
		if !k.inRange(v) {
			sincosScalar(sin[i:i+lanesAvx2], cos[i:i+lanesAvx2], x[i:i+lanesAvx2])
			continue
		}
		s, c := k.sincosVec(v)
		s.StoreSlice(sin[i:])
		c.StoreSlice(cos[i:])
	}
	sincosScalar(sin[i:], cos[i:], x[i:])
	archsimd.ClearAVXUpperBits()
}

// residualAvx2 is elementwise.residual on vectors of lanesAvx2 columns; columns past
// the last whole vector, and vectors with an argument out of the range of
// sincosVec, go through residualScalar.
func residualAvx2(pre, h1, b0, freqs []float32, rows int, deriv bool) {
	h := len(b0)
	hv := h &^ (lanesAvx2 - 1)
	k := newSincosConstsAvx2()
	for r := range rows {
		p, o := pre[r*h:(r+1)*h], h1[r*h:(r+1)*h]
		for j := 0; j < hv; j += lanesAvx2 {
			v := archsimd.LoadFloat32x8Slice(p[j:]).Add(archsimd.LoadFloat32x8Slice(b0[j:]))
			f := archsimd.LoadFloat32x8Slice(freqs[j:])
			x := v.Mul(f)
			if !k.inRange(x) {
				residualScalar(p[j:j+lanesAvx2], o[j:j+lanesAvx2], b0[j:j+lanesAvx2], freqs[j:j+lanesAvx2], 1, deriv)
				continue
			}
			s, c := k.sincosVec(x)
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

// biasReLUAvx2 is elementwise.biasReLU on vectors of lanesAvx2 columns.
func biasReLUAvx2(x, b []float32, rows int) {
	h := len(b)
	hv := h &^ (lanesAvx2 - 1)
	zero := archsimd.BroadcastFloat32x8(0)
	for r := range rows {
		row := x[r*h : (r+1)*h]
		for j := 0; j < hv; j += lanesAvx2 {
			v := archsimd.LoadFloat32x8Slice(row[j:]).Add(archsimd.LoadFloat32x8Slice(b[j:]))
			v.Max(zero).StoreSlice(row[j:])
		}
		if hv < h {
			biasReLUScalar(row[hv:], b[hv:], 1)
		}
	}
	archsimd.ClearAVXUpperBits()
}

// reluGradAvx2 is elementwise.reluGrad on vectors of lanesAvx2 columns. It walks
// each column block down the rows with its sum in a register, so the sums
// add in the same order, and round the same, as reluGradScalar's.
func reluGradAvx2(g, a, sum []float32, rows int) {
	h := len(sum)
	hv := h &^ (lanesAvx2 - 1)
	zero := archsimd.BroadcastFloat32x8(0)
	for j := 0; j < hv; j += lanesAvx2 {
		acc := zero
		for i := j; i < rows*h; i += h {
			gv := archsimd.LoadFloat32x8Slice(g[i:])
			dead := archsimd.LoadFloat32x8Slice(a[i:]).LessEqual(zero).ToInt32x8()
			gi := gv.AsInt32x8()
			gv = gi.Xor(gi.And(dead)).AsFloat32x8() // gi &^ dead (see sincosVec)
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

// scaleGradAvx2 is elementwise.scaleGrad on vectors of lanesAvx2 columns, summing in
// the order of scaleGradScalar like reluGradAvx2.
func scaleGradAvx2(g, d, sum []float32, rows int) {
	h := len(sum)
	hv := h &^ (lanesAvx2 - 1)
	for j := 0; j < hv; j += lanesAvx2 {
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
