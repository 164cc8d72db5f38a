package nn

import (
	"math/rand/v2"
	"testing"
)

func init() {
	if asmSupported {
		testKernels = append(testKernels, withAsm(portable, false))
	}
}

// BenchmarkGemmKernel times gemm4x16 alone on one core, as the 64×64 layer
// uses it: a 512-row tile of a (512×64) against a 64×64 factor, every 4×16
// block of the 512×64 result summed over 64 steps. It reports GFLOP/s, to
// compare with the core's FMA peak (docs/BENCHMARKS.md).
func BenchmarkGemmKernel(b *testing.B) {
	if !asmSupported {
		b.Skip("CPU lacks AVX2 or FMA")
	}
	const m, k, n = 512, 64, 64
	rng := rand.New(rand.NewPCG(7, 8))
	a, t, c := gemmRand(rng, m*k), gemmRand(rng, k*n), make([]float32, m*n)
	for b.Loop() {
		for i := 0; i < m; i += asmRows {
			for j := 0; j < n; j += asmCols {
				gemm4x16(&a[i*k], k, 1, &t[j], n, k, &c[i*n+j], n, false)
			}
		}
	}
	b.ReportMetric(2*m*k*n*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
