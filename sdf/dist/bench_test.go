package dist

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchPoints returns n uniform points of [−1, 1]³, interleaved.
func benchPoints(n int) []float32 {
	rng := rand.New(rand.NewPCG(21, 22))
	xyz := make([]float32, 3*n)
	for i := range xyz {
		xyz[i] = float32(2*rng.Float64() - 1)
	}
	return xyz
}

// BenchmarkBuild builds the tree of the Armadillo (52,000 faces).
func BenchmarkBuild(b *testing.B) {
	m := realMesh(b, "armadillo.off")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.F)*b.N)/b.Elapsed().Seconds(), "faces/s")
}

// BenchmarkSignedBatch measures signed-distance queries at uniform points
// of [−1, 1]³ around the normalised Armadillo, on 1 and 2 goroutines.
func BenchmarkSignedBatch(b *testing.B) {
	tree := mustNew(b, realMesh(b, "armadillo.off"), Options{})
	const n = 1 << 12
	xyz, dst := benchPoints(n), make([]float32, n)
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				tree.SignedBatch(dst, xyz, threads)
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkQuery splits a signed-distance query into its two parts, single
// threaded, on the same points as BenchmarkSignedBatch.
func BenchmarkQuery(b *testing.B) {
	tree := mustNew(b, realMesh(b, "armadillo.off"), Options{})
	const n = 1 << 12
	xyz := benchPoints(n)
	for name, q := range map[string]func(p [3]float64){
		"Unsigned": func(p [3]float64) { tree.Unsigned(p) },
		"Winding":  func(p [3]float64) { tree.Winding(p) },
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for i := range n {
					q(point(xyz, i))
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}
