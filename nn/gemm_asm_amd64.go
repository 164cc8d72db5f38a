package nn

// The assembly products. The generated block kernels (gemm_kernels_amd64.go)
// keep an R×C block of c in vector registers while they sum over the inner
// dimension; the drivers below cut products into such blocks, padding the
// edges, and leave the shapes they do not fit (fewer than R/2 rows, some
// weight gradients, and in the SIMD build every output narrower than one
// vector) to a fallback. The drivers take the kernel family as a value, so
// the AVX2 family (4×16, eight YMM accumulators) and the AVX-512 one (8×32,
// sixteen ZMM accumulators) run the same code, and the tests of either
// exercise the other's logic.
//
// Why assembly beside the simd/archsimd kernels: archsimd's MulAdd lowers
// to VFMADD213PS, whose result replaces a multiplicand. A register-blocked
// loop then copies the shared broadcast before each pair of FMAs and moves
// all accumulators back at the end of each iteration. The kernels use
// VFMADD231PS, which accumulates in place, and run close to the FMA peak
// where every archsimd blocking tried stayed near half of it
// (BenchmarkGemmKernel, BenchmarkProducts; see docs/DECISIONS.md, "Matrix
// products: an assembly kernel rather than archsimd" and "Matrix products:
// an AVX-512 assembly twin of the AVX2 kernel"). They need no GOEXPERIMENT,
// so the default build gets them too.

// withAsm returns the kernels that run the family blk on the products it
// fits and base on the rest. With narrowToBase set, products with fewer
// output columns than one vector (the decoder's last layer) go to base too:
// the archsimd kernels' dot products suit them better than padded blocks,
// while gonum's are slower than the padding (BenchmarkProducts, 64x3 and
// 64x1).
func withAsm(blk asmBlock, base kernels, narrowToBase bool) kernels {
	lanes := blk.cols / 2
	narrow := func(cols int) bool { return cols < lanes && narrowToBase }
	return kernels{
		name: blk.name + "+" + base.name,
		tile: simdTileRows,
		matMul: func(c, a, b []float32, m, k, n int, acc bool) {
			if narrow(n) || m < blk.rows/2 || k == 0 {
				base.matMul(c, a, b, m, k, n, acc)
				return
			}
			checkLens("MatMul", c, a, b, m*k, k*n, m*n)
			asmAxpy(blk, c, a, b, m, k, n, false, acc)
		},
		matMulTransB: func(c, a, b []float32, m, n, k int, acc bool) {
			if narrow(k) || m < blk.rows/2 || n == 0 {
				base.matMulTransB(c, a, b, m, n, k, acc)
				return
			}
			checkLens("MatMulTransB", c, a, b, m*n, k*n, m*k)
			asmAxpy(blk, c, a, b, m, n, k, true, acc)
		},
		matMulTransA: func(c, a, b []float32, m, k, n int, acc bool) {
			switch {
			case m == 0 || k%(blk.rows/2) != 0 || narrow(n):
				base.matMulTransA(c, a, b, m, k, n, acc)
			case n%lanes == 0:
				checkLens("MatMulTransA", c, a, b, m*k, m*n, k*n)
				asmOuter(blk, c, a, b, m, k, n, acc)
			case n < lanes && k*lanes <= tileFloats:
				checkLens("MatMulTransA", c, a, b, m*k, m*n, k*n)
				asmOuterNarrow(blk, c, a, b, m, k, n, acc)
			default:
				base.matMulTransA(c, a, b, m, k, n, acc)
			}
		},
	}
}

// asmAxpy computes c (+)= a·B for a m×P, c m×Q and B P×Q stored in b
// (transposed when trans), packing B a tile at a time with its rows padded
// to whole vectors. (Reading B in place when its rows are whole blocks
// measured no faster with the AVX2 family: the packed tile is hot in L1.)
func asmAxpy(blk asmBlock, c, a, b []float32, m, P, Q int, trans, acc bool) {
	var tile [tileFloats]float32
	for q0 := 0; q0 < Q; q0 += tileCols {
		nq := min(tileCols, Q-q0)
		ldt := roundUp(nq, blk.cols/2)
		for p0 := 0; p0 < P; p0 += tileFloats / ldt {
			np := min(tileFloats/ldt, P-p0)
			t := tile[:np*ldt]
			packRows(t, ldt, b, P, Q, trans, p0, np, q0, nq)
			axpyBlocks(blk, c, Q, a, P, t, ldt, m, p0, np, q0, nq, acc || p0 > 0)
		}
	}
}

// axpyBlocks sets (or, when add, adds to) c[i*ldc+q0+j], i < m, j < nq, the
// sum over p < np of a[i*lda+p0+p]·t[p*ldt+j], where the rows of t are
// zero-padded to ldt, a multiple of one vector (blk.cols/2). Rows go in
// full blocks, then at most one half-height block; the last fewer than
// blk.rows/2 are summed in Go. Columns go in full blocks, then one of full
// or half width, through a buffer when it sticks out of c.
func axpyBlocks(blk asmBlock, c []float32, ldc int, a []float32, lda int, t []float32, ldt, m, p0, np, q0, nq int, add bool) {
	var edge [maxBlockRows * maxBlockCols]float32
	i := 0
	for rows := blk.rows; rows >= blk.rows/2; rows /= 2 {
		for ; i+rows <= m; i += rows {
			ai := &a[i*lda+p0]
			for j := 0; j < nq; {
				cols := blk.cols
				if nq-j <= blk.cols/2 {
					cols = blk.cols / 2
				}
				if j+cols <= nq {
					blk.gemm(rows, cols, ai, lda, 1, &t[j], ldt, np, &c[i*ldc+q0+j], ldc, add)
				} else {
					blk.gemm(rows, cols, ai, lda, 1, &t[j], ldt, np, &edge[0], cols, false)
					for r := range rows {
						ci := c[(i+r)*ldc+q0+j : (i+r)*ldc+q0+nq]
						putRow(ci, edge[r*cols:], add)
					}
				}
				j += cols
			}
		}
	}
	for ; i < m; i++ {
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
// multiple of blk.rows/2 and n of blk.cols/2: each block of c sums
// outerRows rows of the operands at a time, so that a chunk of both stays
// in cache while every block visits it. The last rows and columns of c
// take a half-height or half-width block when a full one does not fit.
func asmOuter(blk asmBlock, c, a, b []float32, m, k, n int, acc bool) {
	if !acc {
		clear(c[:k*n])
	}
	for i0 := 0; i0 < m; i0 += outerRows {
		rows := min(outerRows, m-i0)
		for r := 0; r < k; {
			h := min(blk.rows, k-r)
			for j := 0; j < n; {
				w := min(blk.cols, n-j)
				blk.gemm(h, w, &a[i0*k+r], 1, k, &b[i0*n+j], n, rows, &c[r*n+j], n, true)
				j += w
			}
			r += h
		}
	}
}

// asmOuterNarrow is asmOuter for n < blk.cols/2 and k·blk.cols/2 ≤
// tileFloats: chunks of b are copied into zero-padded rows of one vector
// and c is summed in a padded copy, added into c at the end.
func asmOuterNarrow(blk asmBlock, c, a, b []float32, m, k, n int, acc bool) {
	lanes := blk.cols / 2
	var bt, ct [tileFloats]float32
	cp := ct[:k*lanes]
	for i0 := 0; i0 < m; i0 += outerRows {
		rows := min(outerRows, m-i0)
		for i := range rows {
			copy(bt[i*lanes:i*lanes+n], b[(i0+i)*n:(i0+i+1)*n])
		}
		for r := 0; r < k; {
			h := min(blk.rows, k-r)
			blk.gemm(h, lanes, &a[i0*k+r], 1, k, &bt[0], lanes, rows, &cp[r*lanes], lanes, i0 > 0)
			r += h
		}
	}
	for r := range k {
		putRow(c[r*n:(r+1)*n], cp[r*lanes:], acc)
	}
}
