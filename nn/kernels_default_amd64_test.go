//go:build !goexperiment.simd

package nn

import "testing"

// TestDefaultKernels checks that the default build runs the widest assembly
// family the CPU supports (AVX-512, then AVX2 with FMA), and gonum
// otherwise.
func TestDefaultKernels(t *testing.T) {
	want := "gonum"
	switch {
	case asmAVX512.supported:
		want = "asm512+gonum"
	case asmAVX2.supported:
		want = "asm+gonum"
	}
	if got := Kernels(); got != want {
		t.Errorf("Kernels() = %q, want %q", got, want)
	}
}
