package nn

// Helpers shared by the amd64 kernels: the assembly one (gemm_asm_amd64.go)
// and the simd/archsimd ones (simd_amd64.go).

// tileFloats is the size of the stack buffer holding a packed copy of the
// small right-hand factor (16 KiB: half of a typical L1 data cache).
const tileFloats = 4096

// tileCols is the widest column chunk of the right-hand factor packed at once.
const tileCols = 64

// outerRows is how many rows of the operands MatMulTransA streams through
// the registers before adding them into c: a chunk of both operands (128 KiB
// at widths 64+64) then stays in L2 while every register block of c visits it
// (see docs/DECISIONS.md, "Product tiles: 256-row chunks for MatMulTransA,
// 512-row MLP tiles").
const outerRows = 256

// checkLens panics unless a, b and c hold at least na, nb and nc values.
func checkLens(op string, c, a, b []float32, na, nb, nc int) {
	switch {
	case len(a) < na:
		panic("nn: " + op + ": a is too short for the given shape")
	case len(b) < nb:
		panic("nn: " + op + ": b is too short for the given shape")
	case len(c) < nc:
		panic("nn: " + op + ": c is too short for the given shape")
	}
}

// elem returns B[p][q] of the logical P×Q factor B, stored row-major in b,
// or transposed (b = Bᵀ, Q×P) when trans is set.
func elem(b []float32, P, Q int, trans bool, p, q int) float32 {
	if trans {
		return b[q*P+p]
	}
	return b[p*Q+q]
}

// packRows copies B[p0:p0+np, q0:q0+nq] into t with row stride ldt, zeroing
// the padding columns nq..ldt of each row.
func packRows(t []float32, ldt int, b []float32, P, Q int, trans bool, p0, np, q0, nq int) {
	if !trans {
		for p := range np {
			row := t[p*ldt : (p+1)*ldt]
			copy(row, b[(p0+p)*Q+q0:(p0+p)*Q+q0+nq])
			clear(row[nq:])
		}
		return
	}
	// B[p][q] = b[q*P+p]: read b a row at a time, write t a column at a time.
	for p := range np {
		clear(t[p*ldt+nq : (p+1)*ldt])
	}
	for j := range nq {
		col := b[(q0+j)*P+p0 : (q0+j)*P+p0+np]
		for p, v := range col {
			t[p*ldt+j] = v
		}
	}
}

// roundUp returns x rounded up to a multiple of m.
func roundUp(x, m int) int { return (x + m - 1) / m * m }

// simdTileRows is the MLP tile for the SIMD and assembly kernels: larger
// than gonum's, since they never spawn goroutines; 512 rows did best on the
// 256²/128K training step with both (BenchmarkStepPhases256,
// BenchmarkTrainStep256; see docs/DECISIONS.md, "Product tiles: 256-row
// chunks for MatMulTransA, 512-row MLP tiles").
const simdTileRows = 512
