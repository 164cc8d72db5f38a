//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

//go:generate go test -run TestAVX512Generated -update-avx512

// This file is the template of simd_avx512_amd64.go, which is generated from
// it by renaming (see TestAVX512Generated): keep every width-specific name
// spelled with the Avx2 / Float32x8 / lanesAvx2 pattern.

// lanesAvx2 is the number of float32 lanes in one AVX2 vector.
const lanesAvx2 = 8

// avx2 is the AVX2 implementation of the products.
var avx2 = kernels{
	name:         "avx2",
	tile:         simdTileRows,
	matMul:       matMulAvx2,
	matMulTransB: matMulTransBAvx2,
	matMulTransA: matMulTransAAvx2,
}

// matMulAvx2 computes c (+)= a·b with a m×k, b k×n, c m×n.
func matMulAvx2(c, a, b []float32, m, k, n int, acc bool) {
	checkLens("MatMul", c, a, b, m*k, k*n, m*n)
	if n < lanesAvx2 && k >= lanesAvx2 {
		dotDriverAvx2(c, a, b, m, k, n, false, acc)
	} else {
		axpyDriverAvx2(c, a, b, m, k, n, false, acc)
	}
	archsimd.ClearAVXUpperBits()
}

// matMulTransBAvx2 computes c (+)= a·bᵀ with a m×n, b k×n, c m×k.
func matMulTransBAvx2(c, a, b []float32, m, n, k int, acc bool) {
	checkLens("MatMulTransB", c, a, b, m*n, k*n, m*k)
	if k < lanesAvx2 && n >= lanesAvx2 {
		dotDriverAvx2(c, a, b, m, n, k, true, acc)
	} else {
		axpyDriverAvx2(c, a, b, m, n, k, true, acc)
	}
	archsimd.ClearAVXUpperBits()
}

// matMulTransAAvx2 computes c (+)= aᵀ·b with a m×k, b m×n, c k×n.
func matMulTransAAvx2(c, a, b []float32, m, k, n int, acc bool) {
	checkLens("MatMulTransA", c, a, b, m*k, m*n, k*n)
	if !acc {
		clear(c[:k*n])
	}
	if n >= lanesAvx2 || n >= k {
		outerDriverAvx2(c, a, k, b, n, m, false)
	} else {
		// Vectors along k instead of the narrow n: accumulate cᵀ = bᵀ·a.
		outerDriverAvx2(c, b, n, a, k, m, true)
	}
	archsimd.ClearAVXUpperBits()
}

// axpyDriverAvx2 computes c (+)= a·B for a m×P, c m×Q and B P×Q stored in b
// (transposed when trans), one packed tile of B at a time.
func axpyDriverAvx2(c, a, b []float32, m, P, Q int, trans, acc bool) {
	if m == 0 || Q == 0 {
		return
	}
	if P == 0 && !acc {
		clear(c[:m*Q])
	}
	if !trans && Q%lanesAvx2 == 0 {
		// Rows of b are whole vectors already: no copy needed.
		axpyAvx2(c, Q, a, P, b, Q, m, P, Q, acc)
		return
	}
	var tile [tileFloats]float32
	for q0 := 0; q0 < Q; q0 += tileCols {
		nq := min(tileCols, Q-q0)
		ldt := roundUp(nq, lanesAvx2)
		for p0 := 0; p0 < P; p0 += tileFloats / ldt {
			np := min(tileFloats/ldt, P-p0)
			t := tile[:np*ldt]
			packRows(t, ldt, b, P, Q, trans, p0, np, q0, nq)
			axpyAvx2(c[q0:], Q, a[p0:], P, t, ldt, m, np, nq, acc || p0 > 0)
		}
	}
}

// axpyAvx2 computes c[i,j] (+)= Σ_p a[i*lda+p]·t[p*ldt+j] for i < m, j < nq,
// p < np; the rows of t are zero-padded to a whole number of vectors.
func axpyAvx2(c []float32, ldc int, a []float32, lda int, t []float32, ldt, m, np, nq int, acc bool) {
	var out [8 * lanesAvx2]float32
	const w = lanesAvx2
	nv := (nq + w - 1) / w
	i := 0
	for ; i+4 <= m; i += 4 {
		a0 := a[i*lda : i*lda+np]
		a1 := a[(i+1)*lda : (i+1)*lda+np]
		a2 := a[(i+2)*lda : (i+2)*lda+np]
		a3 := a[(i+3)*lda : (i+3)*lda+np]
		v := 0
		for ; v+2 <= nv; v += 2 {
			if (v+2)*w <= nq {
				// Both vectors are whole: write c directly.
				axpy4x2Avx2(a0, a1, a2, a3, t[v*w:], ldt, c[i*ldc+v*w:], ldc, acc, nil)
				continue
			}
			axpy4x2Avx2(a0, a1, a2, a3, t[v*w:], ldt, nil, 0, false, &out)
			for r := range 4 {
				ci := c[(i+r)*ldc:]
				storeAvx2(ci, v*w, nq, out[2*r*w:], acc)
				storeAvx2(ci, v*w+w, nq, out[(2*r+1)*w:], acc)
			}
		}
		if v < nv {
			axpy4x1Avx2(a0, a1, a2, a3, t[v*w:], ldt, &out)
			for r := range 4 {
				storeAvx2(c[(i+r)*ldc:], v*w, nq, out[r*w:], acc)
			}
		}
	}
	for ; i < m; i++ {
		ci, ai := c[i*ldc:], a[i*lda:i*lda+np]
		for v := 0; v < nv; v++ {
			axpy1x1Avx2(ai, t[v*w:], ldt, &out)
			storeAvx2(ci, v*w, nq, out[:w], acc)
		}
	}
}

// axpy4x2Avx2 computes the products of four rows a0..a3 (of equal length np)
// with two vectors of columns of t (row stride ldt). It writes them (or adds
// them, when acc) to the first two vectors of four rows of c (row stride
// ldc) or, when c is nil, sets out to them: row 0's two vectors, then row
// 1's, and so on.
func axpy4x2Avx2(a0, a1, a2, a3, t []float32, ldt int, c []float32, ldc int, acc bool, out *[8 * lanesAvx2]float32) {
	const w = lanesAvx2
	a1 = a1[:len(a0)]
	a2 = a2[:len(a0)]
	a3 = a3[:len(a0)]
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float32x8
	p := 0
	// Two steps per iteration: the FMA result lands in the register of its
	// first operand, and unrolling lets the register allocator alternate
	// instead of copying the accumulators back every step.
	for ; p+2 <= len(a0); p += 2 {
		tp := t[p*ldt : p*ldt+2*w]
		b0 := archsimd.LoadFloat32x8Slice(tp)
		b1 := archsimd.LoadFloat32x8Slice(tp[w:])
		x := archsimd.BroadcastFloat32x8(a0[p])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(a1[p])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(a2[p])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(a3[p])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
		tp = t[(p+1)*ldt : (p+1)*ldt+2*w]
		b0 = archsimd.LoadFloat32x8Slice(tp)
		b1 = archsimd.LoadFloat32x8Slice(tp[w:])
		x = archsimd.BroadcastFloat32x8(a0[p+1])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(a1[p+1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(a2[p+1])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(a3[p+1])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	if p < len(a0) {
		tp := t[p*ldt : p*ldt+2*w]
		b0 := archsimd.LoadFloat32x8Slice(tp)
		b1 := archsimd.LoadFloat32x8Slice(tp[w:])
		x := archsimd.BroadcastFloat32x8(a0[p])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat32x8(a1[p])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat32x8(a2[p])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat32x8(a3[p])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	if c == nil {
		c00.StoreSlice(out[0*w:])
		c01.StoreSlice(out[1*w:])
		c10.StoreSlice(out[2*w:])
		c11.StoreSlice(out[3*w:])
		c20.StoreSlice(out[4*w:])
		c21.StoreSlice(out[5*w:])
		c30.StoreSlice(out[6*w:])
		c31.StoreSlice(out[7*w:])
		return
	}
	put2Avx2(c[:2*w], c00, c01, acc)
	put2Avx2(c[ldc:ldc+2*w], c10, c11, acc)
	put2Avx2(c[2*ldc:2*ldc+2*w], c20, c21, acc)
	put2Avx2(c[3*ldc:3*ldc+2*w], c30, c31, acc)
}

// put2Avx2 writes x and y to the two vectors of c, or adds them when acc.
func put2Avx2(c []float32, x, y archsimd.Float32x8, acc bool) {
	if acc {
		x = x.Add(archsimd.LoadFloat32x8Slice(c))
		y = y.Add(archsimd.LoadFloat32x8Slice(c[lanesAvx2:]))
	}
	x.StoreSlice(c)
	y.StoreSlice(c[lanesAvx2:])
}

// axpy4x1Avx2 is axpy4x2Avx2 for one vector of columns; out holds one vector
// per row.
func axpy4x1Avx2(a0, a1, a2, a3, t []float32, ldt int, out *[8 * lanesAvx2]float32) {
	const w = lanesAvx2
	a1 = a1[:len(a0)]
	a2 = a2[:len(a0)]
	a3 = a3[:len(a0)]
	var c0, c1, c2, c3 archsimd.Float32x8
	for p := range a0 {
		b0 := archsimd.LoadFloat32x8Slice(t[p*ldt : p*ldt+w])
		c0 = archsimd.BroadcastFloat32x8(a0[p]).MulAdd(b0, c0)
		c1 = archsimd.BroadcastFloat32x8(a1[p]).MulAdd(b0, c1)
		c2 = archsimd.BroadcastFloat32x8(a2[p]).MulAdd(b0, c2)
		c3 = archsimd.BroadcastFloat32x8(a3[p]).MulAdd(b0, c3)
	}
	c0.StoreSlice(out[0*w:])
	c1.StoreSlice(out[1*w:])
	c2.StoreSlice(out[2*w:])
	c3.StoreSlice(out[3*w:])
}

// axpy1x1Avx2 sets out[:lanes] to the product of the row a with one vector
// of columns of t (row stride ldt).
func axpy1x1Avx2(a, t []float32, ldt int, out *[8 * lanesAvx2]float32) {
	const w = lanesAvx2
	var c0 archsimd.Float32x8
	for p, ap := range a {
		b0 := archsimd.LoadFloat32x8Slice(t[p*ldt : p*ldt+w])
		c0 = archsimd.BroadcastFloat32x8(ap).MulAdd(b0, c0)
	}
	c0.StoreSlice(out[:w])
}

// storeAvx2 writes (or adds, when acc) the first lanes values of s to
// c[j:min(j+lanes, nq)].
func storeAvx2(c []float32, j, nq int, s []float32, acc bool) {
	x := archsimd.LoadFloat32x8Slice(s)
	if j+lanesAvx2 <= nq {
		d := c[j : j+lanesAvx2]
		if acc {
			x = x.Add(archsimd.LoadFloat32x8Slice(d))
		}
		x.StoreSlice(d)
		return
	}
	d := c[j:nq]
	if acc {
		x = x.Add(archsimd.LoadFloat32x8SlicePart(d))
	}
	x.StoreSlicePart(d)
}

// dotDriverAvx2 computes c (+)= a·B for a m×P, c m×Q and B P×Q stored in b
// (transposed when trans) for narrow Q: four columns of c at a time, each
// entry a dot product along P.
func dotDriverAvx2(c, a, b []float32, m, P, Q int, trans, acc bool) {
	var tile [tileFloats]float32
	const chunk = tileFloats / 4
	for q0 := 0; q0 < Q; q0 += 4 {
		nq := min(4, Q-q0)
		for p0 := 0; p0 < P; p0 += chunk {
			np := min(chunk, P-p0)
			ldt := roundUp(np, lanesAvx2)
			t := tile[:4*ldt]
			packCols(t, ldt, 4, b, P, Q, trans, p0, np, q0, nq)
			if Q == 1 && np == P {
				dotColAvx2(c, a, P, t, ldt, m, np, acc)
				continue
			}
			dotAvx2(c[q0:], Q, a[p0:], P, t, ldt, m, np, nq, acc || p0 > 0)
		}
	}
}

// dotAvx2 computes c[i,j] (+)= Σ_p a[i*lda+p]·t[j*ldt+p] for i < m, j < nq ≤ 4,
// p < np; t has four rows, zero-padded to ldt, a whole number of vectors.
func dotAvx2(c []float32, ldc int, a []float32, lda int, t []float32, ldt, m, np, nq int, acc bool) {
	t0 := t[:ldt]
	t1 := t[ldt : 2*ldt]
	t2 := t[2*ldt : 3*ldt]
	t3 := t[3*ldt : 4*ldt]
	full := np / lanesAvx2 * lanesAvx2
	var r [4]float32
	for i := range m {
		ai := a[i*lda : i*lda+np]
		var s0, s1, s2, s3 archsimd.Float32x8
		p := 0
		for ; p < full; p += lanesAvx2 {
			x := archsimd.LoadFloat32x8Slice(ai[p:])
			s0 = x.MulAdd(archsimd.LoadFloat32x8Slice(t0[p:]), s0)
			s1 = x.MulAdd(archsimd.LoadFloat32x8Slice(t1[p:]), s1)
			s2 = x.MulAdd(archsimd.LoadFloat32x8Slice(t2[p:]), s2)
			s3 = x.MulAdd(archsimd.LoadFloat32x8Slice(t3[p:]), s3)
		}
		if p < np {
			x := archsimd.LoadFloat32x8SlicePart(ai[p:])
			s0 = x.MulAdd(archsimd.LoadFloat32x8Slice(t0[p:]), s0)
			s1 = x.MulAdd(archsimd.LoadFloat32x8Slice(t1[p:]), s1)
			s2 = x.MulAdd(archsimd.LoadFloat32x8Slice(t2[p:]), s2)
			s3 = x.MulAdd(archsimd.LoadFloat32x8Slice(t3[p:]), s3)
		}
		hsum4Avx2(s0, s1, s2, s3).Store(&r)
		ci := c[i*ldc : i*ldc+nq]
		for j := range ci {
			if acc {
				ci[j] += r[j]
			} else {
				ci[j] = r[j]
			}
		}
	}
}

// dotColAvx2 computes c[i] (+)= Σ_p a[i*lda+p]·t[p] for i < m, p < np, the
// product with the first of the four rows of t (as packed for dotAvx2), four
// rows of a per horizontal sum.
func dotColAvx2(c, a []float32, lda int, t []float32, ldt, m, np int, acc bool) {
	full := np / lanesAvx2 * lanesAvx2
	t0 := t[:ldt]
	i := 0
	for ; i+4 <= m; i += 4 {
		a0 := a[i*lda : i*lda+np]
		a1 := a[(i+1)*lda : (i+1)*lda+np]
		a2 := a[(i+2)*lda : (i+2)*lda+np]
		a3 := a[(i+3)*lda : (i+3)*lda+np]
		var s0, s1, s2, s3 archsimd.Float32x8
		p := 0
		for ; p < full; p += lanesAvx2 {
			y := archsimd.LoadFloat32x8Slice(t0[p:])
			s0 = archsimd.LoadFloat32x8Slice(a0[p:]).MulAdd(y, s0)
			s1 = archsimd.LoadFloat32x8Slice(a1[p:]).MulAdd(y, s1)
			s2 = archsimd.LoadFloat32x8Slice(a2[p:]).MulAdd(y, s2)
			s3 = archsimd.LoadFloat32x8Slice(a3[p:]).MulAdd(y, s3)
		}
		if p < np {
			y := archsimd.LoadFloat32x8Slice(t0[p:])
			s0 = archsimd.LoadFloat32x8SlicePart(a0[p:]).MulAdd(y, s0)
			s1 = archsimd.LoadFloat32x8SlicePart(a1[p:]).MulAdd(y, s1)
			s2 = archsimd.LoadFloat32x8SlicePart(a2[p:]).MulAdd(y, s2)
			s3 = archsimd.LoadFloat32x8SlicePart(a3[p:]).MulAdd(y, s3)
		}
		r := hsum4Avx2(s0, s1, s2, s3)
		ci := c[i : i+4]
		if acc {
			r = r.Add(archsimd.LoadFloat32x4Slice(ci))
		}
		r.StoreSlice(ci)
	}
	if i < m {
		dotAvx2(c[i:], 1, a[i*lda:], lda, t, ldt, m-i, np, 1, acc)
	}
}

// outerDriverAvx2 adds Σ_i u[i,:]ᵀ·w[i,:] (du×dw, u m×du, w m×dw) into c,
// stored row-major, or transposed (dw×du) when trans.
func outerDriverAvx2(c, u []float32, du int, w []float32, dw, m int, trans bool) {
	const lw = lanesAvx2
	var out [8 * lanesAvx2]float32
	full := dw / lw
	nv := (dw + lw - 1) / lw
	for i0 := 0; i0 < m; i0 += outerRows {
		rows := min(outerRows, m-i0)
		ui := u[i0*du : (i0+rows)*du]
		wi := w[i0*dw : (i0+rows)*dw]
		r := 0
		for ; r+4 <= du; r += 4 {
			v := 0
			for ; v+2 <= full; v += 2 {
				outer4x2Avx2(ui[r:], du, wi[v*lw:], dw, rows, &out)
				for k := range 4 {
					flushAvx2(c, du, dw, r+k, v*lw, out[2*k*lw:], trans)
					flushAvx2(c, du, dw, r+k, v*lw+lw, out[(2*k+1)*lw:], trans)
				}
			}
			for ; v < nv; v++ {
				outer4x1Avx2(ui[r:], du, wi[v*lw:], dw, rows, min(lw, dw-v*lw), &out)
				for k := range 4 {
					flushAvx2(c, du, dw, r+k, v*lw, out[k*lw:], trans)
				}
			}
		}
		for ; r < du; r++ {
			v := 0
			for ; v+4 <= full; v += 4 {
				outer1x4Avx2(ui[r:], du, wi[v*lw:], dw, rows, &out)
				for k := range 4 {
					flushAvx2(c, du, dw, r, (v+k)*lw, out[k*lw:], trans)
				}
			}
			for ; v < nv; v++ {
				outer1x1Avx2(ui[r:], du, wi[v*lw:], dw, rows, min(lw, dw-v*lw), &out)
				flushAvx2(c, du, dw, r, v*lw, out[:lw], trans)
			}
		}
	}
}

// outer4x2Avx2 sets out to Σ_i u[i*du : i*du+4]ᵀ·w[i*dw : i*dw+2·lanes] over
// rows i < rows: four rows of two vectors each.
func outer4x2Avx2(u []float32, du int, w []float32, dw, rows int, out *[8 * lanesAvx2]float32) {
	const lw = lanesAvx2
	var d00, d01, d10, d11, d20, d21, d30, d31 archsimd.Float32x8
	i := 0
	// Unrolled twice for the register allocator, as in axpy4x2Avx2.
	for ; i+2 <= rows; i += 2 {
		ur := u[i*du : i*du+4]
		wr := w[i*dw : i*dw+2*lw]
		w0 := archsimd.LoadFloat32x8Slice(wr)
		w1 := archsimd.LoadFloat32x8Slice(wr[lw:])
		x := archsimd.BroadcastFloat32x8(ur[0])
		d00 = x.MulAdd(w0, d00)
		d01 = x.MulAdd(w1, d01)
		x = archsimd.BroadcastFloat32x8(ur[1])
		d10 = x.MulAdd(w0, d10)
		d11 = x.MulAdd(w1, d11)
		x = archsimd.BroadcastFloat32x8(ur[2])
		d20 = x.MulAdd(w0, d20)
		d21 = x.MulAdd(w1, d21)
		x = archsimd.BroadcastFloat32x8(ur[3])
		d30 = x.MulAdd(w0, d30)
		d31 = x.MulAdd(w1, d31)
		ur = u[(i+1)*du : (i+1)*du+4]
		wr = w[(i+1)*dw : (i+1)*dw+2*lw]
		w0 = archsimd.LoadFloat32x8Slice(wr)
		w1 = archsimd.LoadFloat32x8Slice(wr[lw:])
		x = archsimd.BroadcastFloat32x8(ur[0])
		d00 = x.MulAdd(w0, d00)
		d01 = x.MulAdd(w1, d01)
		x = archsimd.BroadcastFloat32x8(ur[1])
		d10 = x.MulAdd(w0, d10)
		d11 = x.MulAdd(w1, d11)
		x = archsimd.BroadcastFloat32x8(ur[2])
		d20 = x.MulAdd(w0, d20)
		d21 = x.MulAdd(w1, d21)
		x = archsimd.BroadcastFloat32x8(ur[3])
		d30 = x.MulAdd(w0, d30)
		d31 = x.MulAdd(w1, d31)
	}
	if i < rows {
		ur := u[i*du : i*du+4]
		wr := w[i*dw : i*dw+2*lw]
		w0 := archsimd.LoadFloat32x8Slice(wr)
		w1 := archsimd.LoadFloat32x8Slice(wr[lw:])
		x := archsimd.BroadcastFloat32x8(ur[0])
		d00 = x.MulAdd(w0, d00)
		d01 = x.MulAdd(w1, d01)
		x = archsimd.BroadcastFloat32x8(ur[1])
		d10 = x.MulAdd(w0, d10)
		d11 = x.MulAdd(w1, d11)
		x = archsimd.BroadcastFloat32x8(ur[2])
		d20 = x.MulAdd(w0, d20)
		d21 = x.MulAdd(w1, d21)
		x = archsimd.BroadcastFloat32x8(ur[3])
		d30 = x.MulAdd(w0, d30)
		d31 = x.MulAdd(w1, d31)
	}
	d00.StoreSlice(out[0*lw:])
	d01.StoreSlice(out[1*lw:])
	d10.StoreSlice(out[2*lw:])
	d11.StoreSlice(out[3*lw:])
	d20.StoreSlice(out[4*lw:])
	d21.StoreSlice(out[5*lw:])
	d30.StoreSlice(out[6*lw:])
	d31.StoreSlice(out[7*lw:])
}

// outer4x1Avx2 is outer4x2Avx2 for one vector of cols ≤ lanes columns of w;
// out holds one vector per row of u.
func outer4x1Avx2(u []float32, du int, w []float32, dw, rows, cols int, out *[8 * lanesAvx2]float32) {
	const lw = lanesAvx2
	var d0, d1, d2, d3 archsimd.Float32x8
	for i := range rows {
		ur := u[i*du : i*du+4]
		w0 := archsimd.LoadFloat32x8SlicePart(w[i*dw : i*dw+cols])
		d0 = archsimd.BroadcastFloat32x8(ur[0]).MulAdd(w0, d0)
		d1 = archsimd.BroadcastFloat32x8(ur[1]).MulAdd(w0, d1)
		d2 = archsimd.BroadcastFloat32x8(ur[2]).MulAdd(w0, d2)
		d3 = archsimd.BroadcastFloat32x8(ur[3]).MulAdd(w0, d3)
	}
	d0.StoreSlice(out[0*lw:])
	d1.StoreSlice(out[1*lw:])
	d2.StoreSlice(out[2*lw:])
	d3.StoreSlice(out[3*lw:])
}

// outer1x4Avx2 sets out to Σ_i u[i*du]·w[i*dw : i*dw+4·lanes] over rows
// i < rows: four independent sums, so that the latency of each fused
// multiply-add is hidden behind the other three.
func outer1x4Avx2(u []float32, du int, w []float32, dw, rows int, out *[8 * lanesAvx2]float32) {
	const lw = lanesAvx2
	var d0, d1, d2, d3 archsimd.Float32x8
	for i := range rows {
		wr := w[i*dw : i*dw+4*lw]
		x := archsimd.BroadcastFloat32x8(u[i*du])
		d0 = archsimd.LoadFloat32x8Slice(wr).MulAdd(x, d0)
		d1 = archsimd.LoadFloat32x8Slice(wr[lw:]).MulAdd(x, d1)
		d2 = archsimd.LoadFloat32x8Slice(wr[2*lw:]).MulAdd(x, d2)
		d3 = archsimd.LoadFloat32x8Slice(wr[3*lw:]).MulAdd(x, d3)
	}
	d0.StoreSlice(out[0*lw:])
	d1.StoreSlice(out[1*lw:])
	d2.StoreSlice(out[2*lw:])
	d3.StoreSlice(out[3*lw:])
}

// outer1x1Avx2 sets out[:lanes] to Σ_i u[i*du]·w[i*dw : i*dw+cols] over
// rows i < rows, cols ≤ lanes.
func outer1x1Avx2(u []float32, du int, w []float32, dw, rows, cols int, out *[8 * lanesAvx2]float32) {
	var d0 archsimd.Float32x8
	for i := range rows {
		w0 := archsimd.LoadFloat32x8SlicePart(w[i*dw : i*dw+cols])
		d0 = archsimd.BroadcastFloat32x8(u[i*du]).MulAdd(w0, d0)
	}
	d0.StoreSlice(out[:lanesAvx2])
}

// flushAvx2 adds s[:lanes], the sums for row r and columns j.. of the du×dw
// result, into c (row-major, or transposed when trans).
func flushAvx2(c []float32, du, dw, r, j int, s []float32, trans bool) {
	if !trans {
		storeAvx2(c[r*dw:(r+1)*dw], j, dw, s, true)
		return
	}
	for l := range min(lanesAvx2, dw-j) {
		c[(j+l)*du+r] += s[l]
	}
}
