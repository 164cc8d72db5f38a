package nn

import "golang.org/x/sys/cpu"

//go:generate go run ./internal/gemmgen

// The generated assembly block kernels: gemm_amd64.s (AVX2) and
// gemm512_amd64.s (AVX-512), both written by internal/gemmgen from one
// emitter. Each gemmRxC<ISA> sets (or, when acc, adds to) c[r*ldc+j],
// r < R, j < C, the sum over p < np of a[r*ais+p*aps]·t[p*ldt+j]. np must
// be at least 1, and every element named must lie inside its array.

//go:noescape
func gemm4x16AVX2(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm4x8AVX2(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm2x16AVX2(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm2x8AVX2(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm8x32AVX512(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm8x16AVX512(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm4x32AVX512(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

//go:noescape
func gemm4x16AVX512(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)

// fmaPeakAVX2 and fmaPeakAVX512 run n rounds of 12 independent
// VFMADD231PS on 8 or 16 lanes; BenchmarkFMAPeak times them to give the
// core's FMA peak that the kernels are measured against.
func fmaPeakAVX2(n int)
func fmaPeakAVX512(n int)

// asmBlock is one family of generated kernels: the full rows×cols block
// and its variants with half the columns, half the rows, or both, which
// the drivers (gemm_asm_amd64.go) use at the edges of a product. The
// drivers take the family as a value, so the AVX2 and AVX-512 products run
// the same Go code.
type asmBlock struct {
	name       string
	rows, cols int
	avx512     bool
	// supported reports whether the CPU and the OS run the family.
	supported bool
}

var (
	// asmAVX2 is the 4×16 family: AVX2 and FMA.
	asmAVX2 = asmBlock{name: "asm", rows: 4, cols: 16, supported: cpu.X86.HasAVX2 && cpu.X86.HasFMA}
	// asmAVX512 is the 8×32 family: AVX512F (ZMM registers, VPXORD).
	asmAVX512 = asmBlock{name: "asm512", rows: 8, cols: 32, avx512: true, supported: cpu.X86.HasAVX512F}
)

// asmBlocks lists the families the CPU runs, widest first.
func asmBlocks() []asmBlock {
	var bs []asmBlock
	for _, b := range []asmBlock{asmAVX512, asmAVX2} {
		if b.supported {
			bs = append(bs, b)
		}
	}
	return bs
}

// maxBlockRows and maxBlockCols bound the blocks of every family; the
// drivers size their edge buffers by them.
const maxBlockRows, maxBlockCols = 8, 32

// gemm runs the family's kernel of rows×cols, where rows is k.rows or
// k.rows/2 and cols is k.cols or k.cols/2.
func (k asmBlock) gemm(rows, cols int, a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool) {
	full, wide := rows == k.rows, cols == k.cols
	switch {
	case k.avx512 && full && wide:
		gemm8x32AVX512(a, ais, aps, t, ldt, np, c, ldc, acc)
	case k.avx512 && full:
		gemm8x16AVX512(a, ais, aps, t, ldt, np, c, ldc, acc)
	case k.avx512 && wide:
		gemm4x32AVX512(a, ais, aps, t, ldt, np, c, ldc, acc)
	case k.avx512:
		gemm4x16AVX512(a, ais, aps, t, ldt, np, c, ldc, acc)
	case full && wide:
		gemm4x16AVX2(a, ais, aps, t, ldt, np, c, ldc, acc)
	case full:
		gemm4x8AVX2(a, ais, aps, t, ldt, np, c, ldc, acc)
	case wide:
		gemm2x16AVX2(a, ais, aps, t, ldt, np, c, ldc, acc)
	default:
		gemm2x8AVX2(a, ais, aps, t, ldt, np, c, ldc, acc)
	}
}
