//go:build !goexperiment.simd

package nn

// Without the simd experiment the products are gonum's, except where the
// assembly kernel applies (gemm_asm_amd64.go) on a CPU with AVX2 and FMA.
func init() {
	if asmSupported {
		kern = withAsm(portable, false)
	}
}
