package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// The three dense products an MLP step needs. All matrices are row-major and
// contiguous. They dispatch through kern so that a faster implementation
// (SIMD, behind a build tag) can replace the portable gonum one at init.

// MatMul computes c = a·b, or c += a·b when acc is true;
// a is m×k, b is k×n and c is m×n. (Forward: Y = X·W.)
func MatMul(c, a, b []float32, m, k, n int, acc bool) { kern.matMul(c, a, b, m, k, n, acc) }

// MatMulTransB computes c = a·bᵀ, or c += a·bᵀ when acc is true;
// a is m×n, b is k×n and c is m×k. (Input gradient: dX = dY·Wᵀ.)
func MatMulTransB(c, a, b []float32, m, n, k int, acc bool) { kern.matMulTransB(c, a, b, m, n, k, acc) }

// MatMulTransA computes c = aᵀ·b, or c += aᵀ·b when acc is true;
// a is m×k, b is m×n and c is k×n. (Weight gradient: dW += Xᵀ·dY.)
func MatMulTransA(c, a, b []float32, m, k, n int, acc bool) { kern.matMulTransA(c, a, b, m, k, n, acc) }

// kernels is the set of product implementations in use.
type kernels struct {
	name string
	// tile is how many samples an MLPWorker pushes through all three
	// layers at once (see MLPWorker): a tile's activations stay in L1/L2
	// between the products.
	tile         int
	matMul       func(c, a, b []float32, m, k, n int, acc bool)
	matMulTransB func(c, a, b []float32, m, n, k int, acc bool)
	matMulTransA func(c, a, b []float32, m, k, n int, acc bool)
}

// portable is the gonum float32 BLAS implementation; it runs everywhere, and
// it is the fallback of the assembly kernel (gemm_asm_amd64.go).
var portable = kernels{
	name: "gonum",
	// At 128 rows gonum's Sgemm runs serially: it spawns goroutines, and
	// allocates, from 4 blocks of 64 rows, so the trainer's goroutines stay
	// the only parallelism.
	tile: 128,
	matMul: func(c, a, b []float32, m, k, n int, acc bool) {
		gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, beta(acc), c, n)
	},
	matMulTransB: func(c, a, b []float32, m, n, k int, acc bool) {
		gonum.Implementation{}.Sgemm(blas.NoTrans, blas.Trans, m, k, n, 1, a, n, b, n, beta(acc), c, k)
	},
	matMulTransA: func(c, a, b []float32, m, k, n int, acc bool) {
		gonum.Implementation{}.Sgemm(blas.Trans, blas.NoTrans, k, n, m, 1, a, k, b, n, beta(acc), c, n)
	},
}

func beta(acc bool) float32 {
	if acc {
		return 1
	}
	return 0
}

// kern is the implementation in use; see Kernels.
var kern = portable

// Kernels names the matrix-product implementation in use ("gonum" or a SIMD one).
func Kernels() string { return kern.name }
