//go:build !goexperiment.simd

package nn

import "testing"

// TestDefaultKernels checks that the default build runs the assembly kernel
// when the CPU has AVX2 and FMA, and gonum otherwise.
func TestDefaultKernels(t *testing.T) {
	want := "gonum"
	if asmSupported {
		want = "asm+gonum"
	}
	if got := Kernels(); got != want {
		t.Errorf("Kernels() = %q, want %q", got, want)
	}
}
