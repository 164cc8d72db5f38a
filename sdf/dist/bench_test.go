package dist

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/sdf/mesh"
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

// nearSurfacePoints returns n points of m's surface, area-weighted, each
// moved by Gaussian noise of deviation sigma per coordinate, interleaved:
// the near-surface part of the SDF training samples (docs/METHOD.md §3).
func nearSurfacePoints(m *mesh.Mesh, n int, sigma float64) []float32 {
	rng := rand.New(rand.NewPCG(23, 24))
	cum := make([]float64, len(m.F))
	var total float64
	for i, f := range m.F {
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		total += vec3.Norm(vec3.Cross(vec3.Sub(b, a), vec3.Sub(c, a)))
		cum[i] = total
	}
	xyz := make([]float32, 3*n)
	for i := range n {
		f := m.F[sort.SearchFloat64s(cum, rng.Float64()*total)]
		u, v := rng.Float64(), rng.Float64()
		if u+v > 1 {
			u, v = 1-u, 1-v
		}
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		p := vec3.Add(a, vec3.Add(vec3.Scale(u, vec3.Sub(b, a)), vec3.Scale(v, vec3.Sub(c, a))))
		for k := range 3 {
			xyz[3*i+k] = float32(p[k] + sigma*rng.NormFloat64())
		}
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

// benchBatch is the number of points of a batch in the benchmarks.
const benchBatch = 1 << 14

// BenchmarkSignedBatch measures signed-distance queries around the
// normalised Armadillo at uniform points of [−1, 1]³ and at near-surface
// points (surface plus N(0, 0.01²) per coordinate), on 1 and 2
// goroutines.
func BenchmarkSignedBatch(b *testing.B) {
	m := realMesh(b, "armadillo.off")
	tree := mustNew(b, m, Options{})
	dst := make([]float32, benchBatch)
	for _, set := range []struct {
		name string
		xyz  []float32
	}{
		{"uniform", benchPoints(benchBatch)},
		{"near", nearSurfacePoints(m, benchBatch, 0.01)},
	} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/threads=%d", set.name, threads), func(b *testing.B) {
				b.ReportAllocs()
				cpu := cpuSeconds()
				for b.Loop() {
					tree.SignedBatch(dst, set.xyz, threads)
				}
				reportRate(b, benchBatch*b.N, threads, cpuSeconds()-cpu)
			})
		}
	}
}

// BenchmarkQuery splits a signed-distance query into its two parts, single
// threaded and in the points' random order, at uniform points.
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
			cpu := cpuSeconds()
			for b.Loop() {
				for i := range n {
					q(point(xyz, i))
				}
			}
			reportRate(b, n*b.N, 1, cpuSeconds()-cpu)
		})
	}
}

// reportRate reports the queries per second of wall time, and, since the
// machine is shared and the wall time counts other programs' turns too,
// per second of CPU time shared by threads (the rate on an idle machine,
// if the threads had the cores to themselves).
func reportRate(b *testing.B, queries, threads int, cpu float64) {
	b.ReportMetric(float64(queries)/b.Elapsed().Seconds(), "samples/s")
	if cpu > 0 {
		b.ReportMetric(float64(queries)*float64(threads)/cpu, "samples/cpu-s")
	}
}
