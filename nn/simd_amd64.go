//go:build goexperiment.simd && amd64

package nn

import "simd/archsimd"

// The SIMD fast path. Built only with GOEXPERIMENT=simd on amd64, it replaces
// the gonum products at init with hand-blocked kernels written with
// simd/archsimd: AVX-512 (16 float32 lanes) when the CPU has it, else AVX2 with
// FMA (8 lanes), each behind the assembly kernels of the same width, which
// take the products with at least one vector of output columns that they fit
// (see gemm_asm_amd64.go for why). The
// AVX-512 file is generated from the AVX2 one (see simd_avx2_amd64.go), so
// both share one tested structure.
//
// The kernels are tuned for the decoder's tall-skinny products: m (the batch)
// in the thousands, k and n at most a few dozen. Each product becomes one of
// three register-blocked loops:
//
//   - axpy: c[i,:] += a[i,p]·B[p,:], a block of rows of a broadcast against
//     vectors of B, read in place when its rows are whole vectors and else
//     from a zero-padded copy kept on the stack (MatMul, and MatMulTransB
//     through a transposed copy); whole blocks are written straight to c;
//   - dot: c[i,j] = a[i,:]·Bᵀ[j,:] with vectors along the inner dimension and
//     a horizontal sum, for outputs narrower than one vector (the 64→3 layer;
//     a single output column sums four rows at once, the 64→1 layer);
//   - outer: the small k×n weight gradient accumulated in registers over a
//     chunk of rows (MatMulTransA); the few rows of a narrow gradient (the
//     64→3 and 64→1 layers) keep four independent sums each.

func init() {
	if ks := simdKernels(); len(ks) > 0 {
		kern = ks[0]
	}
}

// simdKernels returns the SIMD implementations this CPU can run, fastest first.
func simdKernels() []kernels {
	var ks []kernels
	// Each assembly family where it applies, the archsimd kernels of the
	// same width for the rest.
	if archsimd.X86.AVX512() {
		if asmAVX512.supported {
			ks = append(ks, withAsm(asmAVX512, avx512, true))
		}
		ks = append(ks, avx512)
	}
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		if asmAVX2.supported {
			ks = append(ks, withAsm(asmAVX2, avx2, true))
		}
		ks = append(ks, avx2)
	}
	return ks
}

// packCols copies the transpose of B[p0:p0+np, q0:q0+nq] into rows of t with
// stride ldt, zeroing the padding of each row and the rows nq..rows.
func packCols(t []float32, ldt, rows int, b []float32, P, Q int, trans bool, p0, np, q0, nq int) {
	for j := range rows {
		row := t[j*ldt : (j+1)*ldt]
		if j >= nq {
			clear(row)
			continue
		}
		for p := range np {
			row[p] = elem(b, P, Q, trans, p0+p, q0+j)
		}
		clear(row[np:])
	}
}

// hsum4Avx2 returns the horizontal sums of a, b, c and d as one vector.
func hsum4Avx2(a, b, c, d archsimd.Float32x8) archsimd.Float32x4 {
	// Per 128-bit half: [a01 a23 b01 b23], [c01 c23 d01 d23], then [a b c d].
	h := a.AddPairsGrouped(b).AddPairsGrouped(c.AddPairsGrouped(d))
	return h.GetLo().Add(h.GetHi())
}

// hsum4Avx512 returns the horizontal sums of a, b, c and d as one vector.
func hsum4Avx512(a, b, c, d archsimd.Float32x16) archsimd.Float32x4 {
	return hsum4Avx2(a.GetLo().Add(a.GetHi()), b.GetLo().Add(b.GetHi()),
		c.GetLo().Add(c.GetHi()), d.GetLo().Add(d.GetHi()))
}
