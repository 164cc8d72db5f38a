package nn

import "golang.org/x/sys/cpu"

// The assembly product kernel. One routine, gemm4x16 (gemm_amd64.s), keeps a
// 4×16 block of c in eight AVX2 registers while it sums over the inner
// dimension; the drivers below cut products into such blocks, padding the
// edges, and leave the shapes it does not fit (fewer than 4 rows, some
// narrow weight gradients, and in the SIMD build every output narrower than
// 16 columns) to a fallback.
//
// Why assembly beside the simd/archsimd kernels: archsimd's MulAdd lowers
// to VFMADD213PS, whose result replaces a multiplicand. A register-blocked
// loop then copies the shared broadcast before each pair of FMAs and moves
// all accumulators back at the end of each iteration, and with AVX2's 16
// registers no blocking avoids it. gemm4x16 uses VFMADD231PS, which
// accumulates in place, and runs close to the FMA peak where every
// archsimd blocking tried stayed near half of it (BenchmarkGemmKernel,
// BenchmarkProducts; see docs/DECISIONS.md, "Matrix products: an assembly
// kernel rather than archsimd"). It needs no GOEXPERIMENT, so the default
// build gets it too.

// gemm4x16 sets (or, when acc, adds to) c[r*ldc+j], r < 4, j < 16, the sum
// over p < np of a[r*ais+p*aps]·t[p*ldt+j]. np must be at least 1, and every
// element named must lie inside its array.
//
//go:noescape
func gemm4x16(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

// Block shape of gemm4x16.
const asmRows, asmCols = 4, 16

// asmSupported reports whether the CPU and the OS run gemm4x16 (AVX2 and FMA).
var asmSupported = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// withAsm returns the kernels that run gemm4x16 on every product of at
// least 4 rows, except that products with fewer than 16 output columns (the
// decoder's last layer) are left to base when narrowToBase is set: the
// archsimd kernels' dot products suit them better than padded blocks, while
// gonum's are slower than the padding (BenchmarkProducts, 64x3 and 64x1).
func withAsm(base kernels, narrowToBase bool) kernels {
	narrow := func(cols int) bool { return cols < asmCols && narrowToBase }
	return kernels{
		name: "asm+" + base.name,
		tile: simdTileRows,
		matMul: func(c, a, b []float32, m, k, n int, acc bool) {
			if narrow(n) || m < asmRows || k == 0 {
				base.matMul(c, a, b, m, k, n, acc)
				return
			}
			checkLens("MatMul", c, a, b, m*k, k*n, m*n)
			asmAxpy(c, a, b, m, k, n, false, acc)
		},
		matMulTransB: func(c, a, b []float32, m, n, k int, acc bool) {
			if narrow(k) || m < asmRows || n == 0 {
				base.matMulTransB(c, a, b, m, n, k, acc)
				return
			}
			checkLens("MatMulTransB", c, a, b, m*n, k*n, m*k)
			asmAxpy(c, a, b, m, n, k, true, acc)
		},
		matMulTransA: func(c, a, b []float32, m, k, n int, acc bool) {
			switch {
			case m == 0 || k%asmRows != 0 || narrow(n):
				base.matMulTransA(c, a, b, m, k, n, acc)
			case n%asmCols == 0:
				checkLens("MatMulTransA", c, a, b, m*k, m*n, k*n)
				asmOuter(c, a, b, m, k, n, acc)
			case n < asmCols && k*asmCols <= tileFloats:
				checkLens("MatMulTransA", c, a, b, m*k, m*n, k*n)
				asmOuterNarrow(c, a, b, m, k, n, acc)
			default:
				base.matMulTransA(c, a, b, m, k, n, acc)
			}
		},
	}
}

// asmAxpy computes c (+)= a·B for a m×P, c m×Q and B P×Q stored in b
// (transposed when trans), packing B a tile at a time with its rows padded
// to whole blocks. (Reading B in place when its rows are whole blocks
// measured no faster: the packed tile is hot in L1.)
func asmAxpy(c, a, b []float32, m, P, Q int, trans, acc bool) {
	var tile [tileFloats]float32
	for q0 := 0; q0 < Q; q0 += tileCols {
		nq := min(tileCols, Q-q0)
		ldt := roundUp(nq, asmCols)
		for p0 := 0; p0 < P; p0 += tileFloats / ldt {
			np := min(tileFloats/ldt, P-p0)
			t := tile[:np*ldt]
			packRows(t, ldt, b, P, Q, trans, p0, np, q0, nq)
			axpyBlocks(c, Q, a, P, t, ldt, m, p0, np, q0, nq, acc || p0 > 0)
		}
	}
}

// axpyBlocks sets (or, when add, adds to) c[i*ldc+q0+j], i < m, j < nq, the
// sum over p < np of a[i*lda+p0+p]·t[p*ldt+j], where the rows of t are
// zero-padded to ldt, a multiple of 16. Rows past the last multiple of 4
// are summed in Go.
func axpyBlocks(c []float32, ldc int, a []float32, lda int, t []float32, ldt, m, p0, np, q0, nq int, add bool) {
	var edge [asmRows * asmCols]float32
	m4 := m / asmRows * asmRows
	for i := 0; i < m4; i += asmRows {
		ai := &a[i*lda+p0]
		for j := 0; j < nq; j += asmCols {
			if j+asmCols <= nq {
				gemm4x16(ai, lda, 1, &t[j], ldt, np, &c[i*ldc+q0+j], ldc, add)
				continue
			}
			gemm4x16(ai, lda, 1, &t[j], ldt, np, &edge[0], asmCols, false)
			for r := range asmRows {
				ci := c[(i+r)*ldc+q0+j : (i+r)*ldc+q0+nq]
				putRow(ci, edge[r*asmCols:], add)
			}
		}
	}
	for i := m4; i < m; i++ {
		ai := a[i*lda+p0 : i*lda+p0+np]
		ci := c[i*ldc+q0 : i*ldc+q0+nq]
		for j := range ci {
			s := float32(0)
			for p, v := range ai {
				s += v * t[p*ldt+j]
			}
			if add {
				ci[j] += s
			} else {
				ci[j] = s
			}
		}
	}
}

// putRow writes src[:len(dst)] to dst, or adds it when add.
func putRow(dst, src []float32, add bool) {
	src = src[:len(dst)]
	if add {
		for j, v := range src {
			dst[j] += v
		}
		return
	}
	copy(dst, src)
}

// asmOuter computes c (+)= aᵀ·b for a m×k, b m×n and c k×n, with k a
// multiple of 4 and n of 16: each 4×16 block of c sums outerRows rows of
// the operands at a time, so that a chunk of both stays in cache while
// every block visits it.
func asmOuter(c, a, b []float32, m, k, n int, acc bool) {
	if !acc {
		clear(c[:k*n])
	}
	for i0 := 0; i0 < m; i0 += outerRows {
		rows := min(outerRows, m-i0)
		for r := 0; r < k; r += asmRows {
			for j := 0; j < n; j += asmCols {
				gemm4x16(&a[i0*k+r], 1, k, &b[i0*n+j], n, rows, &c[r*n+j], n, true)
			}
		}
	}
}

// asmOuterNarrow is asmOuter for n < 16 and k·16 ≤ tileFloats: chunks of
// b are copied into zero-padded rows of 16 and c is summed in a padded
// copy, added into c at the end.
func asmOuterNarrow(c, a, b []float32, m, k, n int, acc bool) {
	var bt, ct [tileFloats]float32
	cp := ct[:k*asmCols]
	for i0 := 0; i0 < m; i0 += outerRows {
		rows := min(outerRows, m-i0)
		for i := range rows {
			copy(bt[i*asmCols:i*asmCols+n], b[(i0+i)*n:(i0+i+1)*n])
		}
		for r := 0; r < k; r += asmRows {
			gemm4x16(&a[i0*k+r], 1, k, &bt[0], asmCols, rows, &cp[r*asmCols], asmCols, i0 > 0)
		}
	}
	for r := range k {
		putRow(c[r*n:(r+1)*n], cp[r*asmCols:], acc)
	}
}
