//go:build !goexperiment.simd

package nn

// Without the simd experiment the products are gonum's, except where the
// assembly kernels apply (gemm_asm_amd64.go): the widest family the CPU
// runs, AVX-512 before AVX2.
func init() {
	if bs := asmBlocks(); len(bs) > 0 {
		kern = withAsm(bs[0], portable, false)
	}
}
